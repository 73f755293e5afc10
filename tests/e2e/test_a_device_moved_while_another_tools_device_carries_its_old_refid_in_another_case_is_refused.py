"""A device renamed logger-1 → logger-9 with a `moved` entry while another tool's connection holds a
device carrying `QUICKSTART:dam-a/logger-1`, its OLD refId in another case (cr137 J0). The rename's
update goes by that old refId, which two live entities carry to a platform folding case: the apply
wrote it (4 changes), where the same write without the rename (a NAME edit) is refused. Now the
moved one's write is refused alike, naming that device; nothing written."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_device_moved_while_another_tools_device_carries_its_old_refid_in_another_case_is_refused(
    workspace: Workspace,
) -> None:
    copy, _ = another_tool_holds(workspace, "QUICKSTART:dam-a/logger-1", "other:conn/device/s")
    old = workspace.live_entity("quickstart:dam-a/logger-1")["id"]
    workspace.edit(QUICKSTART, "- key: logger-1\n", "- key: logger-9\n")
    workspace.edit(
        QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a/logger-1, to: dam-a/logger-9}\ndefaults:\n"
    )

    applied = workspace.run("apply", QUICKSTART, "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert (
        "dam-a/logger-9: would update by its refId 'quickstart:dam-a/logger-1', which device "
        f"{copy} ('QUICKSTART:dam-a/logger-1') under connection" in said
    )
    assert "integrate cannot tell them apart" in said
    assert workspace.live_entity("quickstart:dam-a/logger-1")["id"] == old  # not renamed
