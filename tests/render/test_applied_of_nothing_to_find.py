"""`applied_of` returns at once when no outcome names a change to find (a cold apply's confirmed
counts: nothing confirmed by the fresh read); it counts as indexing the plan's writes would."""

from __future__ import annotations

from collections import Counter

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.plan.model import Action, Plan
from iotplan.render.apply_report import Applied, _changes, applied_of
from tests.render.plans import change, plan

PLAN = plan(
    change("c1", Action.CREATE, "not on the platform"),
    change("c1/d0", Action.REPLACE, "template", observations=40),
    change("c2", Action.REMOVE, "not in the manifest", observations=7),
    change("c3", Action.NOOP, "in sync"),
)
OUTCOMES = {
    "none": [],
    "nothing applied": [Outcome("c1", Status.FAILED, "refused", calls=1, pending=["c1", "c1/d0"])],
    "applied": [Outcome("c1", Status.APPLIED, calls=1, applied=["c1", "c1/d0"])],
    "removed, not created again": [
        Outcome("c1", Status.FAILED, "refused", calls=2, pending=["c1/d0"], removed={"c1/d0": None})
    ],
    "removed, creation unknown": [
        Outcome("c1", Status.INTERRUPTED, calls=2, unsure=["c1/d0"], removed={"c1/d0": None})
    ],
    "confirmed": [Outcome("c2", Status.APPLIED, calls=1, confirmed=["c2"])],
}


def _indexed(outcomes: list[Outcome], applied: Plan, in_place: bool) -> Applied:
    """`applied_of` as it was, the plan's writes always indexed."""
    writes: dict[str, list] = {}
    for write in applied.writes:
        writes.setdefault(write.address, []).append(write)
    found = [c for o in outcomes for c in _changes(o, o.confirmed if in_place else o.applied, writes)]
    removed = [] if in_place else [c for o in outcomes for c in _changes(o, o.removed_not_recreated, writes)]
    unknown = (
        [] if in_place else [c for o in outcomes for c in _changes(o, o.removed_recreation_unknown, writes)]
    )
    destroyed = [c for c in found + removed + unknown if c.action.destroys]
    return Applied(
        Counter(c.action for c in found),
        len(removed),
        len(unknown),
        sum(c.observations for c in destroyed),
        any(c.observations_unknown for c in destroyed),
    )


@pytest.mark.parametrize("in_place", [False, True])
@pytest.mark.parametrize("name", list(OUTCOMES))
def test_it_counts_as_indexing_every_write_does(name: str, in_place: bool) -> None:
    assert applied_of(OUTCOMES[name], PLAN, in_place=in_place) == _indexed(OUTCOMES[name], PLAN, in_place)
