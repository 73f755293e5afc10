"""Two rows of a --sites file with their keys swapped, one name cell carrying a trailing space
(`Benmore dam ,`) or another case (cr146 F1): the names were compared exactly, so it was no trade,
and apply relabelled each site's history. Names are now matched for the trade as a person reads them
(case folded, blanks collapsed), and the plan is refused."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import AORAKI, BENMORE, TEMPLATE, applied_with_history, sites


@pytest.mark.parametrize("benmore", ["Benmore dam ,", "benmore dam,"], ids=["trailing-space", "case"])
def test_two_sites_whose_keys_swap_with_a_trailing_space_are_refused(
    workspace: Workspace, benmore: str
) -> None:
    applied_with_history(workspace)
    sites(workspace, "site-02," + AORAKI, "site-01," + BENMORE.replace("Benmore dam,", benmore))

    applied = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert (
        "site-02: would take site-01's name 'Aoraki dam - datalogger feed' while site-01 takes site-02's"
        in said
    )
    assert workspace.live_entity("multi-site:site-01")["props"]["NAME"] == "Aoraki dam - datalogger feed"
