"""Another tool's connection holds a device carrying `QUICKSTART:dam-a/logger-1`, the old refId of a
`moved` rename of logger-1 to logger-9 in another case, and under it a sensor `SN-1` holding 50
observations. The refusal named that device but its step spoke of the stack as the device spells it
(`QUICKSTART:`), or of no prefix at all: followed with the natural retype
`quickstart:dam-a/logger-1-copy`, it became the stack's orphan and the next plan failed. It now says
the SERIAL_NO must not start with `quickstart:`: followed so, the next plan removes nothing."""

from __future__ import annotations

from tests.e2e.another_tools_connection import (
    another_tool_holds,
    device_serial_no_step_followed,
    next_plan_keeps,
    plan_step,
)
from tests.e2e.conftest import Workspace
from tests.e2e.refused_rename import renamed_with_moved


def test_a_device_carrying_a_moved_entitys_old_refid_in_another_case_told_so_keeps_its_history(
    workspace: Workspace,
) -> None:
    _, held = another_tool_holds(workspace, "QUICKSTART:dam-a/logger-1", "SN-1")
    renamed_with_moved(workspace, "dam-a/logger-1", "dam-a/logger-9")

    said, step = plan_step(workspace, "holds 1 sensor and 50 observations: ")
    assert step.startswith("give it"), said
    # the step followed literally: a SERIAL_NO as it says, the device's natural retype where it says no more
    device_serial_no_step_followed(
        workspace, "QUICKSTART:dam-a/logger-1", step, "quickstart:dam-a/logger-1-copy"
    )

    next_plan_keeps(workspace, "SN-1", held)
