"""A write's `held_forms` (format 1.17): what its line's note says of a prop it resends as the platform
holds it in a form the reference does not give, the note worded from it. Read back as written; a note
whose text and data disagree, a form no plan words, or a 1.16 plan holding the key, is the file's edit:
trusted, an apply would weigh the edited data against a fresh plan and blame the platform."""

from __future__ import annotations

import dataclasses
import re

import pytest

from iotplan.apply.bodies import held_forms_noted
from iotplan.plan.address import Address
from iotplan.plan.model import HeldForm, Plan
from iotplan.render import plan_from_dict, plan_to_dict
from tests.render.plans import SCENARIOS

HELD = HeldForm(
    Address("dam-a/logger-1"),
    "LOCATION",
    "text coordinates",
    '{"coordinates": ["7.4025", "46.08"], "type": "Point"}',
    '{"coordinates": [7.4025, 46.0812], "type": "Point"}',
)
UNLIKE = "its note's text says how the platform holds what it resends otherwise than its held_forms"


def _noted() -> Plan:
    """The update scenario, dam-a/logger-1's update noting its LOCATION resent as held."""
    plan = SCENARIOS["update"]()
    changes = tuple(
        held_forms_noted(change, (HELD,)) if change.address == "dam-a/logger-1" else change
        for change in plan.changes
    )
    return dataclasses.replace(plan, changes=changes)


def _logger(document: dict[str, object]) -> dict[str, object]:
    changes = document["changes"]
    assert isinstance(changes, list)
    return next(change for change in changes if change["address"] == "dam-a/logger-1")


def test_held_forms_read_back_as_written() -> None:
    document = plan_to_dict(_noted())
    assert _logger(document)["held_forms"] == [HELD._asdict()]
    assert "the platform holds LOCATION of dam-a/logger-1 in a form the reference does not give (text" in str(
        _logger(document)["reason"]
    )
    assert plan_from_dict(document) == _noted()


def test_a_plan_without_held_forms_writes_no_key() -> None:
    assert all("held_forms" not in change for change in plan_to_dict(SCENARIOS["update"]())["changes"])


@pytest.mark.parametrize(
    ("key", "edited"),
    [("held", '{"coordinates": ["7.4", "46.08"], "type": "Point"}'), ("held_back", True), ("prop", "NAME")],
)
def test_held_forms_edited_in_their_data_alone_are_refused_as_edited(key: str, edited: object) -> None:
    document = plan_to_dict(_noted())
    [held] = _logger(document)["held_forms"]  # type: ignore[misc]
    held[key] = edited
    with pytest.raises(ValueError, match=re.escape(f"dam-a/logger-1: {UNLIKE}: the plan file was edited")):
        plan_from_dict(document)


def test_a_note_in_the_text_alone_is_refused_as_edited() -> None:
    document = plan_to_dict(_noted())
    del _logger(document)["held_forms"]
    with pytest.raises(ValueError, match=re.escape(f"dam-a/logger-1: {UNLIKE}")):
        plan_from_dict(document)


def test_a_form_no_plan_words_is_refused() -> None:
    document = plan_to_dict(_noted())
    _logger(document)["held_forms"][0]["form"] = "foo"  # type: ignore[index]
    with pytest.raises(ValueError, match=re.escape("held_forms is not a list of held forms")):
        plan_from_dict(document)


def test_held_forms_in_a_plan_older_than_1_17_are_refused_as_edited() -> None:
    document = plan_to_dict(_noted()) | {"format_version": "1.16", "iotplan_version": "0.0.9"}
    with pytest.raises(
        ValueError, match=re.escape("but dam-a/logger-1 holds held_forms, which plans hold since 1.17")
    ):
        plan_from_dict(document)
