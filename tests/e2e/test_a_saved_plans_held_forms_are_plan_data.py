"""A write that resends a prop as the platform holds it in a form the reference does not give (text
coordinates another tool stored on dam-a/logger-1, resent as it stands to carry new sensor pz-2) is
noted on its line. The note was only text, which a saved plan's apply parsed back to compare: since
plan format 1.17 the line carries it as data, `held_forms` (the entity, the prop, how it is held,
what the manifest declares), the note is worded from it, and the apply compares the data. A note's
text and data disagreeing is the file's edit alone, refused as the file is read; both edited alike
may be the platform's change or the file's, and both are said. A plan saved at 1.16 is read from its
text as before."""

from __future__ import annotations

import json
from typing import Any

from tests.e2e.conftest import Workspace
from tests.e2e.merged_shards import change_at
from tests.e2e.text_coordinates_held import EITHER, RENAMED, TEXT, as_saved_at_1_16, saved
from tests.e2e.text_coordinates_held import UNLIKE as NOTE_UNLIKE

UNLIKE = f"dam-a/logger-1/pz-2: {NOTE_UNLIKE}"


def _saved(workspace: Workspace) -> tuple[dict[str, Any], dict[str, Any]]:
    """The plan as read from the file, and pz-2's line (to edit in place)."""
    plan = saved(workspace)
    return plan, change_at(plan, "dam-a/logger-1/pz-2")


def _applied(workspace: Workspace, plan: dict[str, Any]) -> Any:
    (workspace.path / "saved.json").write_text(json.dumps(plan))
    return workspace.run("apply", "saved.json", "--auto-approve")


def _refused_as_edited(workspace: Workspace, plan: dict[str, Any], said: str = UNLIKE) -> None:
    applied = _applied(workspace, plan)
    assert applied.exit_code == 1, applied.output
    assert f"{said}: the plan file was edited or cut: plan again" in applied.stderr, applied.output
    assert "the platform changed" not in applied.stderr, applied.output
    assert RENAMED not in json.dumps(workspace.live_entity("quickstart:dam-a"))  # nothing written


def test_a_saved_plan_records_how_the_platform_holds_what_a_write_resends(workspace: Workspace) -> None:
    plan, pz_2 = _saved(workspace)
    assert plan["format_version"] == "1.18", plan["format_version"]
    [held] = pz_2["held_forms"]
    assert (held["address"], held["prop"], held["form"]) == ("dam-a/logger-1", "LOCATION", "text coordinates")
    assert json.loads(held["held"]) == TEXT, held
    assert json.loads(held["declared"])["coordinates"] == [174.7802, -41.2701, 21.5], held
    assert held["held_back"] is False, held
    assert held["held"] in pz_2["reason"], pz_2  # the note quotes what the data holds
    assert "held_forms" not in change_at(plan, "dam-a"), change_at(plan, "dam-a")  # a line resending none


def test_the_notes_text_edited_its_data_unchanged_is_refused_as_edited(workspace: Workspace) -> None:
    plan, pz_2 = _saved(workspace)
    assert '"174.7802"' in pz_2["reason"], pz_2
    pz_2["reason"] = pz_2["reason"].replace('"174.7802"', '"174.7899"')
    _refused_as_edited(workspace, plan)


def test_the_notes_data_edited_its_text_unchanged_is_refused_as_edited(workspace: Workspace) -> None:
    plan, pz_2 = _saved(workspace)
    pz_2["held_forms"][0]["held"] = pz_2["held_forms"][0]["held"].replace('"174.7802"', '"174.7899"')
    _refused_as_edited(workspace, plan)


def test_a_note_in_data_and_text_alike_on_a_line_that_cannot_carry_it_is_refused_as_edited(
    workspace: Workspace,
) -> None:
    plan, pz_2 = _saved(workspace)
    dam_a = change_at(plan, "dam-a")
    dam_a["reason"] += pz_2["reason"][pz_2["reason"].index("; its device dam-a/logger-1") :]
    dam_a["held_forms"] = pz_2["held_forms"]
    _refused_as_edited(
        workspace, plan, "dam-a: its held_forms names dam-a/logger-1, which its line does not send"
    )


def test_the_note_edited_in_text_and_data_alike_is_told_as_either_doing(workspace: Workspace) -> None:
    plan, pz_2 = _saved(workspace)
    pz_2["reason"] = pz_2["reason"].replace('"174.7802"', '"174.7899"')
    pz_2["held_forms"][0]["held"] = pz_2["held_forms"][0]["held"].replace('"174.7802"', '"174.7899"')

    applied = _applied(workspace, plan)

    assert applied.exit_code == 1, applied.output
    assert EITHER in applied.stderr, applied.output
    assert RENAMED not in json.dumps(workspace.live_entity("quickstart:dam-a"))  # nothing written


def test_a_plan_saved_at_1_16_is_read_from_its_notes_text_and_applied(workspace: Workspace) -> None:
    plan, _ = _saved(workspace)

    applied = _applied(workspace, as_saved_at_1_16(plan))

    assert "changed since" not in applied.stderr and "edited" not in applied.stderr, applied.output
    assert "the platform's web app" in applied.output  # refused by REST, as the plan noted it may be


def test_a_plan_saved_at_1_16_whose_note_was_edited_is_told_as_either_doing(workspace: Workspace) -> None:
    plan, pz_2 = _saved(workspace)
    pz_2["reason"] = pz_2["reason"].replace('"174.7802"', '"174.7899"')

    applied = _applied(workspace, as_saved_at_1_16(plan))

    assert applied.exit_code == 1, applied.output
    assert EITHER in applied.stderr, applied.output


def test_a_plan_saved_at_1_16_holding_held_forms_is_refused_as_edited(workspace: Workspace) -> None:
    plan, _ = _saved(workspace)
    plan["format_version"] = "1.16"

    applied = _applied(workspace, plan)

    assert applied.exit_code == 1, applied.output
    assert "held_forms" in applied.stderr and "1.16" in applied.stderr, applied.output
    assert RENAMED not in json.dumps(workspace.live_entity("quickstart:dam-a"))  # nothing written
