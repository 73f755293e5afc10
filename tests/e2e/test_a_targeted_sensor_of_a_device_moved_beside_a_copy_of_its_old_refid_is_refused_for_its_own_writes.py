"""A device renamed logger-1 → logger-9 with a `moved` entry while another tool's connection holds a
device carrying `QUICKSTART:dam-a/logger-1`, its OLD refId in another case: every write by that refId
is refused (cr139 F2). `--target dam-a/logger-9/pz-1` listed the refusals of crack-1's and tilt-1's
writes too, which the selection leaves out (README: a refusal outside the fence refuses nothing). Now
it lists pz-1's, and the move of logger-9 it needs."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.moved_device import move_device


def test_a_targeted_sensor_of_a_device_moved_beside_a_copy_of_its_old_refid_is_refused_for_its_own_writes(
    workspace: Workspace,
) -> None:
    another_tool_holds(workspace, "QUICKSTART:dam-a/logger-1", "other:conn/device/s")
    move_device(workspace, "dam-a", "logger-1", "logger-9")

    planned = workspace.run("plan", QUICKSTART, "--target", "dam-a/logger-9/pz-1")

    assert planned.exit_code == 1, planned.output
    refused = [line.split(": ", 2)[1] for line in planned.output.splitlines() if "would update by" in line]
    assert refused == ["dam-a/logger-9", "dam-a/logger-9/pz-1"], planned.output
