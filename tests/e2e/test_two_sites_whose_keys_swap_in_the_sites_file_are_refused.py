"""Two rows of a --sites file with their `site` keys swapped (site-01 ↔ site-02), no `moved` entry
(fz107 F1): the plan updated both connections in place, trading their names and locations, so each
site's history read as the other's, and a weather station was removed at one key and made at the
other, with nothing to say the sites looked swapped. Now the plan is refused, naming both
connections, what each holds, and the three ways forward; so is a --target or --exclude that writes
one of the two."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import AORAKI, BENMORE, TEMPLATE, applied_with_history, sites


def test_two_sites_whose_keys_swap_in_the_sites_file_are_refused(workspace: Workspace) -> None:
    applied_with_history(workspace)
    sites(workspace, "site-02," + AORAKI, "site-01," + BENMORE)

    shown = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")
    targeted = workspace.run("plan", TEMPLATE, "--sites", "sites.csv", "--target", "site-01/logger")

    assert shown.exit_code == 1, shown.output
    said = " ".join(shown.output.split())
    assert (
        "site-02: would take site-01's name 'Aoraki dam - datalogger feed' while site-01 takes site-02's, "
        "'Benmore dam - datalogger feed'" in said
    )
    assert ") holds 1,200 observations" in said and ") holds 300 observations" in said
    assert "swap the keys back" in said
    assert "the two connections trade names and locations" in said
    assert "rename one to a spare name (that ends the locations' trade too" in said
    assert "first, apply, then the other" in said
    assert (
        "`{from: site-02, to: site-02-swap}`, then `{from: site-01, to: site-02}`, then "
        "`{from: site-02-swap, to: site-01}`" in said
    )
    assert "Plan:" not in shown.output
    assert targeted.exit_code == 1, targeted.output
    assert "site-02: would take site-01's name" in " ".join(targeted.output.split())
