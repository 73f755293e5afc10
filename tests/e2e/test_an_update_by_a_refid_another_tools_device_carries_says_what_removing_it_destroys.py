"""Another tool's connection holds a device carrying `quickstart:dam-a/logger-1`, declared and live,
and under it a sensor holding 50 observations; the manifest renames logger-1. Its update was refused
as one by a refId two devices carry, saying to "remove the duplicate in the platform's web app first",
which destroys those 50 observations and says nothing of them. It now says what that device holds,
and gives the step that keeps its history (another SERIAL_NO) first; nothing written."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_update_by_a_refid_another_tools_device_carries_says_what_removing_it_destroys(
    workspace: Workspace,
) -> None:
    _, held = another_tool_holds(workspace, "quickstart:dam-a/logger-1", "other:conn/device/s")
    workspace.edit(QUICKSTART, "name: Crest datalogger\n", "name: Crest datalogger 2\n")

    planned = workspace.run("plan", QUICKSTART)

    said = " ".join(planned.output.split())
    assert planned.exit_code == 1, planned.output
    update = said.partition("dam-a/logger-1: would update by its refId")[2]
    kept, _, removal = update.partition("; or remove it there")
    assert (
        "give it a SERIAL_NO that does not start with 'quickstart:' in the platform's web app "
        "(its history stays)" in kept
    ), said
    assert "that one holds 50 observations" in kept, said
    assert removal.startswith(", destroying 50 observations"), said
    assert "remove the duplicate" not in said
    assert workspace.live_entity("other:conn/device/s")["id"] == held  # nothing removed
