"""A `--target` on a sensor adopted by a refId not of the stack (`ref_id: "SN:0042"`) beneath a
device a `moved` entry renames: its refId names no device key, so made alone it names nothing the
move takes. It was refused as if its refId would name the device's new key; its change is applied,
the device left at its old key."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_device import move_device

FOREIGN = (
    "              - key: sn-42\n"
    "                name: Serial 42\n"
    "                template: TEMPERATURE_SDE\n"
    '                ref_id: "SN:0042"\n'
    "              - key: crack-1\n"
)


def test_a_foreign_ref_id_sensor_of_a_moved_device_targeted_alone_is_applied(workspace: Workspace) -> None:
    workspace.edit(QUICKSTART, "              - key: crack-1\n", FOREIGN)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "name: Serial 42\n", "name: Serial 42b\n")
    move_device(workspace, "dam-a", "logger-1", "logger-9")
    applied = workspace.run("apply", QUICKSTART, "--target", "dam-a/logger-9/sn-42", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("SN:0042")["props"]["NAME"] == "Serial 42b"
    assert workspace.live_entity("quickstart:dam-a/logger-1")  # the move left out
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
