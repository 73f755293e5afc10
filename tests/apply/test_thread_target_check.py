"""Before a THREAD unit's first write, its node as JSON-RPC reads it is held against what the plan's
REST read saw: a node it does not find, finds where REST listed none, or finds with another NAME
stops the unit with nothing sent."""

from __future__ import annotations

from dataclasses import replace

import pytest

from iotplan.apply.outcome import Status
from iotplan.plan.model import Action, Kind, Plan
from tests.apply.test_thread import NODE, Recorder, applied, plan_against_nothing

WRITES = {"createNode", "createDevice", "createSensor", "updateNode", "updateDevice", "updateSensor"}


def with_node(plan: Plan, action: Action, name: str | None) -> Plan:
    """The plan, its node's change as a REST read that saw it so would make it."""
    node = next(change for change in plan.changes if change.kind is Kind.NODE)
    before = None if name is None else {**(node.before or {}), "name": name}
    changed = replace(node, action=action, before=before)
    return replace(plan, changes=tuple(changed if c is node else c for c in plan.changes))


@pytest.mark.parametrize(
    ("action", "name", "said"),
    [
        (
            Action.UPDATE,
            "Another platform THREAD",
            "REST reads its NAME 'Another platform THREAD', JSON-RPC",
        ),
        (Action.CREATE, None, "JSON-RPC finds it, REST did not list it"),
    ],
    ids=["another name", "found where REST listed none"],
)
def test_a_node_json_rpc_reads_otherwise_stops_the_unit_before_any_write(
    action: Action, name: str | None, said: str
) -> None:
    recorder = Recorder()
    outcome = applied(recorder, with_node(plan_against_nothing(), action, name))
    assert outcome.status is Status.FAILED
    assert f"disagree on {NODE} ({said}" in outcome.message
    assert "they look like two platforms; check --rpc-endpoint / IOTPLAN_RPC_ENDPOINT" in outcome.message
    assert not WRITES & set(recorder.methods) and outcome.applied == []


def test_a_node_json_rpc_does_not_find_stops_the_unit_before_any_write() -> None:
    recorder = Recorder()
    plan = plan_against_nothing()
    elsewhere = "/fn/0F0F0F/node"
    moved = tuple(
        replace(c, live_id=str(c.live_id).replace(NODE, elsewhere)) if c.live_id else c for c in plan.changes
    )
    outcome = applied(recorder, replace(plan, changes=moved))
    assert outcome.status is Status.FAILED
    assert f"disagree on {elsewhere} (REST lists it, JSON-RPC does not find it)" in outcome.message
    assert not WRITES & set(recorder.methods)
