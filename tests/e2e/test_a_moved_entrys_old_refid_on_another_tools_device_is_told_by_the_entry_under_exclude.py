"""A device renamed logger-1 → logger-9 with a `moved` entry while another tool's connection holds a
device carrying `quickstart:dam-a/logger-1`, its OLD refId, with 50 observations beneath it (cr145).
With the renamed one excluded, the plan still planned that device's removal as the stack's orphan,
and the only refusal shown was that removal's: "remove them in the platform's web app", which
destroys those 50. Now the entry's refusal is shown for that device, with the step keeping its
history; still refused."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.refused_rename import renamed_with_moved


def test_a_moved_entrys_old_refid_on_another_tools_device_is_told_by_the_entry_under_exclude(
    workspace: Workspace,
) -> None:
    another_tool_holds(workspace, "quickstart:dam-a/logger-1", "loose-1")
    renamed_with_moved(workspace, "dam-a/logger-1", "dam-a/logger-9")

    planned = workspace.run("plan", QUICKSTART, "--exclude", "dam-a/logger-9")

    assert planned.exit_code == 1, planned.output
    said = " ".join(planned.output.split())
    assert "moved[0] {from: dam-a/logger-1, to: dam-a/logger-9} cannot be made" in said
    assert "holds 1 sensor and 50 observations" in said
    assert (
        "give it a SERIAL_NO that does not start with 'quickstart:' in the platform's web app "
        "(its history stays)" in said
    )
    assert "remove them in the platform's web app" not in said
