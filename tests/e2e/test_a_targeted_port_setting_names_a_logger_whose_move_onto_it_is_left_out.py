"""`--target t1/edge` with port 1's link changed (`comm_type: RS232`) where the manifest moves THREAD
logger t1/vw from port 3, where the platform records it, onto port 1: its move is left out, so the
line named nobody (the logger "stands" on port 3), and apply changed port 1's link unannounced, while
`--exclude t1/vw` refused the same setting, its cable "may be on either" (cr129 F2). Port 1's line now
says it may cut off the logger's readings, and why; the plan saved so applies as reviewed."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE, gateway_port
from tests.e2e.conftest import Workspace

NOTE = (
    "port 1 may feed t1/vw (0 observations): this may cut off its readings, not the gateway: its move to "
    "port 1 is left out, the platform records it on port 3, and its cable may be on either"
)


def test_a_targeted_port_setting_names_a_logger_whose_move_onto_it_is_left_out(workspace: Workspace) -> None:
    (workspace.path / "base.yaml").write_text(BASE.replace("port: 1\n", "port: 3\n"))
    assert workspace.run("apply", "base.yaml", "--auto-approve").exit_code == 0
    (workspace.path / "moved.yaml").write_text(BASE.replace("comm_type: RS485", "comm_type: RS232"))

    planned = workspace.run("plan", "moved.yaml", "--target", "t1/edge", "--out", "plan.json")

    assert planned.exit_code == 0, planned.output
    port1 = next(line for line in planned.stdout.splitlines() if "port1.comm_type" in line)
    assert NOTE in port1, planned.stdout
    applied = workspace.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS232"
