"""A connection renamed by one apply (dam-a to dam-b), its `moved` entry kept; then its device and a
sensor beneath renamed (logger-1 to logger-2, crack-1 to crack-2), each `from` written under its
parents' new addresses. The sensor stands under a mix of its parents' addresses now,
`dam-b/logger-1/crack-1` (the connection's new key, the device's old one): its `from` was read under
both parents' old addresses or as written, neither of them live, and the plan destroyed the sensor and
its 300 observations. Now every mix of each moved parent's old or new key is a reading: the one naming
the live sensor is taken, its id and its history kept."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import (
    applied_with_observations,
    planned_then_applied,
    rekey,
    rekeyed_and_applied,
)

CONNECTION_MOVED = "moved:\n  - {from: dam-a, to: dam-b}\n"
BENEATH_MOVED = (
    "  - {from: dam-b/logger-1, to: dam-b/logger-2}\n"
    "  - {from: dam-b/logger-2/crack-1, to: dam-b/logger-2/crack-2}\n"
)


def test_a_sensor_moved_under_parents_half_moved_by_an_earlier_apply_keeps_its_history(
    workspace: Workspace,
) -> None:
    sensor = applied_with_observations(workspace, "dam-a/logger-1/crack-1", 300)
    device = workspace.live_entity("quickstart:dam-a/logger-1")["id"]
    rekeyed_and_applied(workspace, CONNECTION_MOVED, ("dam-a", "dam-b"))
    assert workspace.live_entity("quickstart:dam-b/logger-1/crack-1")["id"] == sensor
    rekey(workspace, ("logger-1", "logger-2"), ("crack-1", "crack-2"))
    workspace.edit(QUICKSTART, CONNECTION_MOVED, CONNECTION_MOVED + BENEATH_MOVED)

    shown, applied = planned_then_applied(workspace)

    assert "destroys 300 observations" not in shown.stdout, shown.output
    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    assert workspace.live_entity("quickstart:dam-b/logger-2")["id"] == device
    assert workspace.live_entity("quickstart:dam-b/logger-2/crack-2")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
