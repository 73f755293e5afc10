"""A key shift running through a site a third shard removes (site-06 Forks dam dropped from the
--sites file, shard 2; site-02 Benmore dam renamed Forks dam, shard 3; a new site-09 Benmore dam,
shard 1): one run refuses it as a key shift, but shards 1 and 3 planned their sides, the other
shard's removal ending the chain at a name they saw no connection hold, and applying the shards in
turn relabelled Benmore's history as Forks' and destroyed Forks' 600 observations, exit 0. Now each
shard holding a side refuses it, from the connection list every shard reads whole: the stack's
connection no shard declares is one some shard removes."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import BENMORE, TEMPLATE, applied_from, sites

FORKS = "Forks dam,-41.9,172.1,3,\n"


def test_a_key_shift_through_a_site_another_shard_removes_is_refused_by_each_shard(
    workspace: Workspace,
) -> None:
    applied_from(workspace, ["site-02," + BENMORE, "site-06," + FORKS], {"site-06": 600})
    sites(workspace, "site-02," + FORKS, "site-09," + BENMORE)

    shards = [
        workspace.run("plan", TEMPLATE, "--sites", "sites.csv", "--shard", f"{i}/3", "--out", f"p{i}.json")
        for i in (1, 2, 3)
    ]

    for refused in shards:
        assert refused.exit_code == 1, refused.output
        assert (
            "site-02: would take site-06's name 'Forks dam - datalogger feed' while site-09, a new "
            "connection, takes site-02's, 'Benmore dam - datalogger feed': the keys shift"
            in " ".join(refused.output.split())
        )
    assert workspace.live_entity("multi-site:site-02")["props"]["NAME"] == "Benmore dam - datalogger feed"
