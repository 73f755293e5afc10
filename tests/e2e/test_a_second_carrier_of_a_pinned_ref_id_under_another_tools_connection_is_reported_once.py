"""A device pinned by `ref_id: legacy:d1` lives under dam-a, and another tool's connection holds a
second device carrying `legacy:d1` exactly: of two carrying it, one is a copy (README). Before fx345
plan said "No changes" and drift "No drift" (exit 0): the second carrier went unreported. Now both
report it once as a copy of dam-a/station, and nothing removes it (fx352)."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_review_cases import another_tools_logger

PINNED = "        devices:\n          - key: station\n            ref_id: legacy:d1\n"


def test_plan_and_drift_report_the_second_carrier_once(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "station"}
    workspace.integrate_under(
        "quickstart:dam-a", [{"changeState": "new", "refId": "legacy:d1", "props": props}]
    )
    workspace.edit(QUICKSTART, "        devices:\n", PINNED)
    another_tools_logger(workspace, "legacy:d1")

    plan = workspace.json("plan", QUICKSTART, "--prune-unmanaged")
    drift = workspace.run("drift", QUICKSTART, "--format", "json")

    carriers = [change for change in plan["changes"] if change["live_ref_id"] == "legacy:d1"]
    by_action = {change["action"]: change for change in carriers}
    assert len(carriers) == 2 and by_action["no-op"]["address"] == "dam-a/station", carriers
    assert by_action["duplicate"]["reason"].startswith("a copy of dam-a/station (refId 'legacy:d1')"), (
        carriers
    )
    assert plan["summary"]["destroy"] == 0, plan["summary"]
    assert drift.exit_code == 2, drift.output
    statuses = [entry["status"] for entry in json.loads(drift.stdout)["entries"]]
    assert statuses.count("DUPLICATE") == 1 and "ORPHANED" not in statuses, drift.stdout
