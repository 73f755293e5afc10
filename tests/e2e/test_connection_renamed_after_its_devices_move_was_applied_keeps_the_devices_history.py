"""A device renamed by one apply (logger-1 to logger-2), its `moved` entry kept; then its connection
renamed (dam-a to dam-b) and the device's entry rewritten to the new connection,
`{from: dam-a/logger-1, to: dam-b/logger-2}`. The device stands at `dam-a/logger-2`, its own new key
under the connection's old one: its `from` was read under no mix naming it, and the plan was refused,
asking for the connection's `moved` entry already in the list. Now the entity's own new key under
every mix of its parents' keys is a reading too: the device is found and moved with its connection,
its id and its sensors' history kept."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import (
    applied_with_observations,
    planned_then_applied,
    rekey,
    rekeyed_and_applied,
)

DEVICE_MOVED = "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-2}\n"
BOTH_MOVED = "moved:\n  - {from: dam-a, to: dam-b}\n  - {from: dam-a/logger-1, to: dam-b/logger-2}\n"


def test_a_connection_renamed_after_its_devices_move_was_applied_keeps_the_devices_history(
    workspace: Workspace,
) -> None:
    sensor = applied_with_observations(workspace, "dam-a/logger-1/crack-1", 300)
    device = workspace.live_entity("quickstart:dam-a/logger-1")["id"]
    rekeyed_and_applied(workspace, DEVICE_MOVED, ("logger-1", "logger-2"))
    assert workspace.live_entity("quickstart:dam-a/logger-2")["id"] == device
    rekey(workspace, ("dam-a", "dam-b"))
    workspace.edit(QUICKSTART, DEVICE_MOVED, BOTH_MOVED)

    shown, applied = planned_then_applied(workspace)

    assert shown.exit_code == 0, shown.output
    assert "destroys 300 observations" not in shown.stdout, shown.output
    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout
    assert workspace.live_entity("quickstart:dam-b/logger-2")["id"] == device
    assert workspace.live_entity("quickstart:dam-b/logger-2/crack-1")["id"] == sensor
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
