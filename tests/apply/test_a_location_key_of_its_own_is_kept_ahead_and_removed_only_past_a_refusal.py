"""A LOCATION another tool stored with a key of its own (`crs`), on an entity renamed: the default
platform takes the key back on update (A2), so the plan's note says the write keeps it there and gives
its removal, which the tool that stored it cannot undo, only as the way past a platform's refusal;
the refusal's own step, being that way, names the key to remove outright."""

from __future__ import annotations

from iotplan.apply.bodies import connection_calls, held_form_notes, held_form_refused, held_forms_worded
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load, plan_for

LOGGER = "site:dam-a/logger-1"
WITH_CRS = {"type": "Point", "coordinates": [174.78, -41.27, 20.0], "crs": {"type": "name"}}
REFUSED = "answered 400: Extra inputs are not permitted (integration.devices[0].props.LOCATION.crs)"


def test_the_note_keeps_the_key_where_taken_back_and_the_refusal_removes_it() -> None:
    live = applied(load())
    logger = find(live, LOGGER)
    logger.props["LOCATION"] = WITH_CRS
    plan = plan_for(load(MANIFEST.replace("name: Logger", "name: Crest")), live)
    held = {logger.id: dict(logger.props)}
    [(line, forms)] = held_form_notes(list(plan.changes), held).items()
    note = held_forms_worded(line, forms)
    assert "a platform that takes it back keeps its key crs through this write" in note, note
    assert "removing its key crs only where the platform refuses the write" in note, note
    [call] = connection_calls(list(plan.changes), lambda ref: "resolved", held=held)
    _, step = held_form_refused(REFUSED, call, list(plan.changes), held)
    assert step == (
        "set LOCATION of dam-a/logger-1 as the manifest declares it (removing its key crs) in the platform's "
        "web app, then apply again"
    )
