"""A site pinned by `id:` (k01, shard 2's) and another named alike (k07, shard 1's) declared at each
other's places: merge leaves the trade of locations to apply as two moves on shard 2's plan's word
that k01 is pinned (`pinned_connections`). Merge reads no manifest: a plan edited to list a connection
it updates reads the same, and passed a trade one run refuses, no view saying so. Now the merge's
output and every view of the merged plan say which trade is left to which shard plan's pin, for a
reviewer to hold against the manifest."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.pinned_site_trading_places import shards_planned_with_k01_pinned

SAID = (
    "k01 and k07 trade locations; left to apply as moves because k01's shard plan says it is pinned by "
    "`id:` (one run agrees only if the manifest pins it)."
)


def test_a_merged_plan_says_which_trade_it_leaves_to_a_shard_plans_pin(workspace: Workspace) -> None:
    shards_planned_with_k01_pinned(workspace)

    merged = workspace.run("merge", "p1.json", "p2.json", "p3.json", "--out", "plan.json")

    assert merged.exit_code == 2, merged.output
    assert SAID in " ".join(merged.output.split()), merged.output
    for view in ("text", "markdown"):
        shown = workspace.run("show", "plan.json", "--format", view)
        assert shown.exit_code == 0, shown.output
        assert SAID in " ".join(shown.output.split()), shown.output
    one_run = workspace.run("show", "one.json")  # weighed with the manifest: nothing taken on a plan's word
    assert "left to apply as moves" not in one_run.output, one_run.output
