"""Two sites that really trade names take the two steps the refusal of a trade gives: one renamed to
a spare name and applied, then the other two names written. Neither step is a trade, so each is
planned and applied, each connection keeping its own history."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, applied_with_history, sites

SPARE = "Spare dam,-39.2383,169.5085,3,true\n"


def test_two_sites_trading_names_in_two_steps_are_applied(workspace: Workspace) -> None:
    applied_with_history(workspace)
    aoraki = workspace.live_entity("multi-site:site-01")["id"]
    sites(workspace, "site-01," + SPARE, "site-02,Benmore dam,-42.5093,168.7244,3,\n")
    first = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")
    sites(
        workspace,
        "site-01,Benmore dam,-39.2383,169.5085,3,true\n",
        "site-02,Aoraki dam,-42.5093,168.7244,3,\n",
    )

    second = workspace.run("apply", TEMPLATE, "--sites", "sites.csv", "--auto-approve")

    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    renamed = workspace.live_entity("multi-site:site-01")
    assert renamed["id"] == aoraki and renamed["props"]["NAME"] == "Benmore dam - datalogger feed"
    assert workspace.live_entity("multi-site:site-02")["props"]["NAME"] == "Aoraki dam - datalogger feed"
