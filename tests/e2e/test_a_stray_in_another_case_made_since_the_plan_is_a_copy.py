"""The stray of fz101 the other way round, made between the plan and its apply: stack `Quickstart`
owns its entities so spelt, and another writer makes `quickstart:dam-a/dev9` once `dam-a/dev9` is
planned. The apply of the saved plan said "This stack looks renamed from 'quickstart' in case only";
now it refuses the stray as a copy, naming it, and creates nothing beside it."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.stray_in_another_case import add_dev9, assert_told_as_a_copy, stray


def test_a_stray_in_another_case_made_since_the_plan_is_a_copy(workspace: Workspace) -> None:
    workspace.edit(QUICKSTART, "stack: quickstart ", "stack: Quickstart ")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    add_dev9(workspace)
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    workspace.integrate_under("Quickstart:dam-a", [stray("quickstart:dam-a/dev9")])
    stray_id = workspace.live_entity("quickstart:dam-a/dev9")["id"]

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    assert_told_as_a_copy(refused.output, stray_id, "quickstart:dam-a/dev9", "Quickstart")
    with pytest.raises(KeyError):  # nothing created beside the stray
        workspace.live_entity("Quickstart:dam-a/dev9")
