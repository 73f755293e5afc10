"""A merged plan's apply reports each shard's removals whose count grew since the review, within
twice the count, in its one JSON report: site-04 reviewed holding 5 observations, 8 at the apply."""

from __future__ import annotations

import json

from tests.e2e.conftest import Workspace
from tests.e2e.test_shard import changed_fleet, shard_plans


def test_merged_removal_count_grown_since_review_in_the_json_report(workspace: Workspace) -> None:
    changed_fleet(workspace)
    sensor = workspace.live_entity("multi-site:site-04/logger/pz-1")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 5})
    assert workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json").exit_code == 2
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 3})

    result = workspace.run("apply", "plan.json", "--allow-destroy", "--format", "json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["grown_since_review"] == [
        {"address": "site-04", "action": "remove", "observations_reviewed": 5, "observations_now": 8}
    ]
