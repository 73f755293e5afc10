"""A removal whose count grew between its review and its apply, within twice the count, is named in
the apply's JSON report with both counts: a pipeline reading the report learns what was destroyed
beyond what its review showed (1,077 observations, 1,000 reviewed)."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.saved_removal import REMOVED, removal_plan


def test_removal_count_grown_since_review_in_the_json_report(workspace: Workspace) -> None:
    removal_plan(workspace, count=1000)
    sensor = workspace.live_entity(REMOVED)
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 77})

    result = workspace.run("apply", "plan.json", "--allow-destroy", "--format", "json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["grown_since_review"] == [
        {
            "address": "dam-a/logger-1/pz-1",
            "action": "remove",
            "observations_reviewed": 1000,
            "observations_now": 1077,
        }
    ]
