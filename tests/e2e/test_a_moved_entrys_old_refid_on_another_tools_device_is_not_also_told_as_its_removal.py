"""A device renamed logger-1 → logger-9 with a `moved` entry while another tool's connection holds a
device carrying `quickstart:dam-a/logger-1`, its OLD refId, and under it a sensor holding 50
observations (cr145). The refusal naming the entry was printed beneath an older one for that same
device, planned for removal as the stack's orphan: "removing this device would also remove 1 entity
... remove them in the platform's web app", a second step that contradicts the first and destroys
those 50. Now the entry's refusal is the one told for that device."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import Workspace
from tests.e2e.refused_rename import refused_rename


def test_a_moved_entrys_old_refid_on_another_tools_device_is_not_also_told_as_its_removal(
    workspace: Workspace,
) -> None:
    _, held = another_tool_holds(workspace, "quickstart:dam-a/logger-1", "loose-1")
    _, said = refused_rename(workspace, "dam-a/logger-1", "dam-a/logger-9")

    assert "moved[0] {from: dam-a/logger-1, to: dam-a/logger-9} cannot be made" in said
    assert (
        "give it a SERIAL_NO that does not start with 'quickstart:' in the platform's web app "
        "(its history stays)" in said
    )
    assert "removing this device" not in said
    assert "remove them in the platform's web app" not in said
    assert workspace.live_entity("loose-1")["id"] == held  # not removed
