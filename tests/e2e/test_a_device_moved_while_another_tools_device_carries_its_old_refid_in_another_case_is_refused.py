"""A device renamed logger-1 → logger-9 with a `moved` entry while another tool's connection holds a
device carrying `QUICKSTART:dam-a/logger-1`, its OLD refId in another case (cr137 J0). The rename's
update goes by that old refId, which two live entities carry to a platform folding case: the apply
wrote it (4 changes), where the same write without the rename (a NAME edit) is refused. Now the
moved one's write is refused alike, naming that device; nothing written."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import Workspace
from tests.e2e.refused_rename import refused_rename


def test_a_device_moved_while_another_tools_device_carries_its_old_refid_in_another_case_is_refused(
    workspace: Workspace,
) -> None:
    copy, _ = another_tool_holds(workspace, "QUICKSTART:dam-a/logger-1", "other:conn/device/s")
    _, said = refused_rename(workspace, "dam-a/logger-1", "dam-a/logger-9")

    assert (
        "dam-a/logger-9: would update by its refId 'quickstart:dam-a/logger-1', which device "
        f"{copy} ('QUICKSTART:dam-a/logger-1') under connection" in said
    )
    assert "integrate cannot tell them apart" in said
