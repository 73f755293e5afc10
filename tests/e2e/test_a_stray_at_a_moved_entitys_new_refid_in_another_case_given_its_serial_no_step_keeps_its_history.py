"""Another tool's connection holds a device carrying `QUICKSTART:dam-a/logger-9`, the new refId of
a `moved` rename of logger-1 in another case, and under it a sensor `SN-1` holding 50 observations.
The refusal found it as the rename's stray (refIds are compared folded) but said only "give it
another SERIAL_NO": followed with the natural retype `quickstart:dam-a/logger-9-copy`, it became
the stack's orphan and the next plan failed. It now says the SERIAL_NO must not start with
`quickstart:`, whatever case the stray carries: followed so, the next plan removes nothing."""

from __future__ import annotations

from tests.e2e.another_tools_connection import (
    another_tool_holds,
    device_serial_no_step_followed,
    next_plan_keeps,
    plan_step,
)
from tests.e2e.conftest import Workspace
from tests.e2e.refused_rename import renamed_with_moved


def test_a_stray_at_a_moved_entitys_new_refid_in_another_case_given_its_serial_no_step_keeps_its_history(
    workspace: Workspace,
) -> None:
    _, held = another_tool_holds(workspace, "QUICKSTART:dam-a/logger-9", "SN-1")
    renamed_with_moved(workspace, "dam-a/logger-1", "dam-a/logger-9")

    said, step = plan_step(workspace, "not by the move. ", " in the platform's web app (its history stays)")
    assert step.startswith("Give it"), said
    # the step followed literally: a SERIAL_NO as it says, the stray's natural retype where it says no more
    device_serial_no_step_followed(
        workspace, "QUICKSTART:dam-a/logger-9", step, "quickstart:dam-a/logger-9-copy"
    )

    next_plan_keeps(workspace, "SN-1", held)
