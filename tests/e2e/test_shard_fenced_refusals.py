"""A CI matrix of shards, fencing off the connection another stack still builds on, plans and
applies what one run does: the refusal about removing it is outside the selection in the shard
that holds it too, so no shard is refused and the merged plan applies (test_fenced_refusals.py)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_fenced_refusals import moved_off_a_connection_beta_uses
from tests.e2e.test_shard import actions

SHARDS = 2  # feed is the first's, c2 the second's


@pytest.mark.parametrize("fence", [("--exclude", "feed"), ("--target", "c2")])
def test_no_shard_is_refused_for_a_refusal_fenced_off(workspace: Workspace, fence: tuple[str, str]) -> None:
    moved_off_a_connection_beta_uses(workspace)
    paths = []
    for index in range(1, SHARDS + 1):
        path = f"plan-{index}.json"
        shard = workspace.run("plan", "alpha.yaml", "--shard", f"{index}/{SHARDS}", *fence, "--out", path)
        assert shard.exit_code in (0, 2), shard.output
        paths.append(path)
    merged = workspace.run("merge", *paths, "--out", "plan.json", "--format", "json")
    assert merged.exit_code == 2, merged.output
    assert actions(workspace.json("show", "plan.json")) == actions(
        workspace.json("plan", "alpha.yaml", *fence)
    )

    applied = workspace.run("apply", "plan.json")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("alpha:c2/logger-a")
    assert workspace.live_entity("alpha:feed/logger-a")  # outside the selection: untouched
    assert workspace.live_entity("beta:dam-b/logger-b")


def test_the_shard_holding_a_refusal_inside_the_selection_is_still_refused(workspace: Workspace) -> None:
    moved_off_a_connection_beta_uses(workspace)
    refused = workspace.run("plan", "alpha.yaml", "--shard", f"1/{SHARDS}", "--target", "feed")
    assert refused.exit_code == 1 and "removing this connection would also remove" in refused.output
