"""A live sensor reports between a removal's review and its apply: 1,000 observations reviewed,
1,077 at the apply, is the same history, and the unedited plan applies."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.saved_removal import REMOVED, removal_plan


def test_removal_count_grown_since_review_applies(workspace: Workspace) -> None:
    removal_plan(workspace, count=1000)
    sensor = workspace.live_entity(REMOVED)
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 77})

    result = workspace.run("apply", "plan.json", "--allow-destroy")

    assert result.exit_code == 0, result.output
    assert "1,077 observations destroyed" in result.output
