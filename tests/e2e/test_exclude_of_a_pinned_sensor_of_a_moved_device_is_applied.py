"""An `--exclude` of a sensor pinned by `ref_id:` beneath a device a `moved` entry renames: the move
never rewrites a pinned refId, so the excluded sensor is left as the whole plan leaves it. It was
refused as if the move rewrote its refId too; the move is applied, the sensor's own change left."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_device import move_device

PINNED = "              - key: pz-1\n                ref_id: quickstart:dam-a/logger-1/pz-1\n"


def test_a_pinned_sensor_of_a_moved_device_excluded_is_applied(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "              - key: pz-1\n", PINNED)
    workspace.edit(QUICKSTART, "name: Piezometer PZ-1\n", "name: Piezometer PZ-1b\n")
    move_device(workspace, "dam-a", "logger-1", "logger-9")
    applied = workspace.run("apply", QUICKSTART, "--exclude", "dam-a/logger-9/pz-1", "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert workspace.live_entity("quickstart:dam-a/logger-9")  # the move was made
    pinned = workspace.live_entity("quickstart:dam-a/logger-1/pz-1")  # its refId, as pinned
    assert pinned["props"]["NAME"] == "Piezometer PZ-1"  # its own change left out
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
