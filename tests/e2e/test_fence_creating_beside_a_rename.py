"""A stale checkout applied through a fence: the stack renamed dam-a to dam-aa with `moved` and applied;
the manifest from before, planned with `--target dam-a` (or `--exclude dam-aa`), would create dam-a beside
the stack's own live dam-aa, the removal that looks renamed fenced off, and nothing to show it: two
connections for one site, exit 0 (fz65 #2). Refused, saying why and how to see both."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_ownership_and_fences import observe
from tests.e2e.test_review_cases import converges

FENCES = [("--target", "dam-a"), ("--exclude", "dam-aa"), ("--target", "dam-a/*")]
REFUSED = "dam-a: would be created beside the stack's own dam-aa ("


def renamed_with_an_old_checkout(workspace: Workspace, to: str) -> None:
    """dam-a renamed `to` with `moved` and applied, its air-temp holding 1,000 observations since;
    old.yaml, the manifest from before."""
    converges(workspace)
    (workspace.path / "old.yaml").write_text((workspace.path / QUICKSTART).read_text())
    workspace.edit(QUICKSTART, "      - key: dam-a\n", f"      - key: {to}\n")
    with (workspace.path / QUICKSTART).open("a") as manifest:
        manifest.write(f"moved:\n  - {{from: dam-a, to: {to}}}\n")
    converges(workspace)
    observe(workspace, f"quickstart:{to}/weather/air-temp", 1_000)


@pytest.mark.parametrize("fence", FENCES)
def test_a_fenced_creation_beside_its_look_alike_removal_is_refused(
    workspace: Workspace, fence: tuple[str, str]
) -> None:
    renamed_with_an_old_checkout(workspace, "dam-aa")
    refused = workspace.run("apply", "old.yaml", "--auto-approve", *fence)
    assert refused.exit_code == 1, refused.output
    assert REFUSED in refused.stderr and "holding 1,000 observations" in refused.stderr
    assert "plan without --target/--exclude" in refused.stderr
    saved = workspace.run("plan", "old.yaml", "--out", "plan.json", *fence)
    assert saved.exit_code == 1 and REFUSED in saved.stderr
    assert not (workspace.path / "plan.json").exists()
    sharded = workspace.run("plan", "old.yaml", "--shard", "1/1", *fence)
    assert sharded.exit_code == 1 and REFUSED in sharded.stderr
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0  # nothing was made


def test_unfenced_the_plan_shows_both_and_the_removal_is_guarded(workspace: Workspace) -> None:
    renamed_with_an_old_checkout(workspace, "dam-aa")
    planned = workspace.run("plan", "old.yaml")
    assert planned.exit_code == 0, planned.output
    assert "looks like a rename to dam-a" in planned.stdout
    refused = workspace.run("apply", "old.yaml", "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.stderr


def test_a_fence_holding_both_is_no_refusal(workspace: Workspace) -> None:
    renamed_with_an_old_checkout(workspace, "dam-aa")
    planned = workspace.run("plan", "old.yaml", "--target", "dam-a", "--target", "dam-aa")
    assert planned.exit_code == 0, planned.output
