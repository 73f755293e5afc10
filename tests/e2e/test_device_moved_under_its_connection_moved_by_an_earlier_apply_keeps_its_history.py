"""A connection renamed by one apply (dam-a to dam-b), its `moved` entry kept; then a device beneath
it renamed (logger-1 to logger-9), its `from` written where it is now, under the connection's new
key. The `from` was read under the connection's old address only, where nothing stands any more: the
plan destroyed the device, its sensors and their history. Now the reading that names a live device
is taken: the device and its sensors keep their ids and their history."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import (
    applied_with_observations,
    planned_then_applied,
    rekey,
    rekeyed_and_applied,
)

CONNECTION_MOVED = "moved:\n  - {from: dam-a, to: dam-b}\n"
DEVICE_MOVED = "  - {from: dam-b/logger-1, to: dam-b/logger-9}\n"


def test_a_device_moved_under_its_connection_moved_by_an_earlier_apply_keeps_its_history(
    workspace: Workspace,
) -> None:
    sensor = applied_with_observations(workspace, "dam-a/logger-1/crack-1", 300)
    device = workspace.live_entity("quickstart:dam-a/logger-1")["id"]
    rekeyed_and_applied(workspace, CONNECTION_MOVED, ("dam-a", "dam-b"))
    assert workspace.live_entity("quickstart:dam-b/logger-1")["id"] == device
    rekey(workspace, ("logger-1", "logger-9"))
    workspace.edit(QUICKSTART, CONNECTION_MOVED, CONNECTION_MOVED + DEVICE_MOVED)

    shown, applied = planned_then_applied(workspace)

    assert "destroys 300 observations" not in shown.stdout, shown.output
    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    assert workspace.live_entity("quickstart:dam-b/logger-9")["id"] == device
    assert workspace.live_entity("quickstart:dam-b/logger-9/crack-1")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
