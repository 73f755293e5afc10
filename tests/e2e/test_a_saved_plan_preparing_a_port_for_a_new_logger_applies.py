"""A saved plan creating a logger on port 2 and setting port 2's link from RS-232 to RS-485 for it (a
replaced gateway's ports, fuzzer fz127): the line does not say it cuts off the new logger's readings,
which it has none of, and the plan applied unedited is held to a fresh read that agrees: written."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE, applied_base, gateway_port
from tests.e2e.conftest import Workspace

NEW_LOGGER = '\n          - {key: vw2, type: VW_LOGGER, serial: "032434", port: 2}'
PREPARED = BASE.replace("\n        edge:", f"{NEW_LOGGER}\n        edge:") + (
    "          port2: {comm_type: RS485}\n"
)


def test_a_saved_plan_preparing_a_port_for_a_new_logger_applies(workspace: Workspace) -> None:
    applied_base(workspace)
    assert gateway_port(workspace, "GET", 2)["COMM_TYPE"] == "RS232"  # as the box came
    (workspace.path / "prepared.yaml").write_text(PREPARED)
    planned = workspace.run("plan", "prepared.yaml", "--out", "plan.json")
    assert "t1/vw2" in planned.stdout, planned.output
    assert "t1/edge/port2.comm_type" in planned.stdout, planned.output
    assert "cuts off" not in planned.stdout, planned.output

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 0, applied.output
    assert gateway_port(workspace, "GET", 2)["COMM_TYPE"] == "RS485"
