"""A connection renamed with a `moved` entry while another tool made an empty connection carrying
its new refId (cr130: the apply's integrate refused, 0 of 6 made). The verifying plan, and every
plan after it, said "the move looks made already: delete the entry (the plan then removes dam-a and
its history)": the move was not made, dam-a holds every device and its history, and the stray holds
nothing. Now the plan says the move does not look made, names the stray (its id, its name, what it
holds) and has it removed or renamed in the web app: never that the entry be deleted."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

STRAY = {"integration": {"changeState": "new", "refId": "quickstart:dam-b", "props": {"NAME": "other tool"}}}


def test_a_connection_renamed_onto_an_empty_stray_says_the_move_is_not_made(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.integrate(STRAY)
    old = workspace.live_entity("quickstart:dam-a")["id"]
    stray = workspace.live_entity("quickstart:dam-b")["id"]
    workspace.edit(QUICKSTART, "- key: dam-a\n", "- key: dam-b\n")
    workspace.edit(QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a, to: dam-b}\ndefaults:\n")

    shown = workspace.run("plan", QUICKSTART)

    assert shown.exit_code == 1, shown.output
    said = " ".join(shown.output.split())
    assert "dam-b: moved: both dam-a and dam-b exist on the platform" in said
    assert "the move does not look made" in said
    assert f"dam-a ({old}) holds 7 of the 7 devices and sensors the manifest declares under dam-b" in said
    assert (
        f"connection {stray} named 'other tool' (SERIAL_NO 'quickstart:dam-b'), at dam-b, holds none" in said
    )
    assert (
        "Remove it, or give it a SERIAL_NO that does not start with 'quickstart:', in the platform's web app"
        in said
    )
    assert "delete the entry" not in said
