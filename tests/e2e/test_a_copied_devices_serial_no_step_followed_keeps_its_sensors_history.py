"""Another tool's connection holds a copy of the declared device dam-a/logger-1, carrying its refId,
and under it a sensor `quickstart:dam-a/logger-1/zz` holding 50 observations. The plan told the
device a copy: "to keep it and its history, give it another SERIAL_NO". Followed with a SERIAL_NO
of its own for the device alone, its sensor, still carrying the stack's prefix, became the stack's
orphan and the next plan planned its removal, with its 50 observations. It now names the sensor
too: followed so, the next plan removes nothing."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds, plan_step, serial_no_step_followed
from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_copied_devices_serial_no_step_followed_keeps_its_sensors_history(workspace: Workspace) -> None:
    _, held = another_tool_holds(workspace, "quickstart:dam-a/logger-1", "quickstart:dam-a/logger-1/zz")

    said, step = plan_step(workspace, "to keep it and its history, ")
    assert step.startswith("give it"), said
    # the step followed literally: what it names is given a SERIAL_NO of its own, as it says
    serial_no_step_followed(workspace, "quickstart:dam-a/logger-1", "and its 1 sensor" in step)

    again = workspace.run("plan", QUICKSTART)

    assert "0 to destroy" in again.output, again.output
    assert workspace.live_entity("x:zz")["id"] == held
