"""Two rows of a --sites file with their `site` keys swapped, the two connections two shards' (of
three: site-01 is shard 3's, site-04 shard 1's). Each shard updated its own in place, the trade
unseen, each site's history then read as the other's. Now each shard of the two refuses it, from
the other's declared name and its live one on the connection list it reads whole, and the shard
holding neither plans as before."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import AORAKI, BENMORE, TEMPLATE, sites


def test_two_sites_of_two_shards_trading_names_are_refused_by_both(workspace: Workspace) -> None:
    sites(workspace, "site-01," + AORAKI, "site-04," + BENMORE)
    applied = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    sites(workspace, "site-04," + AORAKI, "site-01," + BENMORE)

    shards = [workspace.run("plan", TEMPLATE, "--sites", "sites.csv", "--shard", f"{i}/3") for i in (1, 2, 3)]

    first, neither, third = shards
    assert first.exit_code == 1, first.output
    assert (
        "site-04: would take site-01's name 'Aoraki dam - datalogger feed' while site-01 takes site-04's, "
        "'Benmore dam - datalogger feed'" in " ".join(first.output.split())
    )
    assert "another shard's, whose count the connection list omits) holds an unknown number" in " ".join(
        first.output.split()
    )
    assert neither.exit_code == 0, neither.output
    assert third.exit_code == 1, third.output
    assert "site-01: would take site-04's name 'Benmore dam - datalogger feed'" in " ".join(
        third.output.split()
    )
