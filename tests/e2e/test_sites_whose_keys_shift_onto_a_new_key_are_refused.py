"""Keys shifted in a --sites file onto a new one, no `moved` (fz108): site-02 (Benmore, holding
history) became site-99 and site-03 (Clyde, empty) became site-02. apply updated site-02 in place to
Clyde's name and location, removed site-03 without --allow-destroy and made an empty site-99 named
Benmore, exit 0: Benmore's history then read as Clyde's. Now it is refused, naming the connections,
what each holds, and the ways forward; nothing is written."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import AORAKI, BENMORE, TEMPLATE, applied_from, sites

CLYDE = "Clyde dam,-41.3588,171.6569,3,\n"


def test_sites_whose_keys_shift_onto_a_new_key_are_refused(workspace: Workspace) -> None:
    applied_from(workspace, ["site-01," + AORAKI, "site-02," + BENMORE, "site-03," + CLYDE], {"site-02": 400})
    sites(workspace, "site-01," + AORAKI, "site-99," + BENMORE, "site-02," + CLYDE)

    applied = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert (
        "site-02: would take site-03's name 'Clyde dam - datalogger feed' while site-99, a new connection, "
        "takes site-02's, 'Benmore dam - datalogger feed': the keys shift" in said
    )
    assert ") holds 400 observations" in said and ") holds 0 observations" in said
    assert "`{from: site-02, to: site-99}`, apply, then `{from: site-03, to: site-02}`" in said
    assert workspace.live_entity("multi-site:site-02")["props"]["NAME"] == "Benmore dam - datalogger feed"
