"""A `--target t1/edge` plan changing port 1's link, its line noting it cuts off t1/vw's readings
(sure: "port 1 feeds t1/vw ..."). Saved, a doubt of t1/vw written into its `loggers_in_doubt` alone,
the note's text left sure. Applied on a platform that did not change, it was refused as "the platform
changed since the plan was made" (cr138): a note the data doubts and the fresh read names sure reads
as a logger moved since. The note's text and its own data disagreeing is the file's doing alone:
refused as edited, nothing written."""

from __future__ import annotations

import json

from tests.e2e.awaiting_confirmation import BASE, applied_base, gateway_port
from tests.e2e.conftest import Workspace

DOUBT = "its move to port 3 is left out, the platform records it on port 1, and its cable may be on either"


def test_a_sure_cut_off_given_a_doubt_in_its_data_alone_is_told_as_edited(workspace: Workspace) -> None:
    applied_base(workspace)
    (workspace.path / "cut.yaml").write_text(BASE.replace("comm_type: RS485", "comm_type: RS232"))
    planned = workspace.run("plan", "cut.yaml", "--target", "t1/edge", "--out", "plan.json")
    assert planned.exit_code == 0, planned.output
    plan = json.loads((workspace.path / "plan.json").read_text())
    setting = next(change for change in plan["changes"] if change["address"] == "t1/edge/port1.comm_type")
    assert "port 1 feeds t1/vw (0 observations): this cuts off its readings" in setting["reason"], setting
    assert "loggers_in_doubt" not in setting, setting
    setting["loggers_in_doubt"] = {"t1/vw": DOUBT}
    (workspace.path / "plan.json").write_text(json.dumps(plan))

    applied = workspace.run("apply", "plan.json")

    assert applied.exit_code == 1, applied.output
    assert "the platform changed" not in applied.stderr, applied.stderr
    assert "t1/edge/port1.comm_type" in applied.stderr, applied.stderr
    assert "the plan file was edited" in applied.stderr, applied.stderr
    assert gateway_port(workspace, "GET", 1)["COMM_TYPE"] == "RS485"
