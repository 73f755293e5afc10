"""`show`, `merge` and `apply PLAN.json` print a plan's identical updates folded (`pz-1, pz-2, pz-3
and 3 more (--detail lists them)`), as `plan` does, but had no `--detail` to list them; the Markdown
sent reviewers to `iotplan show plan.json` for "every one" of them (fz67 #2)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.merged_fleet import SENSORS, merged_fleet

FOLDED = "and 3 more (--detail lists them)"


@pytest.fixture
def merged(workspace: Workspace) -> Workspace:
    return merged_fleet(workspace)


def _lists_every_sensor(view: str) -> bool:
    return "--detail lists them" not in view and all(f"sensor {sensor} (" in view for sensor in SENSORS)


@pytest.mark.parametrize(
    "command",
    [("show", "merged.json"), ("merge", "plan-1.json", "plan-2.json")],
    ids=["show", "merge"],
)
def test_show_and_merge_list_with_detail_what_they_fold_without(
    merged: Workspace, command: tuple[str, ...]
) -> None:
    folded = merged.run(*command)
    assert FOLDED in folded.stdout, folded.output
    listed = merged.run(*command, "--detail")
    assert listed.exit_code in (0, 2) and _lists_every_sensor(listed.stdout), listed.output


def test_apply_of_a_saved_plan_lists_with_detail_what_it_folds_without(merged: Workspace) -> None:
    applied = merged.run("apply", "merged.json", "--detail")
    assert applied.exit_code == 0, applied.output
    assert _lists_every_sensor(applied.stdout), applied.stdout
