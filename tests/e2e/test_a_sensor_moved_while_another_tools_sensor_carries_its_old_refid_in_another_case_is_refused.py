"""A sensor renamed pz-1 → pz-9 with a `moved` entry while a sensor under another tool's connection
carries `QUICKSTART:dam-a/logger-1/pz-1`, its OLD refId in another case (cr137 J0c). The rename's
update goes by that old refId, which two live entities carry to a platform folding case: the plan
offered "1 to change". Now the moved one's write is refused, naming that sensor; nothing written."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import Workspace
from tests.e2e.refused_rename import refused_rename


def test_a_sensor_moved_while_another_tools_sensor_carries_its_old_refid_in_another_case_is_refused(
    workspace: Workspace,
) -> None:
    _, copy = another_tool_holds(workspace, "other:conn/device", "QUICKSTART:dam-a/logger-1/pz-1")
    _, said = refused_rename(workspace, "dam-a/logger-1/pz-1", "dam-a/logger-1/pz-9")

    assert (
        "dam-a/logger-1/pz-9: would update by its refId 'quickstart:dam-a/logger-1/pz-1', which sensor "
        f"{copy} ('QUICKSTART:dam-a/logger-1/pz-1') under connection" in said
    )
