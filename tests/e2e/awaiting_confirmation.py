"""Another writer acting while `apply` waits at its prompt (fuzzer fz87): a THREAD site applied as
`BASE`, then `SHOWN` planned and shown, the other writer's change made, and `yes` typed. Nothing
that changed since the plan was shown is written over: the plan is read again once confirmed and
held to that read as a saved plan is (commands/apply.py `held_to_a_fresh_read`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
from click.testing import CliRunner, Result

from iotplan.cli.main import cli
from iotplan.sim import embedded_transport
from tests.e2e.conftest import PROJECT, Workspace
from tests.e2e.test_thread import rpc
from tests.e2e.test_thread_gateway_swapped import Operator

HOST = "127.0.0.1:8404"  # 6C7D8E's; in process, nothing is bound
NODE = "/fn/6C7D8E/node"
LOGGER = f"{NODE}/vwlogger/032433/device"
SECOND_LOGGER = f"{NODE}/vwlogger/032434/device"


def site(*, second_sensor: bool, second_logger: bool, baud_rate: int, rate: str = "0.001") -> str:
    sensor = "\n              - {key: pz-2, type: VW_PIEZOMETER, mux_index: 2}" if second_sensor else ""
    logger = '\n          - {key: vw2, type: VW_LOGGER, serial: "032434", port: 2}' if second_logger else ""
    return f"""\
apiVersion: iotplan/v1
stack: fz
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
            sampling_rate_max: {rate}
            sensors:
              - {{key: pz-1, type: VW_PIEZOMETER, mux_index: 1}}{sensor}{logger}
        edge:
          host: {HOST}
          port1: {{power: 12V, connected: true, comm_type: RS485, baud_rate: {baud_rate}}}
"""


BASE = site(second_sensor=False, second_logger=False, baud_rate=9600)
# A sensor on channel 2 and a logger on port 2 created, port 1's baud rate set to 19200.
SHOWN = site(second_sensor=True, second_logger=True, baud_rate=19200)


def applied_base(workspace: Workspace) -> set[str]:
    """`BASE` applied; the ids under the THREAD's node it leaves (`entity_ids`)."""
    (workspace.path / "base.yaml").write_text(BASE)
    applied = workspace.run("apply", "base.yaml", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    return entity_ids(workspace)


def apply_confirmed_after(
    workspace: Workspace, meanwhile: Callable[[], None], shown: str = SHOWN, *flags: str
) -> Result:
    """`apply` of `shown` (with `flags`), answered `yes` once `meanwhile` ran at its prompt."""
    (workspace.path / "shown.yaml").write_text(shown)
    operator = Operator(meanwhile)
    command = ["apply", "shown.yaml", *flags]
    applied = CliRunner().invoke(cli, command, input=operator, catch_exceptions=False)
    assert operator.meanwhile is None, applied.output  # the prompt was reached and answered
    return applied


def apply_confirmed_after_made(workspace: Workspace, method: str, params: dict[str, Any]) -> Result:
    """`apply_confirmed_after` the JSON-RPC `method` made an entity at its prompt, as another tool would."""
    return apply_confirmed_after(workspace, lambda: rpc(workspace, method, params))


def gateway_port(
    workspace: Workspace, method: str, port: int, body: dict[str, Any] | None = None, host: str = HOST
) -> Any:
    """A request to the THREAD's own API at `host`, as its web page would make it."""

    async def call() -> Any:
        async with httpx.AsyncClient(transport=transport, base_url=f"http://{host}") as http:
            response = await http.request(method, "/api/configure", params={"port": port}, json=body)
            assert response.status_code < 400, response.text
            return response.json()

    transport = embedded_transport(workspace.path / ".iotplan" / "sim.db")
    try:
        return asyncio.run(call())
    finally:
        transport.app.backend.store.close()  # type: ignore[attr-defined]


def entity_ids(workspace: Workspace) -> set[str]:
    """Every device and sensor id under the THREAD's node, as the platform lists them."""
    ids = set()
    for kind in ("devices", "sensors"):
        for entity in workspace.api(
            "GET", f"/api/{kind}/all", params={"projectIds": PROJECT, "pageSize": 1000}
        ):
            ids.add(entity["id"])
    return {each for each in ids if each.startswith(NODE)}


def refused_while_awaiting(applied: Result, said: str, again: str = "iotplan apply") -> None:
    """Refused after `yes` with exit 1, as one message: `said`, what changed at the prompt (which
    the plan shown above it names too), with no plan file nor `iotplan plan` in it, then the one next
    step, the same apply again (`again`)."""
    assert applied.exit_code == 1, applied.output
    _, refused, refusal = applied.stderr.partition("Error: ")
    assert refused, applied.output
    what, _, step = refusal.rstrip("\n").rpartition("\n")
    assert what.startswith(said), refusal
    assert "plan file" not in what and "iotplan plan" not in what, refusal
    assert step == f"Nothing was written: run {again} again to review the plan as it is now", refusal
