"""A `--target` on one sensor of a device a `moved` entry renames (fz89): the sensor's refId was
moved alone, so it sat under a device still at the old key, and the manifest from before was then
refused with advice naming a device that did not exist. A fence that selects part of a moved
subtree without its moved ancestor is refused, naming the move to select too."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_device import move_device


def test_a_sensor_of_a_moved_device_targeted_alone_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    move_device(workspace, "dam-a", "logger-1", "logger-9")
    refused = workspace.run("apply", QUICKSTART, "--target", "dam-a/logger-9/pz-1", "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert "dam-a/logger-9/pz-1: needs the move of dam-a/logger-1 to dam-a/logger-9" in refused.stderr
    assert "target dam-a/logger-9 instead" in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")  # nothing was moved
    applied = workspace.run("apply", QUICKSTART, "--target", "dam-a/logger-9", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
