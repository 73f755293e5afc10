"""How the read back of a refused call judges each change: an update is made only when every field
it writes reads as planned, one writing a field the read masks cannot be told, and so cannot the
removal of an entity the read cannot name (no refId)."""

from __future__ import annotations

import asyncio
import dataclasses

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Outcome
from iotplan.live import LiveEntity, LiveState
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import make_plan
from iotplan.plan.model import Action, PlanOptions
from tests.apply.test_refused import PROJECT, RENAME_ONLY, THREE, Refusing
from tests.plan.livebuilder import applied, find
from tests.plan.test_diff import MANIFEST, load

LOGGER = "site:dam-a/logger-1"


def refused_read_showing(
    kept: LiveState, text: str, live: LiveState | None = None, options: PlanOptions = PlanOptions()
) -> Outcome:
    """Applies `text` planned against `live` (the manifest applied, by default) to a platform that
    refuses the call (422) and whose read back shows `kept`."""
    planned_against = live if live is not None else applied(load())
    plan = make_plan(
        desired_state(load(text)), planned_against, options, resolve_secret=lambda _: "new-token"
    )
    changes = [change for change in plan.changes if change.connection == "dam-a"]
    return asyncio.run(apply_connection(Refusing(kept), "dam-a", changes, resolve=lambda _: "new-token"))


# logger-1 renamed and given notes, in a call with two more changes
TWO_FIELDS = THREE.replace("name: Crest logger", "name: Crest logger\n            notes: On the crest")


def test_an_update_read_back_with_only_one_of_its_two_fields_as_planned_is_outcome_unknown() -> None:
    kept = applied(load())
    find(kept, LOGGER).props["NAME"] = "Crest logger"  # another writer's, or half of this call's
    outcome = refused_read_showing(kept, TWO_FIELDS)
    assert outcome.applied == [] and outcome.unsure == ["dam-a/logger-1"]
    find(kept, LOGGER).props["NOTES"] = "On the crest"
    assert refused_read_showing(kept, TWO_FIELDS).applied == ["dam-a/logger-1"]


def with_node_field(text: str, field: str) -> str:
    return text.replace("        name: Dam A\n", f"        name: Dam A\n        {field}\n")


def test_a_token_update_is_outcome_unknown_since_the_read_shows_every_token_masked() -> None:
    """Masked before and after alike, the token would read as not changed, whatever was set."""
    token = "auth_token: ${env:DAM_A_TOKEN}"
    live = applied(load(with_node_field(MANIFEST, token)))  # its token: "token-value"
    outcome = refused_read_showing(live, with_node_field(THREE, token), live)
    assert "dam-a" in outcome.unsure and "dam-a" not in outcome.pending + outcome.applied


def test_a_url_update_is_outcome_unknown_even_when_the_read_shows_the_planned_url() -> None:
    """A live URL is read without its credentials: what it shows is not the URL the platform holds."""
    old, new = "url: https://old.example/feed", "url: https://new.example/feed"
    live = applied(load(with_node_field(MANIFEST, old)))
    kept = applied(load(with_node_field(MANIFEST, new)))
    outcome = refused_read_showing(kept, with_node_field(THREE, new), live)
    assert "dam-a" in outcome.unsure and "dam-a" not in outcome.pending + outcome.applied


def test_the_removal_of_an_entity_without_a_ref_id_is_outcome_unknown_read_back() -> None:
    """The read names entities by refId: one without it cannot be told gone. The planner removes
    none today (integrate removes by refId), but the read back must not count on that."""
    plan = make_plan(desired_state(load(THREE)), applied(load()), PlanOptions())
    changes = [
        dataclasses.replace(change, live_ref_id=None) if change.action is Action.REMOVE else change
        for change in plan.changes
        if change.connection == "dam-a"
    ]
    outcome = asyncio.run(apply_connection(Refusing(applied(load())), "dam-a", changes, resolve=str))
    assert "dam-a/logger-1/air" in outcome.unsure


# pz-1 renamed pz-01 by `moved` and named anew, in one call with logger-1's new name
MOVED_AND_NAMED = (
    RENAME_ONLY.replace(
        "key: pz-1\n                name: Piezometer", "key: pz-01\n                name: Piezo one"
    )
    + "moved:\n  - {from: dam-a/logger-1/pz-1, to: dam-a/logger-1/pz-01}\n"
)


def kept_under_new_ref_id(name: str) -> LiveState:
    kept = applied(load())
    piezometer = find(kept, "site:dam-a/logger-1/pz-1")
    piezometer.props.update(SERIAL_NO="site:dam-a/logger-1/pz-01", NAME=name)
    return kept


def test_a_moved_rename_that_also_writes_a_field_is_made_only_when_that_field_reads_as_planned_too() -> None:
    """Before, the refId alone was read: found under its new refId, the rename was applied whatever
    its other fields showed."""
    renamed_only = refused_read_showing(kept_under_new_ref_id("Piezometer"), MOVED_AND_NAMED)
    assert renamed_only.unsure == ["dam-a/logger-1/pz-01"]
    both = refused_read_showing(kept_under_new_ref_id("Piezo one"), MOVED_AND_NAMED)
    assert both.applied == ["dam-a/logger-1/pz-01"] and both.unsure == []
    neither = refused_read_showing(applied(load()), MOVED_AND_NAMED)
    assert "dam-a/logger-1/pz-01" in neither.pending and neither.unsure == []


def test_an_update_whose_ref_id_two_entities_hold_in_the_read_is_outcome_unknown() -> None:
    """Which of the two the call wrote, if either, the read cannot tell: one reading as planned (another
    writer's copy, say) proves nothing of the other."""
    kept = applied(load())
    [connection] = kept.projects[PROJECT].connections.values()
    [device] = connection.devices
    copy = LiveEntity("/copy", {"SERIAL_NO": LOGGER, "NAME": "Crest logger"}, parent_id=device.id)
    connection.sensors[device.id].append(copy)
    outcome = refused_read_showing(kept, THREE)
    assert outcome.unsure == ["dam-a/logger-1"] and outcome.applied == []
