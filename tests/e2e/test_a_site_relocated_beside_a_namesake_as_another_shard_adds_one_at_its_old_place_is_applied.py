"""fz118: site-01 ("Twin dam", shard 1's of two, as site-04) relocated 1.68 km to stand 70 m from its
namesake site-04, which keeps its key and place, and a new site-07 (shard 2's) added 39 m from
site-01's old spot. One run and both shards refused it as a key shift, site-01 said to take site-04's
location while site-07 takes site-01's, and wrote nothing: no history was relabelled, site-04 keeping
its own where it stands. Now a location taken from a connection that keeps its key and place is no link
of a shift: one run plans it, and each shard's `apply --shard` writes its side."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, applied_from, planned_then_each_shard_applied, sites

OLD = "Twin dam,-38.39735,170.011232,3,\n"
BESIDE = "Twin dam,-38.387234,169.997914,3,\n"  # 70 m from site-04
SITE_04 = "Twin dam,-38.386952,169.997196,3,\n"
NEW = "Twin dam,-38.39701,170.011353,3,\n"  # 39 m from OLD


def test_a_site_relocated_beside_a_namesake_as_another_shard_adds_one_at_its_old_place_is_applied(
    workspace: Workspace,
) -> None:
    applied_from(workspace, ["site-01," + OLD, "site-04," + SITE_04], {"site-01": 1200, "site-04": 300})
    sites(workspace, "site-01," + BESIDE, "site-04," + SITE_04, "site-07," + NEW)

    one_run, shards = planned_then_each_shard_applied(workspace, 2)

    assert one_run.exit_code == 0 and "Plan: 6 to add, 1 to change, 0 to destroy" in one_run.output, (
        one_run.output
    )
    assert [each.exit_code for each in shards] == [0, 0], [each.output for each in shards]
    after = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")
    assert after.exit_code == 0 and "No changes" in after.output, after.output
