"""Another tool's connection holds a device carrying `QUICKSTART:dam-a/logger-1`, the old refId of a
`moved` rename of logger-1 to logger-9 in another case, and under it a sensor `SN-1` holding 50
observations. The refusal named that device but its step spoke of the stack as the device spells it
(`QUICKSTART:`), or of no prefix at all: followed with the natural retype
`quickstart:dam-a/logger-1-copy`, it became the stack's orphan and the next plan failed. It now says
the SERIAL_NO must not start with `quickstart:`: followed so, the next plan removes nothing."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.refused_rename import renamed_with_moved


def test_a_device_carrying_a_moved_entitys_old_refid_in_another_case_told_so_keeps_its_history(
    workspace: Workspace,
) -> None:
    _, held = another_tool_holds(workspace, "QUICKSTART:dam-a/logger-1", "SN-1")
    renamed_with_moved(workspace, "dam-a/logger-1", "dam-a/logger-9")

    said = " ".join(workspace.run("plan", QUICKSTART).output.split())
    step = said.partition("holds 1 sensor and 50 observations: ")[2].partition(" in the platform's web app")[
        0
    ]
    assert step.startswith("give it"), said
    # the step followed literally: a SERIAL_NO as it says, the device's natural retype where it says no more
    serial_no = (
        "x:their-logger" if "not start with 'quickstart:'" in step else "quickstart:dam-a/logger-1-copy"
    )
    device = {
        "changeState": "update",
        "refId": "QUICKSTART:dam-a/logger-1",
        "props": {"SERIAL_NO": serial_no},
    }
    workspace.integrate_under("other:conn", [device])

    again = workspace.run("plan", QUICKSTART)

    assert again.exit_code == 0, again.output
    assert "0 to destroy" in again.output, again.output
    assert workspace.live_entity("SN-1")["id"] == held
