"""A THREAD logger's zero date changed, planned while it held no history (so no
--allow-data-model-change was needed), is counted again just before its unit writes: history that
arrived since the plan read it (here, once the unit has read its node) refuses the unit as a saved
plan's change is refused, nothing of it written (apply/thread.py). The count is the one the read
the update makes anyway answers (`getDevices`): no request more than the plan's own count."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from iotplan.clients.jsonrpc import JsonRpcClient
from tests.e2e.conftest import Workspace
from tests.e2e.test_thread import IPI_LOGGER, SITE, rpc

SENT = JsonRpcClient.call
TILT2 = f"{IPI_LOGGER}/tilt2/sensor"
SAID = "update tunnel-thread/ipi-chain: it would change how 300 observations read, none when reviewed"


def history_after_the_node_read(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each JSON-RPC method the apply calls, in order; 300 observations reach tilt2 once the unit's
    node is read (another connection writes them: the apply's own waits meanwhile)."""
    called: list[str] = []

    async def call(self: JsonRpcClient, method: str, params: Any = None, **kwargs: Any) -> Any:
        answer = await SENT(self, method, params, **kwargs)
        called.append(method)
        if method == "getNodes" and called.count("getNodes") == 1:
            arriving = threading.Thread(target=record, args=(workspace, TILT2, 300))
            arriving.start()
            arriving.join()
        return answer

    monkeypatch.setattr(JsonRpcClient, "call", call)
    return called


def record(workspace: Workspace, sensor_id: str, count: int) -> None:
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor_id, "count": count})


def zero_date(workspace: Workspace) -> str:
    (logger,) = rpc(workspace, "getDevices", {"devices": [IPI_LOGGER]})
    return str(logger["props"]["ZERO_DATE"])


def test_history_arriving_before_a_thread_units_writes_refuses_its_zero_date_change(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", SITE, "--auto-approve").exit_code == 0
    workspace.edit(SITE, 'zero_date: "2026-03-01T00:00:00Z"', 'zero_date: "2026-04-01T00:00:00Z"')
    before = zero_date(workspace)
    called = history_after_the_node_read(workspace, monkeypatch)
    refused = workspace.run("apply", SITE, "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert SAID in refused.output
    assert "review a new plan" in refused.output
    assert zero_date(workspace) == before  # nothing written
    # The plan's count of the logger at 0 (commands/plan.py `_doubt_rest_zeros`), the unit's reads,
    # as an update makes them, then the verifying plan's (the logger holding tilt2's 300 now, its
    # other sensors' 0s counted through JSON-RPC, and the logger's own count held against REST's),
    # and no write.
    assert called == [
        *("getDevices", "getSensors"),
        *("getNodes", "getDevices"),
        *("getDevices", "getSensors", "getDevices"),
    ], refused.output
    monkeypatch.setattr(JsonRpcClient, "call", SENT)
    held = workspace.run("apply", SITE, "--auto-approve")  # planned again: the flag is asked for
    assert held.exit_code == 1 and "--allow-data-model-change" in held.output, held.output
