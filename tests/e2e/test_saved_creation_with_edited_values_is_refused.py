"""A creation's `after` edited in a saved plan is refused, nothing written: no field change lists a
creation's values, so the review showed the edited ones while the apply would create the manifest's."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_creation_whose_values_were_edited_in_the_plan_file_is_refused(workspace: Workspace) -> None:
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    plan = json.loads((workspace.path / "plan.json").read_text())
    [logger] = [change for change in plan["changes"] if change["address"] == "dam-a/logger-1"]
    logger["after"]["name"] = "Crest datalogger (approved by nobody)"
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert (
        "the plan file shows its writes otherwise than a plan made now, on a platform that reads as it did: "
        "dam-a/logger-1 (its after differs): was the plan file edited or cut? Run iotplan plan again"
    ) in refused.stderr
    with pytest.raises(KeyError):
        workspace.live_entity("quickstart:dam-a")
