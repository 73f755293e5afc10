"""A `--target t1/edge` plan changing port 1's link, saved, its line noting the logger it cuts off
(t1/vw, which the targeted plan holds no entry of), applied unedited on a platform that did not
change: the fresh read knows the logger on the gateway, so the note's name is no edit (fx333), and the
write is made."""

from __future__ import annotations

from tests.e2e.awaiting_confirmation import BASE, applied_base, gateway_port
from tests.e2e.conftest import Workspace


def test_a_targeted_saved_plan_cutting_off_a_logger_applies(workspace: Workspace) -> None:
    applied_base(workspace)
    (workspace.path / "cut.yaml").write_text(BASE.replace("comm_type: RS485", "comm_type: RS232"))
    planned = workspace.run("plan", "cut.yaml", "--target", "t1/edge/port1.comm_type", "--out", "plan.json")
    assert "port 1 feeds t1/vw (0 observations): this cuts off its readings" in planned.stdout, planned.output

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 0, applied.output
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS232"
