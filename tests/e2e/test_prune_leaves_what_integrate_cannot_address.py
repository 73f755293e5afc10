"""A web-app device with no refId (SERIAL_NO), beside a managed change: `--prune-unmanaged` leaves
it, saying why, and the apply's managed writes go ahead (integrate removes only by refId: the
removal was once sent with `"refId": null` and failed the whole connection's call)."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

WEB_APP_DEVICE = {"changeState": "new", "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "Logger A"}}


def test_a_device_without_a_ref_id_is_left_and_the_managed_rename_applied(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.integrate_under("quickstart:dam-a", [{**WEB_APP_DEVICE, "sensors": []}])
    workspace.edit(QUICKSTART, "name: Crest datalogger", "name: Crest logger")
    planned = workspace.run("plan", QUICKSTART, "--prune-unmanaged")
    assert planned.exit_code == 0, planned.output
    assert "--prune-unmanaged leaves it (integrate cannot address it: no refId)" in planned.stdout
    assert "0 to destroy" in planned.stdout
    applied = workspace.run("apply", QUICKSTART, "--prune-unmanaged", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("quickstart:dam-a/logger-1")["props"]["NAME"] == "Crest logger"
    devices = workspace.api("GET", "/api/devices/all", params={"pageSize": 1000})
    assert "Logger A" in {device["props"].get("NAME") for device in devices}
