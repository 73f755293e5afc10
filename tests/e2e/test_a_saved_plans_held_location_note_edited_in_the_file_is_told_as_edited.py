"""A saved plan's note that the platform holds a device's LOCATION in text coordinates (the note a
write resending it gives) was left out of the file-edit check, so the note edited in the file was
told as "the platform changed since the plan was made", and in a merged plan told only when its
shard came to write, after the shards before it wrote. Refused before any write: a note naming an
entity its line cannot carry is the file's edit; any other note differing (its value, its numbers
written as numbers, its type) is the platform's change or the file's edit, which its text does not
settle, and both are said. Since plan format 1.17 the note is worded from the line's `held_forms`:
edited here in its text and data alike (either alone is refused as the file's edit as it is read,
tests/e2e/test_a_saved_plans_held_forms_are_plan_data.py); a plan saved at 1.16 is read from its
text as before."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.merged_shards import change_at, merged_plan
from tests.e2e.test_thread import rpc
from tests.e2e.text_coordinates_held import (
    EITHER,
    LOGGER,
    RENAMED,
    UNLIKE,
    as_saved_at_1_16,
    saved,
    text_coordinates_held,
)

FEEDS = """      - key: dam-b
        kind: api
        name: Dam B feed
        devices:
          - key: lg-b
            name: Logger B
            sensors:
              - key: t-b
                name: T B
                template: TEMPERATURE_SDE
""" + "".join(f"      - key: dam-{key}\n        kind: api\n        name: Dam {key} feed\n" for key in "cdefg")
EDITED = "was the plan file edited or cut?"
QUOTED = '["174.7802", "-41.2701", "21.5"]'
NOTES_EDITED = [
    ('"174.7802"', '"174.7899"'),
    (QUOTED, "[174.7802, -41.2701, 21.5]"),
    ('"type": "Point"', '"type": "LineString"'),
]


def _edited_alike(change: dict[str, Any], was: str, edited: str) -> None:
    """The note of `change` edited in its text and its data alike: what neither tells from the
    platform's change."""
    assert was in change["reason"], change
    change["reason"] = change["reason"].replace(was, edited)
    for held in change["held_forms"]:
        held["held"] = held["held"].replace(was, edited)


def _noted(change: dict[str, Any]) -> str:
    return str(change["reason"]).partition("; ")[2]


def _writes_left(workspace: Workspace) -> list[str]:
    planned = workspace.json("plan", "site.yaml")
    return sorted(change["address"] for change in planned["changes"] if change["action"] != "no-op")


def test_a_merged_plans_note_value_edited_in_its_last_shard_writes_nothing(workspace: Workspace) -> None:
    text_coordinates_held(workspace, (workspace.path / QUICKSTART).read_text() + FEEDS)
    for key in "Bcdefg":
        workspace.edit("site.yaml", f"name: Dam {key} feed\n", f"name: Dam {key} feed renamed\n")
    plan = merged_plan(workspace, "site.yaml")
    assert "dam-a" in plan["shard"]["connections"]["2"], plan["shard"]  # the note in the last shard
    _edited_alike(change_at(plan, "dam-a/logger-1/pz-2"), '"174.7802"', '"174.7899"')
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    before = _writes_left(workspace)

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    assert f"shard 2/2, checked before any shard writes: {EITHER}" in refused.stderr, refused.output
    assert "applied" not in refused.output, refused.output
    assert _writes_left(workspace) == before  # no shard wrote


@pytest.mark.parametrize(("was", "edited"), NOTES_EDITED[1:])
def test_a_merged_plans_note_edited_as_its_read_holds_it_writes_nothing(
    workspace: Workspace, was: str, edited: str
) -> None:
    """Numbers quoted as the saved read holds them, or another type: once shard 1 wrote, then shard 2
    was refused as the platform's change."""
    text_coordinates_held(workspace, (workspace.path / QUICKSTART).read_text() + FEEDS)
    for key in "Bcdefg":
        workspace.edit("site.yaml", f"name: Dam {key} feed\n", f"name: Dam {key} feed renamed\n")
    plan = merged_plan(workspace, "site.yaml")
    assert "dam-a" in plan["shard"]["connections"]["2"], plan["shard"]  # the note in the last shard
    _edited_alike(change_at(plan, "dam-a/logger-1/pz-2"), was, edited)
    (workspace.path / "plan.json").write_text(json.dumps(plan))
    before = _writes_left(workspace)

    refused = workspace.run("apply", "plan.json")

    assert refused.exit_code == 1, refused.output
    assert "shard 2/2, checked before any shard writes" in refused.stderr, refused.output
    assert EITHER in refused.stderr, refused.output
    assert "applied" not in refused.output, refused.output
    assert _writes_left(workspace) == before  # no shard wrote


