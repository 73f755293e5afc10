"""`applied_of` finds each write by one lookup where every address has one write; where a key names
a connection in two projects, by `_changes`, each outcome its own project's. Both find the same."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.plan.model import Action, Plan
from iotplan.render.apply_report import _changes, _writes_at, applied_of
from tests.render.plans import change, plan

OTHER = "7f0c1a52-0000-4000-8000-000000000002"

ONE_EACH = plan(
    change("c1", Action.CREATE, "not on the platform"),
    change("c1/d0", Action.REPLACE, "template", observations=40),
    change("c2", Action.REMOVE, "not in the manifest", observations=7),
    change("c3", Action.NOOP, "in sync"),
)
# The key c1 in a second project too: two writes at one address.
TWO_PROJECTS = plan(
    *ONE_EACH.changes,
    dataclasses.replace(change("c1", Action.REMOVE, "not in the manifest", observations=3), project_id=OTHER),
)
ADDRESSES = [["c1", "c1/d0"], ["c2", "c3", "c9"], [], ["c1/d0", "c1"]]


def _indexed(applied: Plan) -> dict[str, list]:
    """The plan's writes as `_changes` reads them: a list an address."""
    writes: dict[str, list] = {}
    for write in applied.writes:
        writes.setdefault(write.address, []).append(write)
    return writes


@pytest.mark.parametrize("applied", [ONE_EACH, TWO_PROJECTS], ids=["one write an address", "two projects"])
@pytest.mark.parametrize("project_id", [ONE_EACH.changes[0].project_id, OTHER])
@pytest.mark.parametrize("addresses", ADDRESSES)
def test_it_finds_what_changes_finds(applied: Plan, project_id: str, addresses: list[str]) -> None:
    outcome = Outcome("c1", Status.APPLIED, calls=1, applied=addresses, project_id=project_id)
    expected = list(_changes(outcome, addresses, _indexed(applied)))
    assert _writes_at(applied)(outcome, addresses) == expected


def test_each_project_counts_its_own_write_at_a_shared_address() -> None:
    outcomes = [
        Outcome("c1", Status.APPLIED, calls=1, applied=["c1"], project_id=ONE_EACH.changes[0].project_id),
        Outcome("c1 (project 2)", Status.APPLIED, calls=1, applied=["c1"], project_id=OTHER),
    ]
    counted = applied_of(outcomes, TWO_PROJECTS)
    assert counted.actions == {Action.CREATE: 1, Action.REMOVE: 1}
    assert counted.observations == 3
