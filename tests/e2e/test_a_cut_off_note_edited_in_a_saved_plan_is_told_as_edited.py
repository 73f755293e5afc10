"""A saved plan changing port 1's link, its line noting the logger it cuts off, whose note was edited
in the file (the logger renamed) and applied on a platform that did not change: refused as the file's
edit, nothing written (cr105 F2: told as the platform changed, a logger put on the port since)."""

from __future__ import annotations

import json

from tests.e2e.awaiting_confirmation import BASE, applied_base, gateway_port
from tests.e2e.conftest import Workspace


def test_a_cut_off_note_edited_in_a_saved_plan_is_told_as_edited(workspace: Workspace) -> None:
    applied_base(workspace)
    (workspace.path / "cut.yaml").write_text(BASE.replace("comm_type: RS485", "comm_type: RS232"))
    assert workspace.run("plan", "cut.yaml", "--out", "plan.json").exit_code == 0
    plan = json.loads((workspace.path / "plan.json").read_text())
    setting = next(change for change in plan["changes"] if change["address"] == "t1/edge/port1.comm_type")
    assert "port 1 feeds t1/vw (0 observations)" in setting["reason"], setting
    setting["reason"] = setting["reason"].replace("t1/vw (", "t1/vw-old (")
    (workspace.path / "plan.json").write_text(json.dumps(plan))

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    assert "the platform changed" not in applied.stderr, applied.stderr
    # Its text no longer names what its loggers_cut_off does: refused as the plan file is read.
    assert "t1/edge/port1.comm_type: its note's text names its loggers otherwise" in applied.stderr
    assert "the plan file was edited or cut" in applied.stderr, applied.stderr
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS485"
