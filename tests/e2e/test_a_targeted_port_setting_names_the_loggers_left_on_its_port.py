"""`--target t1/edge` with a manifest that moves THREAD logger t1/vw from port 1 to port 3 and
changes the link of both ports (`comm_type`): the logger's move is left out, so the platform still
records it on port 1, while its cable may be on port 3 already. Port 1's line said nothing of it (its
note asked the port the manifest declares, 3). Each line now names the loggers that may be on its port
after the selected writes, this one on both, saying its cable may be on either (as `--exclude t1/vw`
refuses both, cr129 F2); the plan saved so applies with the same selection, not refused as the
platform changed, and the logger's readings are cut off as reviewed."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE, applied_base, gateway_port
from tests.e2e.conftest import Workspace

MOVED = (
    BASE.replace("port: 1\n", "port: 3\n").replace("comm_type: RS485", "comm_type: RS232")
    + "          port3: {comm_type: RS485}\n"
)
NOTE = (
    "port {port} may feed t1/vw (0 observations): this may cut off its readings, not the gateway: its move "
    "to port 3 is left out, the platform records it on port 1, and its cable may be on either"
)


def test_a_targeted_port_setting_names_the_loggers_left_on_its_port(workspace: Workspace) -> None:
    applied_base(workspace)
    (workspace.path / "moved.yaml").write_text(MOVED)

    planned = workspace.run("plan", "moved.yaml", "--target", "t1/edge", "--out", "plan.json")

    assert planned.exit_code == 0, planned.output
    port1 = next(line for line in planned.stdout.splitlines() if "port1.comm_type" in line)
    port3 = next(line for line in planned.stdout.splitlines() if "port3.comm_type" in line)
    assert NOTE.format(port=1) in port1, planned.stdout
    assert NOTE.format(port=3) in port3, planned.stdout
    applied = workspace.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS232"
