"""Two sites named alike ("Twin dam", site-01 shard 3's of three, site-04 shard 1's) trading their
locations alone. One run refuses it; each shard, reading names alone of the other's connection,
planned its own move in place, and merge joined the two into one plan that relabels both sites'
histories. Now merge checks the joined changes, which carry both connections' names and locations,
as one run does, and refuses the merged plan."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, sites

NORTH = "Twin dam,-36.58,173.0744,3,\n"
SOUTH = "Twin dam,-42.5093,168.7244,3,\n"


def test_a_location_trade_of_two_sites_named_alike_across_shards_is_refused_by_merge(
    workspace: Workspace,
) -> None:
    sites(workspace, "site-01," + NORTH, "site-04," + SOUTH)
    applied = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    sites(workspace, "site-01," + SOUTH, "site-04," + NORTH)
    for shard in (1, 2, 3):
        workspace.run(
            "plan", TEMPLATE, "--sites", "sites.csv", "--shard", f"{shard}/3", "--out", f"p{shard}.json"
        )

    merged = workspace.run("merge", "p1.json", "p2.json", "p3.json", "--out", "plan.json")

    assert merged.exit_code == 1, merged.output
    said = " ".join(merged.output.split())
    assert "the two connections trade locations" in said, said
    assert "site-04: would take site-01's location (-36.58, 173.0744) while site-01 takes site-04's" in said
    assert not (workspace.path / "plan.json").exists()
