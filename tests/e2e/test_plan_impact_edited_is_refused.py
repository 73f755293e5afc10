"""A saved plan's impact is said again from its changes: observations_destroyed edited from 1,000
to 0 is refused, nothing written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.saved_removal import applied_saved, platform_state, removal_plan


def test_plan_impact_edited_is_refused(workspace: Workspace) -> None:
    plan = removal_plan(workspace)
    plan["impact"]["observations_destroyed"] = 0
    result, before = applied_saved(workspace, plan)

    assert result.exit_code == 1, result.output
    assert "its impact says observations_destroyed 0, its changes 1000" in result.output
    assert platform_state(workspace) == before
