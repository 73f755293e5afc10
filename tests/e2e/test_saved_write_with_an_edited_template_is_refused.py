"""What a review reads of a write but the apply never sends, edited in a saved plan (here a creation's
template; a reason or a kind alike), is refused, nothing written: the review approved another write."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_creation_shown_with_another_template_is_refused(workspace: Workspace) -> None:
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    plan = json.loads((workspace.path / "plan.json").read_text())
    [sensor] = [change for change in plan["changes"] if change["address"] == "dam-a/logger-1/pz-1"]
    assert sensor["template"] == "GENERIC_SENSOR_SDE"
    sensor["template"] = "TEMPERATURE_SDE"
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    refused = workspace.run("apply", "plan.json")
    assert refused.exit_code == 1, refused.output
    assert "dam-a/logger-1/pz-1 (its template differs): was the plan file edited or cut?" in refused.stderr
    with pytest.raises(KeyError):
        workspace.live_entity("quickstart:dam-a")
