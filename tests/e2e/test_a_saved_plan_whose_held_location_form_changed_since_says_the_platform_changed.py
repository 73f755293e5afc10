"""A saved plan adding a sensor under a device the apply sends as it stands (A2+), which resends the
device's LOCATION as the platform holds it. The plan notes it when that form is not the reference's
(text coordinates another tool stored). Another tool storing text coordinates after the plan was
saved, or the user setting them as numbers as the note advises, changes the note a plan made now
gives: that was refused as the plan file's edit ("the plan file shows its writes otherwise ... (its
reason differs): was the plan file edited or cut?"). The file was not edited: the platform changed
how it holds the prop. Still refused (the write would resend a form the review did not show, or the
review showed a note no longer true), saying so, and that the file's note may have been edited instead;
the note's words edited in the file are the file's."""

from __future__ import annotations

import json

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_thread import rpc

LOGGER = "quickstart:dam-a/logger-1"
TEXT = {"type": "Point", "coordinates": ["174.7802", "-41.2701", "21.5"]}
NUMBERS = {"type": "Point", "coordinates": [174.7802, -41.2701, 21.5]}
PZ_2 = """              - key: pz-2
                name: Piezometer PZ-2
                metrics:
                  - {custom_metric: pore_pressure, custom_unit: kPa_gauge}
"""
# Which changed, the platform or the file's note, the note's text does not settle: both are said.
CHANGED = (
    "the plan file's note on dam-a/logger-1/pz-2 differs from a plan made now: the platform changed how "
    "dam-a/logger-1's LOCATION is held since, or the file was edited: plan again"
)


def _location(workspace: Workspace, value: dict[str, object]) -> None:
    logger = workspace.live_entity(LOGGER)
    rpc(workspace, "updateDevice", {"device": logger["id"], "props": {"LOCATION": value}})


def _saved_adding_pz_2(workspace: Workspace, held: dict[str, object] | None) -> str:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    if held is not None:
        _location(workspace, held)
    workspace.edit(QUICKSTART, "              - key: tilt-1\n", PZ_2 + "              - key: tilt-1\n")
    saved = workspace.run("plan", QUICKSTART, "--out", "saved.json")
    assert saved.exit_code == 0, saved.output
    return saved.stdout


def _pz_2_created(workspace: Workspace) -> bool:
    return "+ sensor dam-a/logger-1/pz-2" not in workspace.run("plan", QUICKSTART).stdout


def test_text_coordinates_stored_after_the_plan_was_saved(workspace: Workspace) -> None:
    shown = _saved_adding_pz_2(workspace, held=None)
    assert "reference does not give" not in shown  # reviewed without the note
    _location(workspace, TEXT)

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert CHANGED in applied.stderr, applied.output
    assert "(its reason differs)" not in applied.stderr, applied.output  # not told as the file's alone
    assert not _pz_2_created(workspace)  # the device never resent in a form the review did not show


def test_coordinates_set_as_numbers_after_the_plan_was_saved(workspace: Workspace) -> None:
    shown = _saved_adding_pz_2(workspace, held=TEXT)
    assert "reference does not give (text coordinates" in shown
    _location(workspace, NUMBERS)  # as the note's step advises

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert CHANGED in applied.stderr, applied.output
    assert "(its reason differs)" not in applied.stderr, applied.output  # not told as the file's alone
    assert not _pz_2_created(workspace)


def test_a_saved_plan_whose_held_form_did_not_change_is_applied(workspace: Workspace) -> None:
    _saved_adding_pz_2(workspace, held=TEXT)
    _location(workspace, NUMBERS)
    _location(workspace, TEXT)  # written again as it was: the same note

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert "changed since" not in applied.stderr and "edited" not in applied.stderr, applied.output
    assert "the platform's web app" in applied.output  # refused by REST, as the plan noted it may be


def test_the_notes_words_edited_in_the_file_are_told_as_edited(workspace: Workspace) -> None:
    _saved_adding_pz_2(workspace, held=TEXT)
    path = workspace.path / "saved.json"
    plan = json.loads(path.read_text())
    [sensor] = [change for change in plan["changes"] if change["address"].endswith("pz-2")]
    sensor["reason"] = sensor["reason"].replace(
        "a platform refusing that form", "a platform taking that form"
    )
    path.write_text(json.dumps(plan))

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert (
        "dam-a/logger-1/pz-2: its note's text says how the platform holds what it resends otherwise than its "
        "held_forms: the plan file was edited or cut: plan again"
    ) in applied.stderr, applied.output


def test_an_update_resending_text_coordinates_stored_since_is_told_by_its_fingerprint(
    workspace: Workspace,
) -> None:
    """The other check: an update's own fingerprint holds every prop as read, so the connection
    renamed reads as changed since (`_changed_since`), named with how its LOCATION is held; not as
    the file's edit, nor as a change the plan does not show (the plan made now notes it)."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, "Lake Ellen dam - datalogger feed", "Lake Ellen dam feed")
    assert workspace.run("plan", QUICKSTART, "--out", "saved.json").exit_code == 0
    node = workspace.live_entity("quickstart:dam-a")
    text = {"type": "Point", "coordinates": ["174.78", "-41.27", "20"]}
    rpc(workspace, "updateNode", {"node": node["id"], "props": {"LOCATION": text}})

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = "the platform changed since the plan was made (dam-a: how dam-a's LOCATION is held), by another"
    assert said in applied.stderr, applied.output
    assert "edited" not in applied.stderr, applied.output
    assert "Lake Ellen dam - datalogger feed" in json.dumps(workspace.live_entity("quickstart:dam-a"))
