"""Two sites named alike ("Twin dam", site-01 shard 3's of three, site-04 shard 1's) trading their
locations alone, each applied as its shard straight from the --sites file. One run refuses it, and
merge does; but each shard knew the other's connection by its name alone, planned its own move in
place, and `apply --shard` of the two relabelled each site's history as the other's, exit 0. Now each
shard holding a side refuses it as one run does, from the other's declared location and its live one
on the connection list it reads whole, and writes nothing."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, applied_from, sites

NORTH = "Twin dam,-36.58,173.0744,3,\n"
SOUTH = "Twin dam,-42.5093,168.7244,3,\n"


def test_a_location_trade_of_two_sites_named_alike_across_shards_is_refused_by_each_shards_apply(
    workspace: Workspace,
) -> None:
    applied_from(workspace, ["site-01," + NORTH, "site-04," + SOUTH], {"site-01": 1200, "site-04": 300})
    before = workspace.listed()
    sites(workspace, "site-01," + SOUTH, "site-04," + NORTH)

    applied = {
        shard: workspace.run(
            "apply", TEMPLATE, "--sites", "sites.csv", "--shard", f"{shard}/3", "--auto-approve"
        )
        for shard in (1, 3)
    }

    for shard, (first, other, value, held) in {
        1: ("site-04", "site-01", "(-36.58, 173.0744)", "300"),
        3: ("site-01", "site-04", "(-42.5093, 168.7244)", "1,200"),
    }.items():
        said = " ".join(applied[shard].output.split())
        assert applied[shard].exit_code == 1, applied[shard].output
        assert f"{first}: would take {other}'s location {value} while {other} takes {first}'s" in said, said
        assert "the two connections trade locations, so each one's history would read as the other's" in said
        assert f"{first} (/api/" in said and f"holds {held} observations; {other} (/api/" in said, said
        assert "another shard's, whose count the connection list omits) holds an unknown number" in said
        assert "give one a spare name or location first, apply, then the other" in said, said
    assert workspace.listed() == before
