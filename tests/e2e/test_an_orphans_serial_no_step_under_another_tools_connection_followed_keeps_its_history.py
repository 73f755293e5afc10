"""Another tool's connection holds a device carrying the stack's refId `quickstart:dam-z/logger-1`
(the stack's orphan, planned for removal) and under it a sensor of its own holding 50 observations.
The refusal said "give #…/logger-1 (SERIAL_NO 'quickstart:dam-z/logger-1') another SERIAL_NO in the
platform's web app (their 50 observations stay)": followed with a SERIAL_NO still starting
`quickstart:` (`quickstart:dam-z/logger-old`), the device stayed the stack's orphan and the next plan
planned its removal again. It now says the SERIAL_NO must not start with `quickstart:`: followed so,
the next plan removes nothing."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_orphans_serial_no_step_under_another_tools_connection_followed_keeps_its_history(
    workspace: Workspace,
) -> None:
    _, held = another_tool_holds(workspace, "quickstart:dam-z/logger-1", "loose-1")

    said = " ".join(workspace.run("plan", QUICKSTART).output.split())
    refusal = said[said.index("removing this device would also remove 1 entity") :]
    step = refusal.partition("(SERIAL_NO 'quickstart:dam-z/logger-1') ")[2].partition(" in the platform's")[0]
    assert step, said
    # the step followed literally: a SERIAL_NO as it says, the old stays' natural one where it says no more
    serial_no = "other:x" if "not start with 'quickstart:'" in step else "quickstart:dam-z/logger-old"
    workspace.integrate_under(
        "other:conn",
        [{"changeState": "update", "refId": "quickstart:dam-z/logger-1", "props": {"SERIAL_NO": serial_no}}],
    )

    again = workspace.run("plan", QUICKSTART)

    assert "0 to destroy" in again.output, again.output
    assert "removing this device" not in again.output, again.output
    assert workspace.live_entity("loose-1")["id"] == held
