"""A saved plan whose fingerprint of an entity was edited, the platform untouched, is refused as what
iotplan can tell: the file was edited, or the platform changed a prop no part of the plan shows. Not as
"the platform changed since the plan was made", which blamed the platform for the file's edit."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_edited_fingerprint_is_said_to_be_the_file_s_or_an_unshown_prop_s(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Piezometer PZ-1", "name: Piezometer PZ-1b")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    plan = json.loads((workspace.path / "plan.json").read_text())
    [update] = [change for change in plan["changes"] if change["action"] == "update"]
    update["fingerprint"] = "0123456789abcdef"
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert (
        "the fingerprint the plan file holds for dam-a/logger-1/pz-1 does not match what the platform holds "
        "now, though every value the plan shows of it reads as it did: either the plan file was edited, or "
        "the platform changed since the plan was made in what the plan does not show"
    ) in refused.stderr
    assert "the platform changed since the plan was made (" not in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["props"]["NAME"] == "Piezometer PZ-1"
