"""A `moved` chain's second step applied before its first: two sites named alike ("Twin dam"),
site-01 north (shard 1 of two) and site-04 south; the step-2 file holds site-01 at site-04's place,
a new site-07 (shard 2) at site-01's, and `moved: {from: site-04, to: site-01}`, both still live.
One run refuses it (the move's both keys exist; the keys shift by location); so did shard 1, but
shard 2, holding the new site-07 alone, read no shift: site-04, left live by the move, was neither
held nor removed by any shard as it read them, so site-01's move ended nowhere, and its
`apply --shard` created site-07 at site-01's live point, exit 0. Now shard 2 reads site-04 as the
removal one run plans, each shard refuses, and nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, applied_from, sites
from tests.e2e.test_a_key_shift_onto_a_site_keeping_its_key_followed_as_its_moved_steps_say_keeps_every_history import (  # noqa: E501
    STEP_TEMPLATE,
    with_moved,
)

NORTH = "Twin dam,-36.58,173.0744,3,\n"
SOUTH = "Twin dam,-42.5093,168.7244,3,\n"


def test_a_key_shift_by_location_hidden_by_another_shards_moved_step_is_refused_by_each_shards_apply(
    workspace: Workspace,
) -> None:
    applied_from(workspace, ["site-01," + NORTH, "site-04," + SOUTH], {"site-01": 1200, "site-04": 300})
    before = workspace.listed()
    sites(workspace, "site-01," + SOUTH, "site-07," + NORTH)
    with_moved(workspace, [("site-04", "site-01")])
    step = str((workspace.path / TEMPLATE).with_name(STEP_TEMPLATE))

    applied = {
        shard: workspace.run("apply", step, "--sites", "sites.csv", "--shard", f"{shard}/2", "--auto-approve")
        for shard in (1, 2)
    }

    for shard in (1, 2):
        assert applied[shard].exit_code == 1, applied[shard].output
    said = " ".join(applied[2].output.split())
    assert (
        "site-01: would take site-04's location (-42.5093, 168.7244) while site-07, a new connection at "
        "(-36.58, 173.0744), takes site-01's location: the keys shift, so site-01's history "
        "would read as site-04's" in said
    ), said
    assert workspace.listed() == before
