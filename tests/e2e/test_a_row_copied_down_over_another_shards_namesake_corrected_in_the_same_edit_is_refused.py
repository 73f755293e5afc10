"""cr166: site-01 ("Twin dam", shard 1's of two) given the lat/lon its namesake site-07 (shard 2's, keeping
its key and place) is re-surveyed to in the same edit, 25 m off its live point, and a new site-09 (shard
1's) given site-01's old one: a row copied down over site-07, its edited values copied with it. The copy
was told only against site-07's live point, so one run planned it, exit 0, site-01's history read at
site-07's place. Now one run refuses it, and so does each shard's apply, holding a side of it."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import applied_from, planned_then_each_shard_applied, sites

OLD = "Twin dam,-38.39735,170.011232,3,\n"
SITE_07 = "Twin dam,-38.386952,169.997196,3,\n"
RESURVEYED = "Twin dam,-38.386727,169.997196,3,\n"  # 25 m north of site-07's live point


def test_a_row_copied_down_over_another_shards_namesake_corrected_in_the_same_edit_is_refused(
    workspace: Workspace,
) -> None:
    applied_from(workspace, ["site-01," + OLD, "site-07," + SITE_07], {"site-01": 1200, "site-07": 300})
    sites(workspace, "site-01," + RESURVEYED, "site-07," + RESURVEYED, "site-09," + OLD)

    one_run, shards = planned_then_each_shard_applied(workspace, 2)

    assert one_run.exit_code == 1 and "site-01: would take site-07's location" in one_run.output, (
        one_run.output
    )
    assert [each.exit_code for each in shards] == [1, 1], [each.output for each in shards]
    assert all("iotplan cannot tell which site is which" in each.output for each in shards)
