"""Another tool's connection holds a copy of the declared device dam-a/logger-1 carrying its refId
in another case, `QUICKSTART:dam-a/logger-1`, and under it a sensor `SN-1` holding 50 observations.
The plan told the device a copy (refIds are compared folded) but said only "give it another
SERIAL_NO": followed with the natural retype `quickstart:dam-a/logger-1-copy`, the copy became the
stack's orphan and the next plan failed, as removing it would take the sensor the stack does not
own. It now says the SERIAL_NO must not start with `quickstart:`, whatever case the copy carries:
followed so, the next plan removes nothing."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_look_alike_copys_serial_no_step_followed_keeps_its_history(workspace: Workspace) -> None:
    _, held = another_tool_holds(workspace, "QUICKSTART:dam-a/logger-1", "SN-1")

    said = " ".join(workspace.run("plan", QUICKSTART).output.split())
    step = said.partition("to keep it and its history, ")[2].partition(" in the platform's web app")[0]
    assert step.startswith("give it"), said
    # the step followed literally: a SERIAL_NO as it says, the copy's natural retype where it says no more
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
