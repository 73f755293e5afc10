"""A sensor renamed by one apply (crack-1 to crack-2), its `moved` entry kept; then its connection and
its device renamed (dam-a to dam-b, logger-1 to logger-2) and the sensor's entry rewritten beneath
them, `{from: dam-a/logger-1/crack-1, to: dam-b/logger-2/crack-2}`. The sensor stands at
`dam-a/logger-1/crack-2`, its own new key under its parents' old ones: no reading named it, and the
plan was refused, asking for the device's `moved` entry already in the list. Now its own new key
under every mix of its parents' keys is a reading too: the sensor is found and moved with its
parents, its id and its history kept."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

SENSOR_MOVED = "moved:\n  - {from: dam-a/logger-1/crack-1, to: dam-a/logger-1/crack-2}\n"
ALL_MOVED = (
    "moved:\n"
    "  - {from: dam-a, to: dam-b}\n"
    "  - {from: dam-a/logger-1, to: dam-b/logger-2}\n"
    "  - {from: dam-a/logger-1/crack-1, to: dam-b/logger-2/crack-2}\n"
)


def test_parents_renamed_after_a_sensors_move_was_applied_keep_the_sensors_history(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    device = workspace.live_entity("quickstart:dam-a/logger-1")["id"]
    sensor = workspace.live_entity("quickstart:dam-a/logger-1/crack-1")["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor, "count": 300})
    workspace.edit(QUICKSTART, "- key: crack-1\n", "- key: crack-2\n")
    workspace.edit(QUICKSTART, "defaults:\n", SENSOR_MOVED + "defaults:\n")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-2")["id"] == sensor
    workspace.edit(QUICKSTART, "- key: dam-a\n", "- key: dam-b\n")
    workspace.edit(QUICKSTART, "- key: logger-1\n", "- key: logger-2\n")
    workspace.edit(QUICKSTART, SENSOR_MOVED, ALL_MOVED)

    shown = workspace.run("plan", QUICKSTART)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")

    assert shown.exit_code == 0, shown.output
    assert "destroys 300 observations" not in shown.stdout, shown.output
    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    assert workspace.live_entity("quickstart:dam-b/logger-2")["id"] == device
    assert workspace.live_entity("quickstart:dam-b/logger-2/crack-2")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
