"""A sensor renamed by one apply (crack-1 to crack-2), its `moved` entry kept; then its connection and
its device renamed (dam-a to dam-b, logger-1 to logger-2) and the sensor's entry rewritten beneath
them, `{from: dam-a/logger-1/crack-1, to: dam-b/logger-2/crack-2}`. The sensor stands at
`dam-a/logger-1/crack-2`, its own new key under its parents' old ones: no reading named it, and the
plan was refused, asking for the device's `moved` entry already in the list. Now its own new key
under every mix of its parents' keys is a reading too: the sensor is found and moved with its
parents, its id and its history kept."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import (
    applied_with_observations,
    planned_then_applied,
    rekey,
    rekeyed_and_applied,
)

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
    sensor = applied_with_observations(workspace, "dam-a/logger-1/crack-1", 300)
    device = workspace.live_entity("quickstart:dam-a/logger-1")["id"]
    rekeyed_and_applied(workspace, SENSOR_MOVED, ("crack-1", "crack-2"))
    assert workspace.live_entity("quickstart:dam-a/logger-1/crack-2")["id"] == sensor
    rekey(workspace, ("dam-a", "dam-b"), ("logger-1", "logger-2"))
    workspace.edit(QUICKSTART, SENSOR_MOVED, ALL_MOVED)

    shown, applied = planned_then_applied(workspace)

    assert shown.exit_code == 0, shown.output
    assert "destroys 300 observations" not in shown.stdout, shown.output
    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    assert workspace.live_entity("quickstart:dam-b/logger-2")["id"] == device
    assert workspace.live_entity("quickstart:dam-b/logger-2/crack-2")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
