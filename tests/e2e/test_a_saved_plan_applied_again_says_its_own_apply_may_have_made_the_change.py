"""A saved plan applied a second time, once the first apply of it wrote (fully here; a killed run
leaves part of it), is refused as stale, and the refusal says the change it found may be that
earlier apply's own, not only another writer's: iotplan cannot tell which, so it names both."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_saved_plan_applied_again_names_its_own_earlier_apply_as_a_possible_changer(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Crest logger")
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    assert workspace.run("apply", "plan.json").exit_code == 0
    again = workspace.run("apply", "plan.json")
    assert again.exit_code == 1
    assert "the platform changed since the plan was made (dam-a/logger-1)" in again.stderr, again.stderr
    assert "an earlier apply of this plan" in again.stderr, again.stderr
    assert "another writer" in again.stderr
