"""An `--exclude` of one sensor of a device a `moved` entry renames: the device's move and its other
sensors' were made, the excluded sensor's refId left naming the old device key, which the device no
longer has. Refused, naming the move and the sensor it rewrites too."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_device import move_device


def test_a_sensor_of_a_moved_device_excluded_is_refused(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    move_device(workspace, "dam-a", "logger-1", "logger-9")
    refused = workspace.run("apply", QUICKSTART, "--exclude", "dam-a/logger-9/pz-1", "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert (
        "dam-a/logger-9: its move from dam-a/logger-1 rewrites the refIds of dam-a/logger-9/pz-1 too, "
        "which --exclude leaves out"
    ) in refused.stderr
    assert "exclude dam-a/logger-9 too, or narrow the exclusion" in refused.stderr
    assert workspace.live_entity("quickstart:dam-a/logger-1")  # nothing was moved
    assert workspace.run("apply", QUICKSTART, "--exclude", "dam-a/logger-9", "--auto-approve").exit_code == 0
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")  # fenced off whole: still as it was
