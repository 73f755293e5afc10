"""A saved plan's summary is said again from its changes: summary.destroy edited to 0 beside a
removal (a CI gate reading `jq .summary.destroy` saw 0) is refused, nothing written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.saved_removal import applied_saved, platform_state, removal_plan


def test_plan_summary_edited_is_refused(workspace: Workspace) -> None:
    plan = removal_plan(workspace)
    plan["summary"]["destroy"] = 0
    result, before = applied_saved(workspace, plan)

    assert result.exit_code == 1, result.output
    assert "its summary says destroy 0, its changes 1: the plan file was edited" in result.output
    assert platform_state(workspace) == before
