"""Another tool's connection holds a copy of the declared device dam-a/logger-1 carrying its refId
in another case, `QUICKSTART:dam-a/logger-1`, and under it a sensor `SN-1` holding 50 observations.
The plan told the device a copy (refIds are compared folded) but said only "give it another
SERIAL_NO": followed with the natural retype `quickstart:dam-a/logger-1-copy`, the copy became the
stack's orphan and the next plan failed, as removing it would take the sensor the stack does not
own. It now says the SERIAL_NO must not start with `quickstart:`, whatever case the copy carries:
followed so, the next plan removes nothing."""

from __future__ import annotations

from tests.e2e.another_tools_connection import (
    another_tool_holds,
    device_serial_no_step_followed,
    next_plan_keeps,
    plan_step,
)
from tests.e2e.conftest import Workspace


def test_a_look_alike_copys_serial_no_step_followed_keeps_its_history(workspace: Workspace) -> None:
    _, held = another_tool_holds(workspace, "QUICKSTART:dam-a/logger-1", "SN-1")

    said, step = plan_step(workspace, "to keep it and its history, ")
    assert step.startswith("give it"), said
    # the step followed literally: a SERIAL_NO as it says, the copy's natural retype where it says no more
    device_serial_no_step_followed(
        workspace, "QUICKSTART:dam-a/logger-1", step, "quickstart:dam-a/logger-1-copy"
    )

    next_plan_keeps(workspace, "SN-1", held)
