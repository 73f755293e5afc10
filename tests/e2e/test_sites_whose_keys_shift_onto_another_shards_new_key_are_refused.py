"""A row inserted in a --sites file and the keys after it renumbered (site-02 Avon dam new, Benmore
dam site-02 → site-03, Clyde dam site-03 → site-04), planned as three shards: one run refuses it as
a key shift, but shard 3 planned site-02 and site-03 updated onto each other's live names, shard 1
created site-04 named Clyde dam, the merge joined them and apply relabelled every site's history,
exit 0. Now each shard holding a side refuses it, from the other shard's declared name and whether
its connection is listed, and the merge has no whole plan to join."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import AORAKI, BENMORE, TEMPLATE, sites

AVON = "Avon dam,-40.1,170.1,3,\n"
CLYDE = "Clyde dam,-41.3588,171.6569,3,\n"


def test_sites_whose_keys_shift_onto_another_shards_new_key_are_refused(workspace: Workspace) -> None:
    sites(workspace, "site-01," + AORAKI, "site-02," + BENMORE, "site-03," + CLYDE)
    assert workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve").exit_code == 0
    sites(workspace, "site-01," + AORAKI, "site-02," + AVON, "site-03," + BENMORE, "site-04," + CLYDE)

    shards = [
        workspace.run("plan", TEMPLATE, "--sites", "sites.csv", "--shard", f"{i}/3", "--out", f"p{i}.json")
        for i in (1, 2, 3)
    ]

    creating, neither, updating = shards
    for refused in (creating, updating):
        assert refused.exit_code == 1, refused.output
        assert (
            "site-03: would take site-02's name 'Benmore dam - datalogger feed' while site-04, a new "
            "connection, takes site-03's, 'Clyde dam - datalogger feed': the keys shift"
            in " ".join(refused.output.split())
        )
    assert neither.exit_code == 0, neither.output
    merged = workspace.run("merge", "p1.json", "p2.json", "p3.json", "--out", "plan.json")
    assert merged.exit_code == 1, merged.output
    assert workspace.live_entity("multi-site:site-03")["props"]["NAME"] == "Clyde dam - datalogger feed"
