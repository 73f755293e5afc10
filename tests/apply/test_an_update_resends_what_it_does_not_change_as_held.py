"""An update resends the props of the fields the plan shows unchanged as the plan's read found them
(`held`), not rewritten in the manifest's form: a LOCATION whose coordinates another tool stored as
text, which the plan reads as the declared numbers, stays text, on a device renamed and on one sent as
it stands to reach a renamed sensor (A2+). What the plan shows changing is written as declared; a
field held otherwise than the plan read it, or with no read handed, is written as declared too."""

from __future__ import annotations

from typing import Any

from iotplan.apply.bodies import connection_calls, held_form_notes, held_form_refused, held_forms_worded
from iotplan.plan.model import PlanOptions
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

LOGGER = "site:dam-a/logger-1"
TEXT_LOCATION = {"type": "Point", "coordinates": ["174.78", "-41.27", "20"]}
DECLARED = {"type": "Point", "coordinates": [174.78, -41.27, 20.0]}


def _device_props(text: str, held_location: Any, handed: Any = None) -> dict[str, Any]:
    live = applied(load())
    logger = find(live, LOGGER)
    logger.props["LOCATION"] = TEXT_LOCATION
    plan = plan_for(load(text), live)
    held = {logger.id: {**logger.props, "LOCATION": held_location}} if handed is None else handed
    [call] = connection_calls(list(plan.changes), lambda ref: "resolved", held=held)
    [device] = call.integration["devices"]
    return dict(device["props"])


def test_a_renamed_device_resends_its_unchanged_location_as_held() -> None:
    props = _device_props(MANIFEST.replace("name: Logger", "name: Crest"), TEXT_LOCATION)
    assert (props["NAME"], props["LOCATION"]) == ("Crest", TEXT_LOCATION)


def test_a_device_sent_as_it_stands_resends_its_location_as_held() -> None:
    props = _device_props(MANIFEST.replace("name: Piezometer", "name: PZ"), TEXT_LOCATION)
    assert props["LOCATION"] == TEXT_LOCATION


def test_a_location_the_plan_shows_changing_is_written_as_declared() -> None:
    moved = MANIFEST.replace("elevation: 20", "elevation: 25")
    props = _device_props(moved, TEXT_LOCATION)
    assert props["LOCATION"] == {"type": "Point", "coordinates": [174.78, -41.27, 25.0]}


def test_a_location_held_otherwise_than_the_plan_read_it_is_written_as_declared() -> None:
    elsewhere = {"type": "Point", "coordinates": ["1.5", "2.5", "3"]}
    props = _device_props(MANIFEST.replace("name: Logger", "name: Crest"), elsewhere)
    assert props["LOCATION"] == DECLARED


def test_with_no_read_handed_an_update_writes_as_declared() -> None:
    props = _device_props(MANIFEST.replace("name: Logger", "name: Crest"), TEXT_LOCATION, handed={})
    assert props["LOCATION"] == DECLARED


def test_a_device_whose_update_target_holds_back_is_told_to_keep_its_value_not_to_make_the_change() -> None:
    """The step where REST refuses text coordinates on a device sent as it stands: setting its
    LOCATION as the manifest declares it would be the very change `--target` held back."""
    live = applied(load())
    logger = find(live, LOGGER)
    logger.props["LOCATION"] = TEXT_LOCATION
    text = MANIFEST.replace("elevation: 20", "elevation: 25").replace("name: Piezometer", "name: PZ")
    plan = plan_for(load(text), live, PlanOptions(targets=("dam-a/logger-1/pz-1",)))
    held = {logger.id: dict(logger.props)}
    [call] = connection_calls(list(plan.changes), lambda ref: "resolved", held=held)
    error = (
        "answered 400: Input should be a valid number (integration.devices[0].props.LOCATION.coordinates[0])"
    )
    _, step = held_form_refused(error, call, list(plan.changes), held)
    assert "LOCATION of dam-a/logger-1 as the manifest declares it" not in step
    assert 'set LOCATION of dam-a/logger-1 to {"coordinates": [174.78, -41.27, 20.0]' in step
    [(line, forms)] = held_form_notes(list(plan.changes), held).items()
    note = held_forms_worded(line, forms)
    assert 'to {"coordinates": [174.78, -41.27, 20.0]' in note and "text coordinates" in note


def test_a_location_held_with_number_coordinates_and_a_key_of_its_own_is_noted_naming_the_key() -> None:
    """A platform refusing such a key refuses the write whole (`rest-location-extra-keys-refused`):
    the plan says so up front, and the step names the key to remove."""
    live = applied(load())
    logger = find(live, LOGGER)
    logger.props["LOCATION"] = {**DECLARED, "crs": {"type": "name"}}
    plan = plan_for(load(MANIFEST.replace("name: Logger", "name: Crest")), live)
    [(line, [held])] = held_form_notes(list(plan.changes), {logger.id: dict(logger.props)}).items()
    assert (held.prop, held.form) == ("LOCATION", "a key of its own")
    assert "LOCATION of dam-a/logger-1 as the manifest declares it (removing its key crs only where" in (
        held_forms_worded(line, [held])
    )


def test_a_location_held_with_a_type_and_coordinates_alone_is_not_noted() -> None:
    live = applied(load())
    logger = find(live, LOGGER)
    logger.props["LOCATION"] = {"type": "Point", "coordinates": [174.78, -41.27, 20]}  # 20, not 20.0
    plan = plan_for(load(MANIFEST.replace("name: Logger", "name: Crest")), live)
    assert held_form_notes(list(plan.changes), {logger.id: dict(logger.props)}) == {}
