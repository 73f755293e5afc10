"""A colleague copies a declared sensor in the web app into a connection of their own: its SERIAL_NO
(the refId) comes along. The plan shows the copy as a duplicate of the declared sensor, never as an
orphan to remove, and drift reports it DUPLICATE, not ORPHANED."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace

COPIED = "quickstart:dam-a/weather/air-temp"
SOUTH = {
    "changeState": "new",
    "props": {"NAME": "South"},
    "devices": [
        {
            "changeState": "new",
            "refId": "ot",
            "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Copy of the weather station"},
            "sensors": [
                {
                    "changeState": "new",
                    "refId": COPIED,
                    "props": {"INTEGRATION_ID": "TEMPERATURE_SDE", "NAME": "Air copy"},
                }
            ],
        }
    ],
}


def copied(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.integrate({"integration": SOUTH})
    return workspace


def test_the_plan_shows_the_copy_as_a_duplicate_and_removes_nothing(workspace: Workspace) -> None:
    plan = copied(workspace).json("plan", QUICKSTART)
    [copy] = [
        change for change in plan["changes"] if change["live_ref_id"] == COPIED and "#" in change["address"]
    ]
    assert copy["action"] == "duplicate", copy
    assert copy["reason"].startswith("a copy of dam-a/weather/air-temp"), copy
    assert plan["summary"]["destroy"] == 0, plan["summary"]


def test_drift_reports_it_duplicate_not_orphaned(workspace: Workspace) -> None:
    drift = copied(workspace).run("drift", QUICKSTART, "--format", "json")
    statuses = {entry["status"] for entry in json.loads(drift.stdout)["entries"]}
    assert "DUPLICATE" in statuses and "ORPHANED" not in statuses, drift.stdout
