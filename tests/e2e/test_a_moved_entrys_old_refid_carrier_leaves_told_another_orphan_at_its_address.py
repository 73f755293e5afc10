"""A device renamed logger-1 → logger-9 with a `moved` entry while another tool's connection holds a
device carrying `quickstart:dam-a/logger-1`, its OLD refId, and beside it a second one carrying
`quickstart:dam-q/logger-1`, an orphan of the stack, with a sensor of its own holding 70 observations
(cr147). Both are at the plan address #…/logger-1 (the refId's last part). The entry's refusal
dropped every refusal at its carrier's address, so the second device's removal, refused for those
70, went untold. Now only the carrier's own refusal goes; the other's is still told."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_device_beside, another_tool_holds
from tests.e2e.conftest import Workspace
from tests.e2e.refused_rename import refused_rename


def test_a_moved_entrys_old_refid_carrier_leaves_told_another_orphan_at_its_address(
    workspace: Workspace,
) -> None:
    another_tool_holds(workspace, "quickstart:dam-a/logger-1", "loose-1")
    held = another_device_beside(workspace, "quickstart:dam-q/logger-1", "loose-2", 70)
    _, said = refused_rename(workspace, "dam-a/logger-1", "dam-a/logger-9")

    assert "moved[0] {from: dam-a/logger-1, to: dam-a/logger-9} cannot be made" in said
    other = said[said.index("removing this device would also remove 1 entity") :]
    assert "(SERIAL_NO 'loose-2', 70 observations);" in other
    assert "(SERIAL_NO 'loose-1')" not in other
    assert workspace.live_entity("loose-2")["id"] == held  # not removed
