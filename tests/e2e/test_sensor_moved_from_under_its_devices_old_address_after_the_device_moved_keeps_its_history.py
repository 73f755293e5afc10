"""A device renamed by one apply (logger-1 to logger-2), its `moved` entry kept; then a sensor beneath it
renamed (crack-1 to crack-2), its `from` written as Terraform writes it, under the device's old address
(`dam-a/logger-1/crack-1`). The sensor stands at `dam-a/logger-2/crack-1` now, and the `from` was read
under the device's old address only, where nothing stands any more: the plan created crack-2 and
destroyed the sensor and its 300 observations. Now each moved parent is read under its old key or its
new one, and the reading naming a live sensor is taken: its id and its history kept."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

DEVICE_MOVED = "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-2}\n"
SENSOR_MOVED = "  - {from: dam-a/logger-1/crack-1, to: dam-a/logger-2/crack-2}\n"


def test_a_sensor_moved_from_under_its_devices_old_address_after_the_device_moved_keeps_its_history(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 300})
    workspace.edit(QUICKSTART, "- key: logger-1\n", "- key: logger-2\n")
    workspace.edit(QUICKSTART, "defaults:\n", DEVICE_MOVED + "defaults:\n")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    assert workspace.live_entity("quickstart:dam-a/logger-2/crack-1")["id"] == sensor
    workspace.edit(QUICKSTART, "- key: crack-1\n", "- key: crack-2\n")
    workspace.edit(QUICKSTART, DEVICE_MOVED, DEVICE_MOVED + SENSOR_MOVED)

    shown = workspace.run("plan", QUICKSTART)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")

    assert "destroys 300 observations" not in shown.stdout, shown.output
    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    assert workspace.live_entity("quickstart:dam-a/logger-2/crack-2")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
