"""What the tests of a saved plan whose entity moved between `key` and `key#<short id>` share:
devices carrying the stack's refIds `quickstart:dam-?/logger-2` under dam-a, which declares no
logger-2, made behind iotplan's back; a plan saved to plan.json; its apply, refused."""

from __future__ import annotations

from iotplan.live.model import short_id
from tests.e2e.another_tools_connection import another_device_beside
from tests.e2e.conftest import QUICKSTART, Workspace

# The refusal's opening up to the entity named moved (a regex).
PLATFORM_CHANGED = r"Error: the platform changed since the plan was made \([^)]*"


def stray_under_dam_a(workspace: Workspace, ref_id: str, count: int) -> None:
    """A device carrying `ref_id` under dam-a, its sensor `ref_id`/pz-1 holding `count` observations."""
    another_device_beside(workspace, ref_id, f"{ref_id}/pz-1", count, connection_ref_id="quickstart:dam-a")


def plan_saved_over_strays(workspace: Workspace, *strays: tuple[str, int]) -> str:
    """The quickstart manifest applied, each stray `(refId, count)` made under dam-a, and a plan saved
    to plan.json; the first stray's short id."""
    kept = _strays_made(workspace, *strays)
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code in (0, 2)
    return kept


def plan_saved_targeting_the_first_of(workspace: Workspace, *strays: tuple[str, int]) -> str:
    """As `plan_saved_over_strays`, the plan made with --target naming the first stray by its short id
    (`dam-a/logger-2#<short id>`); that target."""
    target = f"dam-a/logger-2#{_strays_made(workspace, *strays)}"
    assert workspace.run("plan", QUICKSTART, "--target", target, "--out", "plan.json").exit_code in (0, 2)
    return target


def plan_saved_excluding(workspace: Workspace, excluded: str, *strays: tuple[str, int]) -> str:
    """As `plan_saved_over_strays`, the plan made with --exclude naming the stray carrying refId
    `excluded` by its short id (`dam-a/logger-2#<short id>`); that exclusion."""
    _strays_made(workspace, *strays)
    exclusion = f"dam-a/logger-2#{short_id(workspace.live_entity(excluded)['id'])}"
    planned = workspace.run("plan", QUICKSTART, "--exclude", exclusion, "--out", "plan.json")
    assert planned.exit_code in (0, 2), planned.output
    return exclusion


def _strays_made(workspace: Workspace, *strays: tuple[str, int]) -> str:
    """The quickstart manifest applied and each stray `(refId, count)` made under dam-a; the first
    stray's short id."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    for ref_id, count in strays:
        stray_under_dam_a(workspace, ref_id, count)
    return short_id(workspace.live_entity(strays[0][0])["id"])


def saved_plan_refused(workspace: Workspace) -> str:
    """plan.json applied with --allow-destroy: asserts it refused; what it said on stderr, on one line."""
    refused = workspace.run("apply", "plan.json", "--allow-destroy")
    assert refused.exit_code == 1, refused.output
    return " ".join(refused.stderr.split())
