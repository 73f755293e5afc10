"""Another stack's connection of a found connection's key, in its project (plan/copies.py
`same_key_in_another_stack`): one network twice when named alike, reported as a duplicate, never
refused; keys compared as refIds are (folded)."""

from __future__ import annotations

import pytest

from iotplan.live import LiveEntity
from iotplan.plan.model import Action, Cause
from tests.plan.livebuilder import applied
from tests.plan.test_diff import MANIFEST, load, plan_for


def _beside(live, serial: str, name: str) -> LiveEntity:
    """Another API connection in the project, as the live read lists one no declared one claims."""
    project = next(iter(live.projects.values()))
    other = LiveEntity("/api/B0B0B0/node", {"SERIAL_NO": serial, "NAME": name})
    project.unclaimed.append(other)
    return other


@pytest.mark.parametrize("serial", ["gamma:dam-a", "gamma:DAM-A"])
def test_another_stacks_connection_of_this_key_named_alike_is_a_duplicate(serial: str) -> None:
    live = applied(load())
    _beside(live, serial, "dam a")  # a name alike as same_name reads one
    plan = plan_for(load(MANIFEST.replace("name: Logger", "name: Crest logger")), live)
    [duplicate] = [change for change in plan.changes if change.action is Action.DUPLICATE]
    assert (duplicate.address, duplicate.cause, duplicate.live_id) == (
        "dam-a#B0B0B0",
        Cause.DUPLICATE,
        "/api/B0B0B0/node",
    )
    assert duplicate.reason.startswith(
        "stack 'gamma' has a connection of this key here too: /api/B0B0B0/node named 'dam a' "
        f"(refId '{serial}')"
    )
    assert [change.address for change in plan.writes] == ["dam-a/logger-1"]  # written all the same


@pytest.mark.parametrize(
    ("serial", "name"),
    [
        ("gamma:dam-a", "Gamma's own dam"),  # two stacks may use one key for different things
        ("gamma:dam-b", "Dam A"),  # another key
        ("gamma:dam-a/logger-1", "Dam A"),  # no connection's refId
        ("site:dam-a", "Dam A"),  # this stack's own refId: a copy, not another stack's
    ],
)
def test_nothing_else_is_reported(serial: str, name: str) -> None:
    live = applied(load())
    _beside(live, serial, name)
    assert Action.DUPLICATE not in {change.action for change in plan_for(load(), live).changes}


def test_a_connection_pinned_by_id_names_nothing_by_its_key() -> None:
    live = applied(load())
    [node_id] = next(iter(live.projects.values())).connections
    _beside(live, "gamma:dam-a", "Dam A")
    pinned = MANIFEST.replace("      - key: dam-a\n", f"      - key: dam-a\n        id: {node_id}\n")
    assert Action.DUPLICATE not in {change.action for change in plan_for(load(pinned), live).changes}
