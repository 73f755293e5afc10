"""Another tool's connection holds a device carrying the stack's refId `quickstart:dam-z/logger-1`
(the stack's orphan, planned for removal) and under it a sensor of its own holding 50 observations
(cr145). The refusal's only way out was "remove them in the platform's web app", which destroys
those 50, and it never said they were there. Now it counts them and offers first the step that
keeps them: giving the device another SERIAL_NO."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_orphans_unmanaged_sensors_holding_history_are_offered_a_step_keeping_it(
    workspace: Workspace,
) -> None:
    _, held = another_tool_holds(workspace, "quickstart:dam-z/logger-1", "loose-1")

    planned = workspace.run("plan", QUICKSTART)

    assert planned.exit_code == 1, planned.output
    said = " ".join(planned.output.split())
    refusal = said[said.index("removing this device would also remove 1 entity") :]
    assert "(SERIAL_NO 'loose-1', 50 observations);" in refusal
    keeping = refusal.index(
        "a SERIAL_NO that does not start with 'quickstart:' in the platform's web app "
        "(their 50 observations stay)"
    )
    assert keeping < refusal.index("remove them in the platform's web app")
    assert workspace.live_entity("loose-1")["id"] == held
