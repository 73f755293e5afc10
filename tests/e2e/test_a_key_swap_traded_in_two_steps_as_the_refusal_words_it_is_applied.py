"""Two rows of a --sites file with their keys swapped trade the sites' names and their locations
(fz112 F1). The refusal said "the two connections trade names", and a user told to rename one to a
spare name first could not tell the locations' trade would end too (before fx387, it did not: the
next plan was refused again). It now says both trade and gives a first step that ends both. Followed
as worded (a spare name where it names one, a spare location where it names one), the traded file
then applies."""

from __future__ import annotations

import re

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import AORAKI, BENMORE, TEMPLATE, applied_with_history, sites

SPARE_NAME = "Spare dam"
SPARE_LOCATION = "-45.0,175.0"
AORAKI_LOCATION = "-39.2383,169.5085"


def test_a_key_swap_traded_in_two_steps_as_the_refusal_words_it_is_applied(workspace: Workspace) -> None:
    applied_with_history(workspace)
    traded = ["site-01," + BENMORE, "site-02," + AORAKI]
    sites(workspace, *traded)
    refused = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")
    said = " ".join(refused.output.split())
    assert refused.exit_code == 1, refused.output
    assert "the two connections trade names and locations" in said
    first_step = re.search(r"do it in two steps: (.+?) first, apply, then the other", said)
    assert first_step is not None, said

    spare = "site-01," + AORAKI  # site-01 as applied, given what the first step names
    if "spare name" in first_step[1]:
        spare = spare.replace("Aoraki dam", SPARE_NAME)
    if "spare location" in first_step[1]:
        spare = spare.replace(AORAKI_LOCATION, SPARE_LOCATION)
    sites(workspace, spare, "site-02," + BENMORE)
    step = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")
    sites(workspace, *traded)
    then = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")

    assert step.exit_code == 0, step.output
    assert then.exit_code == 0, then.output
    assert workspace.live_entity("multi-site:site-01")["props"]["NAME"] == "Benmore dam - datalogger feed"
    assert workspace.live_entity("multi-site:site-02")["props"]["NAME"] == "Aoraki dam - datalogger feed"
