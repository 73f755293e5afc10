"""A device whose template the manifest changes is replaced, its sensors created again with it: drift
folded them all into the device's MODIFIED entry ("and 2 entities below it"), one of which was gone
from the platform already, and the summary said "0 missing" (fz69). What is live and goes with the
device is below it; what is missing already is MISSING on its own, and counted."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


def test_the_sensor_gone_already_is_missing_and_the_live_one_below_the_device(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    gone = {"changeState": "remove", "refId": "quickstart:dam-a/weather/battery"}
    workspace.integrate_under(
        "quickstart:dam-a",
        [{"changeState": "update", "refId": "quickstart:dam-a/weather", "sensors": [gone]}],
    )
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    report = workspace.json("drift", QUICKSTART)
    drifted = {entry["address"]: entry for entry in report["entries"] if entry["status"] != "IN_SYNC"}
    assert drifted["dam-a/weather"]["status"] == "MODIFIED"
    assert [each["address"] for each in drifted["dam-a/weather"]["below"]] == ["dam-a/weather/air-temp"]
    assert drifted["dam-a/weather/battery"]["status"] == "MISSING"
    assert report["summary"]["MISSING"] == 1
    text = workspace.run("drift", QUICKSTART).stdout
    assert "1 missing, 1 modified (1 more below it)" in text and "and 1 entity below it" in text
