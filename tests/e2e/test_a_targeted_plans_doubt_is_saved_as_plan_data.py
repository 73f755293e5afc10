"""A `--target t1/edge` plan changing port 1's link while the manifest moves logger t1/vw from port 1
to port 3: its move left out, port 1's line says it may cut off the logger's readings. The doubt was
only the note's text, read back by pattern (fx333); the plan JSON (format 1.14) now carries it,
`loggers_in_doubt`, and applies. Saved at 1.13 (no such key) it applies as before, read from the text;
a 1.13 plan holding the key is refused as edited, nothing written."""

from __future__ import annotations

import json

from tests.e2e.awaiting_confirmation import applied_base, gateway_port
from tests.e2e.conftest import Workspace
from tests.e2e.test_a_targeted_port_setting_names_the_loggers_left_on_its_port import MOVED

DOUBT = "its move to port 3 is left out, the platform records it on port 1, and its cable may be on either"


def test_a_targeted_plans_doubt_is_saved_as_plan_data(workspace: Workspace) -> None:
    applied_base(workspace)
    (workspace.path / "moved.yaml").write_text(MOVED)
    planned = workspace.run("plan", "moved.yaml", "--target", "t1/edge", "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    plan = json.loads((workspace.path / "plan.json").read_text())
    assert plan["format_version"] == "1.18"
    setting = next(change for change in plan["changes"] if change["address"] == "t1/edge/port1.comm_type")
    assert setting["loggers_in_doubt"] == {"t1/vw": DOUBT}, setting
    holding = dict(plan, format_version="1.13")
    (workspace.path / "holding.json").write_text(json.dumps(holding))
    del setting["loggers_in_doubt"]
    del next(c for c in plan["changes"] if c["address"] == "t1/edge/port3.comm_type")["loggers_in_doubt"]
    (workspace.path / "older.json").write_text(json.dumps(dict(plan, format_version="1.13")))

    refused = workspace.run("apply", "holding.json")
    assert refused.exit_code == 1, refused.output
    assert "loggers_in_doubt" in refused.stderr, refused.stderr
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS485"
    applied = workspace.run("apply", "older.json")
    assert applied.exit_code == 0, applied.output
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS232"
