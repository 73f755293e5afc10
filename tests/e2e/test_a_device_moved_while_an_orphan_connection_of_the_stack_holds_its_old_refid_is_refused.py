"""A device renamed logger-1 → logger-9 with a `moved` entry while another writer put a connection
`quickstart:dam-old` (the stack's prefix: an orphan the plan reads and removes) holding a device
carrying `quickstart:dam-a/logger-1`, logger-1's OLD refId (cr139 F1). The rename's update goes by
that refId, which two live entities carry then (the removal comes after the writes): the apply with
--allow-destroy wrote it and removed dam-old with its 50 observations, where the same write without
the rename (a NAME edit) is refused. Now the moved one's write is refused alike, naming that device;
nothing written, nothing removed."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.refused_rename import renamed_with_moved


def test_a_device_moved_while_an_orphan_connection_of_the_stack_holds_its_old_refid_is_refused(
    workspace: Workspace,
) -> None:
    _, held = another_tool_holds(
        workspace,
        "quickstart:dam-a/logger-1",
        "quickstart:dam-old/x/s1",
        connection_ref_id="quickstart:dam-old",
    )
    devices = workspace.api("GET", "/api/devices/all", params={"projectIds": PROJECT, "pageSize": 1000})
    copy = next(
        device["id"] for device in devices if device["props"]["NAME"] == "stray"
    )  # logger-1's namesake
    history = workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["id"]
    renamed_with_moved(workspace, "dam-a/logger-1", "dam-a/logger-9")

    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")

    assert applied.exit_code == 1, applied.output
    said = " ".join(applied.output.split())
    assert (
        "dam-a/logger-9: would update by its refId 'quickstart:dam-a/logger-1', which device "
        f"{copy} ('quickstart:dam-a/logger-1') under connection" in said
    )
    assert "integrate cannot tell them apart" in said
    assert workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["id"] == history  # not renamed
    assert workspace.live_entity("quickstart:dam-old/x/s1")["id"] == held  # not removed
