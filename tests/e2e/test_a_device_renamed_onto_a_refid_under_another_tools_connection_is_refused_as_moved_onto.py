"""A device renamed logger-1 → logger-9 with a `moved` entry while another tool's connection holds a
device carrying `quickstart:dam-a/logger-9` (fz98). The plan refused with "would update by its refId
'quickstart:dam-a/logger-1', which another live entity carries too ... remove the duplicate": the old
refId, which only logger-1 and its 3,000 observations carry, and the new one's holder never named. Now
it is refused as a rename onto a live entity, naming the holder and what each holds; nothing written."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import Workspace
from tests.e2e.refused_rename import refused_rename


def test_a_device_renamed_onto_a_refid_under_another_tools_connection_is_refused_as_moved_onto(
    workspace: Workspace,
) -> None:
    stray, _ = another_tool_holds(workspace, "quickstart:dam-a/logger-9", "quickstart:dam-a/logger-9/pz-1")
    _, said = refused_rename(workspace, "dam-a/logger-1", "dam-a/logger-9")

    assert "dam-a/logger-9: moved: both dam-a/logger-1 and dam-a/logger-9 exist on the platform" in said
    assert f"device {stray} named 'stray' (SERIAL_NO 'quickstart:dam-a/logger-9')" in said
    assert "1 of them (1 sensor and 50 observations)" in said
    assert (
        "give the one not meant there, and those of its sensors whose SERIAL_NOs start with 'quickstart:', "
        "SERIAL_NOs that do not start with 'quickstart:' (its history stays), or remove it"
    ) in said
    assert "remove the duplicate" not in said
    assert workspace.live_entity("quickstart:dam-a/logger-9")["id"] == stray  # nor a second beside it
