"""Two rows of a --sites file with their keys swapped: `plan` and `apply` refuse the trade at site-02,
about site-01 too and every write beneath both (cr146 F3). `drift --format json` marked only site-02
`refused`: site-01, its weather station's removal and site-02's station's creation read
`refused: false`, so a pipeline gating on the flag would apply what iotplan refuses. Now each entry
the refusal is about is refused, its reason pointing at site-02's, which tells why."""

from __future__ import annotations

from tests.e2e.conftest import Workspace
from tests.e2e.sites_trading_names import AORAKI, BENMORE, TEMPLATE, applied_with_history, sites


def test_drift_marks_every_entity_a_refusal_is_about_refused(workspace: Workspace) -> None:
    applied_with_history(workspace)
    sites(workspace, "site-02," + AORAKI, "site-01," + BENMORE)

    report = workspace.json("drift", TEMPLATE, "--sites", "sites.csv")

    refused = {entry["address"]: entry for entry in report["entries"] if entry["refused"]}
    drifted = {entry["address"] for entry in report["entries"] if entry["status"] != "IN_SYNC"}
    assert drifted <= refused.keys(), drifted - refused.keys()
    assert {"site-01", "site-02", "site-01/weather", "site-02/weather"} <= refused.keys()
    assert "would take site-01's name" in refused["site-02"]["reason"]
    for address in ("site-01", "site-01/weather", "site-02/weather"):
        reason = refused[address]["reason"]
        assert reason.endswith("`plan` and `apply` refuse it: see site-02"), reason