def _refused_as_edited(workspace: Workspace, plan: dict[str, Any], address: str) -> None:
    """Refused as the file's edit: as it is read (`held_forms` holds no such note), or, a plan saved
    at 1.16, as its reason differs from a plan made now's."""
    (workspace.path / "saved.json").write_text(json.dumps(plan))

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    said = f"{address} (its reason differs): {EDITED}"
    if plan["format_version"] != "1.16":
        said = f"{address}: {UNLIKE}: the plan file was edited or cut: plan again"
    assert said in applied.stderr, applied.output
    assert "the platform changed" not in applied.stderr, applied.output
    assert RENAMED not in json.dumps(workspace.live_entity("quickstart:dam-a"))  # nothing written


def _refused_as_either(workspace: Workspace, plan: dict[str, Any]) -> None:
    (workspace.path / "saved.json").write_text(json.dumps(plan))

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert EITHER in applied.stderr, applied.output
    assert RENAMED not in json.dumps(workspace.live_entity("quickstart:dam-a"))  # nothing written


@pytest.mark.parametrize(("was", "edited"), NOTES_EDITED)
def test_the_notes_held_form_edited_is_told_as_either_doing(
    workspace: Workspace, was: str, edited: str
) -> None:
    """Its value (once told as the file's edit, by reading it against the saved read: parsed text,
    which let numbers quoted as the read holds them and another type pass as the platform's), its
    numbers written as numbers, its type: the note alone cannot say whose doing it is."""
    plan = saved(workspace)
    _edited_alike(change_at(plan, "dam-a/logger-1/pz-2"), was, edited)
    _refused_as_either(workspace, plan)


@pytest.mark.parametrize(("was", "edited"), NOTES_EDITED)
def test_a_1_16_plans_note_edited_is_told_as_either_doing(
    workspace: Workspace, was: str, edited: str
) -> None:
    plan = saved(workspace)
    as_saved_at_1_16(plan)
    pz_2 = change_at(plan, "dam-a/logger-1/pz-2")
    assert was in pz_2["reason"], pz_2
    pz_2["reason"] = pz_2["reason"].replace(was, edited)
    _refused_as_either(workspace, plan)


@pytest.mark.parametrize("saved_at", ["1.17", "1.16"])
def test_a_note_made_up_on_another_line_naming_a_device_not_its_is_told_as_edited(
    workspace: Workspace, saved_at: str
) -> None:
    plan = saved(workspace)
    if saved_at == "1.16":
        as_saved_at_1_16(plan)
    note = _noted(change_at(plan, "dam-a/logger-1/pz-2"))
    dam_a = change_at(plan, "dam-a")
    dam_a["reason"] += "; " + note.replace("dam-a/logger-1", "dam-a/x")
    _refused_as_edited(workspace, plan, "dam-a")


@pytest.mark.parametrize("saved_at", ["1.17", "1.16"])
def test_a_note_copied_onto_another_line_is_told_as_edited(workspace: Workspace, saved_at: str) -> None:
    plan = saved(workspace)
    if saved_at == "1.16":
        as_saved_at_1_16(plan)
    note = _noted(change_at(plan, "dam-a/logger-1/pz-2"))
    assert note.startswith("its device dam-a/logger-1 is sent as it stands"), note
    dam_a = change_at(plan, "dam-a")
    dam_a["reason"] += "; " + note
    _refused_as_edited(workspace, plan, "dam-a")


def test_text_coordinates_moved_since_are_not_told_as_the_notes_edit(workspace: Workspace) -> None:
    """The note as saved quotes what the saved plan read, and the platform holds other text since: not
    the file's edit, though the note differs from the fresh one in its value alone. The device read
    otherwise than the plan held it in sync says so first."""
    saved(workspace)
    moved = {"type": "Point", "coordinates": ["174.7899", "-41.2701", "21.5"]}
    rpc(
        workspace,
        "updateDevice",
        {"device": workspace.live_entity(LOGGER)["id"], "props": {"LOCATION": moved}},
    )

    applied = workspace.run("apply", "saved.json", "--auto-approve")

    assert applied.exit_code == 1, applied.output
    assert "reads otherwise now than the plan file says the platform held (dam-a/logger-1: its location)" in (
        applied.stderr
    ), applied.output
    assert "(its reason differs)" not in applied.stderr, applied.output
