"""Two applies at once on one logger (fuzzer's concurrent-apply finding): this one creates pz-4 on
channel 8 while another writer moves pz-1, which holds history, onto channel 8 too. The other
writer's move is made by `moved_onto_8_meanwhile` at a chosen point of this apply's requests, so
the interleaving is the same on every run."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from iotplan.clients.jsonrpc_entities import EntityCalls
from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import rpc

NODE = "/fn/6C7D8E/node"
LOGGER = f"{NODE}/vwlogger/032433/device"
PZ_1 = f"{LOGGER}/pz-1/sensor"
PZ_4 = f"{LOGGER}/pz-4/sensor"


def site(*, pz_4: bool) -> str:
    fourth = "\n              - {key: pz-4, type: VW_PIEZOMETER, mux_index: 8}" if pz_4 else ""
    return f"""\
apiVersion: iotplan/v1
stack: cc
projects:
  - id: {PROJECT}
    nodes:
      - key: t1
        kind: thread
        id: {NODE}
        name: T1
        devices:
          - key: vw
            name: VW
            type: VW_LOGGER
            serial: "032433"
            port: 1
            sensors:
              - {{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}}
              - {{key: pz-2, type: VW_PIEZOMETER, mux_index: 2}}{fourth}
"""


def applied_with_history(workspace: Workspace) -> None:
    """The site without pz-4 applied, pz-1 given 10 observations."""
    (workspace.path / "base.yaml").write_text(site(pz_4=False))
    assert workspace.run("apply", "base.yaml", "--auto-approve").exit_code == 0
    workspace.api("POST", "/_sim/observations", json={"sensor_id": PZ_1, "count": 10})
    (workspace.path / "site.yaml").write_text(site(pz_4=True))


def moved_onto_8_meanwhile(workspace: Workspace, monkeypatch: pytest.MonkeyPatch, method: str) -> None:
    """pz-1 moved onto channel 8 by another writer right after this apply's first `method` request
    ("get_sensors": its read before it writes; "create_sensor": its write) is answered."""
    original = getattr(EntityCalls, method)
    done: list[bool] = []

    async def then_moved(self: EntityCalls, *args: Any, **kwargs: Any) -> Any:
        answer = await original(self, *args, **kwargs)
        if not done:
            done.append(True)
            # Its own event loop, as another process's: this apply's loop is running.
            other = threading.Thread(
                target=rpc, args=(workspace, "updateSensor", {"sensor": PZ_1, "props": {"MUX_INDEX": 8}})
            )
            other.start()
            other.join()
        return answer

    monkeypatch.setattr(EntityCalls, method, then_moved)


def channels(workspace: Workspace) -> dict[str, Any]:
    read = rpc(workspace, "getSensors", {"sensors": [PZ_1, PZ_4]})
    return {sensor["id"]: sensor["props"].get("MUX_INDEX") for sensor in read}


def stopped_before_the_write(workspace: Workspace) -> str:
    """This apply run, and stopped by its read before the write finding pz-1 on channel 8; what it
    said, on one line."""
    applied = workspace.run("apply", "site.yaml", "--auto-approve")
    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert (
        "t1/vw/pz-4 was to be created on mux_index 8, but a read just before the write shows t1/vw/pz-1 "
        f"({PZ_1}) on it now, where the plan read it on mux_index 1" in said
    ), said
    assert "nothing of t1 was written" in said
    return said
