"""Two sites named alike ("Twin dam"), keys shifted by location onto a new one in another shard:
site-01 (north, shard 1 of two) takes site-04's place (south, shard 1), site-04 moves on to a third
place, and a new site-07 (shard 2) stands north where site-01 was. One run refuses it as a key shift;
but shard 1 knew shard 2's creation by its name alone, planned site-01's move in place, and its
`apply --shard` relabelled site-01's history as site-04's, exit 0. Now shard 1 reads the creation's
declared location too, each shard refuses the shift as one run does, and nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, applied_from, sites

NORTH = "Twin dam,-36.58,173.0744,3,\n"
SOUTH = "Twin dam,-42.5093,168.7244,3,\n"
MIDDLE = "Twin dam,-40.0,171.0,3,\n"


def test_a_key_shift_by_location_onto_another_shards_new_key_is_refused_by_each_shards_apply(
    workspace: Workspace,
) -> None:
    applied_from(workspace, ["site-01," + NORTH, "site-04," + SOUTH], {"site-01": 1200, "site-04": 300})
    before = workspace.listed()
    sites(workspace, "site-01," + SOUTH, "site-04," + MIDDLE, "site-07," + NORTH)

    applied = {
        shard: workspace.run(
            "apply", TEMPLATE, "--sites", "sites.csv", "--shard", f"{shard}/2", "--auto-approve"
        )
        for shard in (1, 2)
    }

    # Shard 1 counts its own sites' histories; shard 2 reads them off the connection list, which has none.
    for shard, held in {
        1: ") holds 1,200 observations; site-04 (/api/",
        2: "holds an unknown number",
    }.items():
        said = " ".join(applied[shard].output.split())
        assert applied[shard].exit_code == 1, applied[shard].output
        assert (
            "site-01: would take site-04's location (-42.5093, 168.7244) while site-07, a new connection at "
            "(-36.58, 173.0744), takes site-01's location: the keys shift, so site-01's history "
            "would read as site-04's" in said
        ), said
        assert held in said, said
    assert workspace.listed() == before
