"""Two sites named alike ("Twin dam", site-01 shard 3's of three, site-04 shard 1's) trading their
locations alone. One run refuses it, and so does each shard holding a side, from the other's declared
location and its listed one; but shards planned at different moments may each see no trade: shard 1
while site-01 stood at a third place, shard 3 once site-01 was back and site-04 there. Merge joins the
two into one plan that relabels both sites' histories; it checks the joined changes, which carry both
connections' names and locations, as one run does, and refuses the merged plan."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import applied_from, shards_planned, sites

NORTH = "Twin dam,-36.58,173.0744,3,\n"
SOUTH = "Twin dam,-42.5093,168.7244,3,\n"
MIDDLE = "Twin dam,-40.0,171.0,3,\n"


def test_a_location_trade_of_two_sites_named_alike_across_shards_is_refused_by_merge(
    workspace: Workspace,
) -> None:
    for site_01, site_04 in ((NORTH, SOUTH), (MIDDLE, SOUTH)):
        _applied(workspace, site_01, site_04)
    _planned(workspace, 1, 2)  # site-04 at SOUTH to go NORTH, where no site stands
    _applied(workspace, NORTH, MIDDLE)
    _planned(workspace, 3)  # site-01 at NORTH to go SOUTH, where no site stands

    merged = workspace.run("merge", "p1.json", "p2.json", "p3.json", "--out", "plan.json")

    assert merged.exit_code == 1, merged.output
    said = " ".join(merged.output.split())
    assert "the two connections trade locations" in said, said
    assert "site-04: would take site-01's location (-36.58, 173.0744) while site-01 takes site-04's" in said
    assert not (workspace.path / "plan.json").exists()


def _applied(workspace: Workspace, site_01: str, site_04: str) -> None:
    applied_from(workspace, ["site-01," + site_01, "site-04," + site_04], {})


def _planned(workspace: Workspace, *shards: int) -> None:
    """The shards' plans of the two sites trading locations, each saved as p<i>.json."""
    sites(workspace, "site-01," + SOUTH, "site-04," + NORTH)
    shards_planned(workspace, *shards)
