"""A `--target t1/edge` plan changing port 1's link while the manifest moves logger t1/vw from port 1
to port 3: its move left out, port 1's line says it may cut off the logger's readings, "its move to
port 3 is left out, ...". Saved, its `loggers_in_doubt` edited in the file to say port 2, the note's
text left at port 3. Applied on a platform that did not change, it was refused as "the platform
changed since the plan was made" (cr138): the apply weighed the edited data against the fresh
note before asking whether the file was edited. A note's text and its own data disagreeing is the
file's doing alone: refused as edited, nothing written."""

from __future__ import annotations

import json

from tests.e2e.awaiting_confirmation import applied_base, gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.test_a_targeted_port_setting_names_the_loggers_left_on_its_port import MOVED


def test_a_saved_doubt_edited_in_its_data_alone_is_told_as_edited(workspace: Workspace) -> None:
    applied_base(workspace)
    (workspace.path / "moved.yaml").write_text(MOVED)
    planned = workspace.run("plan", "moved.yaml", "--target", "t1/edge", "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    plan = json.loads((workspace.path / "plan.json").read_text())
    setting = next(change for change in plan["changes"] if change["address"] == "t1/edge/port1.comm_type")
    doubt = setting["loggers_in_doubt"]["t1/vw"]
    assert "its move to port 3 is left out" in doubt and doubt in setting["reason"], setting
    setting["loggers_in_doubt"]["t1/vw"] = doubt.replace("port 3", "port 2")
    (workspace.path / "plan.json").write_text(json.dumps(plan))

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    assert "the platform changed" not in applied.stderr, applied.stderr
    assert "t1/edge/port1.comm_type" in applied.stderr, applied.stderr
    assert "the plan file was edited" in applied.stderr, applied.stderr
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS485"
