"""`plan --destroy` where another writer cleared the SERIAL_NO of one of the stack's devices (a
NAME-only update on a platform whose updates replace props): the removal of its connection is
refused, as it takes a device the stack cannot show it owns. The refusal said "keep it in the
manifest", which no manifest can do for a device with no SERIAL_NO. It says the device has none,
whose refIds its sensors carry, and the step that works: its SERIAL_NO back, then plan again."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_history import applied_with_observations
from tests.e2e.test_thread import rpc


def test_destroying_a_connection_holding_the_stacks_device_that_lost_its_serial_no_says_how_to_own_it(
    workspace: Workspace,
) -> None:
    applied_with_observations(workspace, "dam-a/logger-1/pz-1", 500)
    logger = workspace.live_entity("quickstart:dam-a/logger-1")
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": {"SERIAL_NO": None, "NAME": "Edited"}})
    refused = workspace.run("plan", QUICKSTART, "--destroy")
    assert refused.exit_code == 1, refused.output
    said = " ".join(refused.output.split())
    assert "(no SERIAL_NO, 500 observations)" in said and "keep it in the manifest" not in said, said
    assert "has no SERIAL_NO, so no manifest can keep or adopt it" in said, said
    assert "the sensors under it carry refIds of stack 'quickstart' naming dam-a/logger-1" in said, said
    assert (
        "set its SERIAL_NO to 'quickstart:dam-a/logger-1' in the platform's web app, then plan again" in said
    ), said
    assert "or pass --prune-unmanaged to remove it too" in said, said
    applied = workspace.run("apply", QUICKSTART, "--destroy", "--prune-unmanaged", "--auto-approve")
    assert applied.exit_code == 1 and "--allow-destroy" in applied.output, applied.output  # the guard holds
