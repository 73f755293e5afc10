"""A device renamed logger-1 → logger-9 with a `moved` entry while another tool's connection (not
declared by the stack) holds a device carrying `quickstart:dam-a/logger-1`, its OLD refId exactly,
and under it a sensor holding 50 observations (fx359). The plan refused it as a removal of what the
stack does not own and told the rename only as an update "by its refId", with "remove the
duplicate" for a step, which destroys those 50. Now the refusal names the `moved` entry, the
connection holding that refId and what its device holds, and a step that keeps its history."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import Workspace
from tests.e2e.refused_rename import refused_rename


def test_a_device_moved_while_another_tools_device_carries_its_old_refid_names_the_moved_entry(
    workspace: Workspace,
) -> None:
    _, held = another_tool_holds(workspace, "quickstart:dam-a/logger-1", "loose-1")
    node = workspace.live_entity("other:conn")["id"]
    _, said = refused_rename(workspace, "dam-a/logger-1", "dam-a/logger-9")

    refusal = said[said.index("dam-a/logger-9: would update by its refId") :]
    refusal = refusal[: refusal.index("examples/quickstart/site.yaml", 1)]
    assert "moved[0] {from: dam-a/logger-1, to: dam-a/logger-9} cannot be made" in refusal
    assert f"under connection {node} named 'other tool' (SERIAL_NO 'other:conn')" in refusal
    assert "which this stack does not declare, and holds 1 sensor and 50 observations" in refusal
    assert (
        "give it a SERIAL_NO that does not start with 'quickstart:' in the platform's web app "
        "(its history stays)" in refusal
    )
    assert "remove the duplicate" not in refusal
    assert workspace.live_entity("loose-1")["id"] == held  # not removed
