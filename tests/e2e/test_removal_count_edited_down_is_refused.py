"""A removal's observation count edited down in the file (1,000 to 1, with its impact) showed a
review 1 observation destroyed: applied, it destroyed 1,000. Past twice the count reviewed, the
apply refuses, naming both counts."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.saved_removal import applied_saved, platform_state, removal_plan


def test_removal_count_edited_down_is_refused(workspace: Workspace) -> None:
    plan = removal_plan(workspace, count=1000)
    [removal] = [change for change in plan["changes"] if change["action"] == "remove"]
    removal["observations"] = 1
    plan["impact"]["observations_destroyed"] = 1
    result, before = applied_saved(workspace, plan)

    assert result.exit_code == 1, result.output
    assert "it would destroy 1,000 observations, 1 observation when reviewed" in result.output
    assert platform_state(workspace) == before
