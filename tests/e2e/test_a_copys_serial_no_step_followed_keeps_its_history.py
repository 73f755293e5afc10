"""Another tool's device holds a copy of the declared sensor dam-a/logger-1/pz-1, carrying its refId
`quickstart:dam-a/logger-1/pz-1`. The plan told it a copy and said "to keep it and its history, give
it another SERIAL_NO in the platform's web app": followed with a natural one still starting
`quickstart:` (`quickstart:dam-a/logger-1/pz-1-copy`), the copy became the stack's orphan and the
next plan planned its removal. It now says the SERIAL_NO must not start with `quickstart:`: followed
so, the next plan removes nothing."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds, plan_step
from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_copys_serial_no_step_followed_keeps_its_history(workspace: Workspace) -> None:
    another_tool_holds(workspace, "other:conn/device", "quickstart:dam-a/logger-1/pz-1")

    said, step = plan_step(workspace, "to keep it and its history, ")
    assert step.startswith("give it"), said
    # the step followed literally: a SERIAL_NO as it says, the copy's natural one where it says no more
    serial_no = (
        "other:pz-1" if "not start with 'quickstart:'" in step else "quickstart:dam-a/logger-1/pz-1-copy"
    )
    sensor = {
        "changeState": "update",
        "refId": "quickstart:dam-a/logger-1/pz-1",
        "props": {"SERIAL_NO": serial_no},
    }
    workspace.integrate_under(
        "other:conn", [{"changeState": "update", "refId": "other:conn/device", "sensors": [sensor]}]
    )

    again = workspace.run("plan", QUICKSTART)

    assert "0 to destroy" in again.output, again.output
