"""A device renamed with a `moved` entry while another tool made an empty device carrying its new
refId under the same connection. The plan said "the move looks made already: delete the entry (the
plan then removes dam-a/logger-1 and its history)", though logger-1 holds every sensor. Now it says
the move does not look made and names the stray device to remove or rename in the web app."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.refused_move import moved_onto_a_live_device


def test_a_device_renamed_onto_an_empty_stray_says_the_move_is_not_made(workspace: Workspace) -> None:
    moved_onto_a_live_device(workspace)
    old = workspace.live_entity("quickstart:dam-a/logger-1")["id"]
    stray = workspace.live_entity("quickstart:dam-a/logger-2")["id"]

    shown = workspace.run("plan", QUICKSTART)

    assert shown.exit_code == 1, shown.output
    said = " ".join(shown.output.split())
    assert "dam-a/logger-2: moved: both dam-a/logger-1 and dam-a/logger-2 exist on the platform" in said
    assert "the move does not look made" in said
    assert (
        f"dam-a/logger-1 ({old}) holds 3 of the 3 sensors the manifest declares under dam-a/logger-2" in said
    )
    assert f"device {stray} named 'stray' (SERIAL_NO 'quickstart:dam-a/logger-2'), at dam-a/logger-2," in said
    assert (
        "Remove it, or give it a SERIAL_NO that does not start with 'quickstart:', in the platform's web app"
        in said
    )
    assert "delete the entry" not in said
