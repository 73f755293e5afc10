"""Two connections whose live names, set by another writer, hold a credential (a schemeless
`sa:pw@host`, `ops:pw@host`) and a manifest naming each with the other's, in another case: the refusal
of the trade quotes both live names as views show them, `(sensitive)@host`, in plan's error and in
every drift format. (A name views hide whole, `Bearer eyJ...`, is refused in a manifest, so it is
traded by none.)"""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import TEMPLATE, applied_with_history, sites

PASSWORD = "Pw0rd1"
OTHER_PASSWORD = "Gw0rd2"
FEED = " - datalogger feed"


def named(workspace: Workspace, site: str, name: str) -> None:
    node = workspace.live_entity(f"multi-site:{site}")
    update = {"nodeId": node["id"], "changeState": "update", "props": {"NAME": name}}
    workspace.integrate({"integration": update})


@pytest.fixture
def traded(workspace: Workspace) -> Workspace:
    applied_with_history(workspace)
    named(workspace, "site-01", f"ops:{OTHER_PASSWORD}@gw.example{FEED}")
    named(workspace, "site-02", f"sa:{PASSWORD}@db.example{FEED}")
    # Each row names its site with the other's live name, as a person reads it (another case).
    sites(
        workspace,
        f"site-01,sa:{PASSWORD.upper()}@DB.EXAMPLE,-39.2383,169.5085,3,true\n",
        f"site-02,OPS:{OTHER_PASSWORD.lower()}@gw.example,-42.5093,168.7244,3,\n",
    )
    return workspace


def test_plan_refuses_the_trade_quoting_the_names_masked(traded: Workspace) -> None:
    refused = traded.run("plan", TEMPLATE, "--sites", "sites.csv")
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.output.split())
    assert "site-01: would take site-02's name '(sensitive)@db.example" in said, said
    assert "while site-02 takes site-01's, '(sensitive)@gw.example" in said, said
    assert OTHER_PASSWORD not in refused.output and PASSWORD not in refused.output


@pytest.mark.parametrize("output", ["text", "json", "markdown", "junit", "html"])
def test_drift_quotes_the_traded_names_masked(traded: Workspace, output: str) -> None:
    reported = traded.run("drift", TEMPLATE, "--sites", "sites.csv", "--format", output)
    assert reported.exit_code in (1, 2), reported.output
    assert "trade names" in reported.output, reported.output
    assert "(sensitive)" in reported.output
    assert OTHER_PASSWORD not in reported.output and PASSWORD not in reported.output
