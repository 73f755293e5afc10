"""Two sites named alike ("Twin dam"), keys shifted by location onto a new one in another shard:
site-01 (north, shard 1 of two) takes site-04's place (south, shard 1), site-04's row dropped, and a
new site-07 (shard 2) stands north where site-01 was. One run refuses it as a key shift; but shard 2
knew the connection shard 1 removes by its name alone, saw no shift, and its `apply --shard` created
site-07, exit 0; shard 1, applied after it, found no creation and relabelled site-01's history as
site-04's. Now shard 2 reads the removed connection's listed location too: each shard refuses the
shift as one run does, in either order, and nothing is written."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, applied_from, sites

NORTH = "Twin dam,-36.58,173.0744,3,\n"
SOUTH = "Twin dam,-42.5093,168.7244,3,\n"
# Named as a person reads it alike, though not as the platform does: no rename pairs it with site-04.
NORTH_AGAIN = "twin dam,-36.58,173.0744,3,\n"
SHIFT = (
    "site-01: would take site-04's location (-42.5093, 168.7244) while site-07, a new connection at "
    "(-36.58, 173.0744), takes site-01's location: the keys shift, so site-01's history would read as "
    "site-04's"
)


@pytest.mark.parametrize("order", [(1, 2), (2, 1)])
def test_a_key_shift_by_location_onto_a_site_another_shard_removes_is_refused_by_each_shards_apply(
    workspace: Workspace, order: tuple[int, int]
) -> None:
    applied_from(workspace, ["site-01," + NORTH, "site-04," + SOUTH], {"site-01": 1200, "site-04": 300})
    before = workspace.listed()
    sites(workspace, "site-01," + SOUTH, "site-07," + NORTH_AGAIN)
    one_run = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")
    assert one_run.exit_code == 1 and SHIFT in " ".join(one_run.output.split()), one_run.output

    for shard in order:
        applied = workspace.run(
            "apply",
            TEMPLATE,
            "--sites",
            "sites.csv",
            "--shard",
            f"{shard}/2",
            "--allow-destroy",
            "--auto-approve",
        )
        said = " ".join(applied.output.split())
        assert applied.exit_code == 1, applied.output
        assert SHIFT in said, said
    assert workspace.listed() == before
