"""A device renamed by one apply (logger-1 to logger-2), its `moved` entry kept; then a sensor beneath it
renamed (crack-1 to crack-2), its `from` written as Terraform writes it, under the device's old address
(`dam-a/logger-1/crack-1`). The sensor stands at `dam-a/logger-2/crack-1` now, and the `from` was read
under the device's old address only, where nothing stands any more: the plan created crack-2 and
destroyed the sensor and its 300 observations. Now each moved parent is read under its old key or its
new one, and the reading naming a live sensor is taken: its id and its history kept."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import (
    applied_with_observations,
    planned_then_applied,
    rekey,
    rekeyed_and_applied,
)

DEVICE_MOVED = "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-2}\n"
SENSOR_MOVED = "  - {from: dam-a/logger-1/crack-1, to: dam-a/logger-2/crack-2}\n"


def test_a_sensor_moved_from_under_its_devices_old_address_after_the_device_moved_keeps_its_history(
    workspace: Workspace,
) -> None:
    sensor = applied_with_observations(workspace, "dam-a/logger-1/crack-1", 300)
    rekeyed_and_applied(workspace, DEVICE_MOVED, ("logger-1", "logger-2"))
    assert workspace.live_entity("quickstart:dam-a/logger-2/crack-1")["id"] == sensor
    rekey(workspace, ("crack-1", "crack-2"))
    workspace.edit(QUICKSTART, DEVICE_MOVED, DEVICE_MOVED + SENSOR_MOVED)

    shown, applied = planned_then_applied(workspace)

    assert "destroys 300 observations" not in shown.stdout, shown.output
    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    assert workspace.live_entity("quickstart:dam-a/logger-2/crack-2")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
