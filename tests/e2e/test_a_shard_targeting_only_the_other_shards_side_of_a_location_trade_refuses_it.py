"""Two sites named alike ("Twin dam", site-01 shard 3's of three, site-04 shard 1's) trading their
locations alone, shard 1 applied with `--target site-01`: the other shard's side of the trade alone.
The shard's selection is made from its own refusals before those across shards are added, so the
target matches nothing of the shard's own; yet the trade's refusal is about site-01 too, and a target
of what a refusal is about keeps it, as one run keeps it. The apply refuses, and writes nothing."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, applied_from, sites

NORTH = "Twin dam,-36.58,173.0744,3,\n"
SOUTH = "Twin dam,-42.5093,168.7244,3,\n"


def test_a_shard_targeting_only_the_other_shards_side_of_a_location_trade_refuses_it(
    workspace: Workspace,
) -> None:
    applied_from(workspace, ["site-01," + NORTH, "site-04," + SOUTH], {"site-01": 1200, "site-04": 300})
    before = workspace.listed()
    sites(workspace, "site-01," + SOUTH, "site-04," + NORTH)

    applied = workspace.run(
        "apply", TEMPLATE, "--sites", "sites.csv", "--shard", "1/3", "--target", "site-01", "--auto-approve"
    )

    said = " ".join(applied.output.split())
    assert applied.exit_code == 1, applied.output
    assert "site-04: would take site-01's location (-36.58, 173.0744) while site-01 takes site-04's" in said
    assert workspace.listed() == before
