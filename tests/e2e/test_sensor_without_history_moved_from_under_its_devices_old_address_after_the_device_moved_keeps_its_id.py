"""A device renamed by one apply (logger-1 to logger-2), its `moved` entry kept; then a sensor beneath it
that holds no observations renamed (tilt-1 to tilt-2), its `from` under the device's old address
(`dam-a/logger-1/tilt-1`). Nothing stands there any more: with no history to refuse over, the plan
silently destroyed the sensor and created tilt-2 with a new id, and the apply said it succeeded. Now the
reading naming the live sensor (`dam-a/logger-2/tilt-1`) is taken: the same sensor, its id kept."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

DEVICE_MOVED = "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-2}\n"
SENSOR_MOVED = "  - {from: dam-a/logger-1/tilt-1, to: dam-a/logger-2/tilt-2}\n"


def test_a_sensor_without_history_moved_from_under_its_devices_old_address_keeps_its_id(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/tilt-1")["id"]
    workspace.edit(QUICKSTART, "- key: logger-1\n", "- key: logger-2\n")
    workspace.edit(QUICKSTART, "defaults:\n", DEVICE_MOVED + "defaults:\n")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "- key: tilt-1\n", "- key: tilt-2\n")
    workspace.edit(QUICKSTART, DEVICE_MOVED, DEVICE_MOVED + SENSOR_MOVED)

    applied = workspace.run("apply", QUICKSTART, "--auto-approve")

    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    assert workspace.live_entity("quickstart:dam-a/logger-2/tilt-2")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
