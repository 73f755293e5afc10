"""A selection with nothing to do says so of the selection, never of the whole platform."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_review_cases import converges


@pytest.mark.parametrize("applied", [True, False], ids=["after-apply", "before-apply"])
def test_excluding_everything_does_not_claim_the_platform_matches(
    workspace: Workspace, applied: bool
) -> None:
    if applied:
        converges(workspace)
    result = workspace.run("plan", QUICKSTART, "--exclude", "dam-a")
    assert result.exit_code == 0, result.output
    assert "Partial plan (--exclude 'dam-a')" in result.stdout
    assert "No changes in the selection." in result.stdout
    assert "matches the manifest" not in result.stdout


def test_a_whole_plan_after_apply_still_says_the_platform_matches(workspace: Workspace) -> None:
    converges(workspace)
    assert "No changes. The platform matches the manifest." in workspace.run("plan", QUICKSTART).stdout
