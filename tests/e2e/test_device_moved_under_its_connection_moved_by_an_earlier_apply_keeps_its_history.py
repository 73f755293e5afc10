"""A connection renamed by one apply (dam-a to dam-b), its `moved` entry kept; then a device beneath
it renamed (logger-1 to logger-9), its `from` written where it is now, under the connection's new
key. The `from` was read under the connection's old address only, where nothing stands any more: the
plan destroyed the device, its sensors and their history. Now the reading that names a live device
is taken: the device and its sensors keep their ids and their history."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

CONNECTION_MOVED = "moved:\n  - {from: dam-a, to: dam-b}\n"
DEVICE_MOVED = "  - {from: dam-b/logger-1, to: dam-b/logger-9}\n"


def test_a_device_moved_under_its_connection_moved_by_an_earlier_apply_keeps_its_history(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    device = workspace.live_entity("quickstart:dam-a/logger-1")["id"]
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 300})
    workspace.edit(QUICKSTART, "- key: dam-a\n", "- key: dam-b\n")
    workspace.edit(QUICKSTART, "defaults:\n", CONNECTION_MOVED + "defaults:\n")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    assert workspace.live_entity("quickstart:dam-b/logger-1")["id"] == device
    workspace.edit(QUICKSTART, "- key: logger-1\n", "- key: logger-9\n")
    workspace.edit(QUICKSTART, CONNECTION_MOVED, CONNECTION_MOVED + DEVICE_MOVED)

    shown = workspace.run("plan", QUICKSTART)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")

    assert "destroys 300 observations" not in shown.stdout, shown.output
    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    assert workspace.live_entity("quickstart:dam-b/logger-9")["id"] == device
    assert workspace.live_entity("quickstart:dam-b/logger-9/crack-1")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
