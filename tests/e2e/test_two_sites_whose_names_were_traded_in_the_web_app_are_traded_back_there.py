"""Two connections' names traded in the platform's web app overnight, the manifest right: the plan
refuses the trade, and its first way forward is to trade them back there. Traded back through the
platform's REST API (as the web app writes them), the plan says the platform matches the manifest."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, applied_with_history

AORAKI, BENMORE = "Aoraki dam - datalogger feed", "Benmore dam - datalogger feed"


def named(workspace: Workspace, site: str, name: str) -> None:
    """`site`'s connection renamed behind iotplan's back, as the web app renames it."""
    node = workspace.live_entity(f"multi-site:{site}")
    update = {"nodeId": node["id"], "changeState": "update", "props": {"NAME": name}}
    workspace.integrate({"integration": update})


def test_two_sites_whose_names_were_traded_in_the_web_app_are_traded_back_there(workspace: Workspace) -> None:
    applied_with_history(workspace)
    named(workspace, "site-01", BENMORE)
    named(workspace, "site-02", AORAKI)

    traded = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")
    named(workspace, "site-01", AORAKI)
    named(workspace, "site-02", BENMORE)
    back = workspace.run("plan", TEMPLATE, "--sites", "sites.csv")

    assert traded.exit_code == 1, traded.output
    said = " ".join(traded.output.split())
    assert f"site-01: would take site-02's name {AORAKI!r} while site-02 takes site-01's, {BENMORE!r}" in said
    assert (
        "If the names were traded in the platform's web app, trade them back there (the manifest is then "
        "in sync)" in said
    )
    assert back.exit_code == 0, back.output
    assert "No changes." in back.stdout
