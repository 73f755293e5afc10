"""Another tool's connection holds a copy of a declared sensor or device whose refId differs only in
the stack prefix's case (`QUICKSTART:dam-a/logger-1/pz-1`), as the README says one is a copy under
any parent (fz101 F1). Its writes were refused, yet the plan said "No changes" and drift "No drift",
where the same copy as `quickstart:...` was a duplicate: a nightly drift stayed green while a copy
splitting a sensor's history stood. Now both report it a copy, as the exact-prefix one, removing
nothing."""

from __future__ import annotations

import json

import pytest

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace

SENSOR = ("othertool:d", "QUICKSTART:dam-a/logger-1/pz-1", "dam-a/logger-1/pz-1")
DEVICE = ("QUICKSTART:dam-a/logger-1", "othertool:s", "dam-a/logger-1")


@pytest.mark.parametrize(("device", "sensor", "original"), [SENSOR, DEVICE], ids=["sensor", "device"])
def test_the_plan_reports_the_copy(workspace: Workspace, device: str, sensor: str, original: str) -> None:
    another_tool_holds(workspace, device, sensor, connection_ref_id="othertool:c2")
    copied = device if device.startswith("QUICKSTART:") else sensor

    plan = workspace.json("plan", QUICKSTART)

    [copy] = [change for change in plan["changes"] if change["live_ref_id"] == copied]
    assert copy["action"] == "duplicate", copy
    assert copy["reason"].startswith(f"a copy of {original} (refId {copied!r}"), copy
    assert plan["summary"]["destroy"] == 0, plan["summary"]


def test_drift_reports_the_copy(workspace: Workspace) -> None:
    another_tool_holds(workspace, "othertool:d", "QUICKSTART:dam-a/logger-1/pz-1", "othertool:c2")

    drift = workspace.run("drift", QUICKSTART, "--format", "json")

    assert drift.exit_code == 2, drift.output
    statuses = [entry["status"] for entry in json.loads(drift.stdout)["entries"]]
    assert statuses.count("DUPLICATE") == 1 and "ORPHANED" not in statuses, drift.stdout
