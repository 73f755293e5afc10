"""What a unit wrote is found in the plan by the unit's project (Outcome.project_id), never by reading
its name: `applied_counts` searched the name for "(project <id>)", the wording apply/execute.py gives a
key left in two projects, and would say "0 destroyed" of a removal made had that wording changed."""

from __future__ import annotations

import dataclasses

from iotplan.apply.execute import platform_units
from iotplan.apply.outcome import Status, not_started
from iotplan.plan.model import Action, Change
from iotplan.render.apply_report import applied_of
from tests.render.plans import change, plan

EAST, WEST = "project-east", "project-west"


def removal_in(project_id: str, observations: int) -> Change:
    removal = change("c1", Action.REMOVE, "not in the manifest", observations=observations)
    return dataclasses.replace(removal, project_id=project_id)


IN_EAST, IN_WEST = removal_in(EAST, 5), removal_in(WEST, 9)
BOTH = plan(IN_EAST, IN_WEST)


def applied(unit: str, changes: list[Change]):  # type: ignore[no-untyped-def]
    outcome = not_started(unit, changes)
    outcome.status, outcome.applied, outcome.pending = Status.APPLIED, outcome.pending, []
    return outcome


def test_a_unit_is_matched_to_its_project_whatever_its_name_says() -> None:
    assert applied_of([applied("c1", [IN_WEST])], BOTH).observations == 9
    assert applied_of([applied(f"c1 (project {EAST})", [IN_WEST])], BOTH).observations == 9


def test_each_unit_of_a_key_in_two_projects_counts_its_own_removal() -> None:
    outcomes = [applied("c1 in the east", [IN_EAST]), applied("c1 in the west", [IN_WEST])]
    done = applied_of(outcomes, BOTH)
    assert done.actions[Action.REMOVE] == 2 and done.observations == 14


def test_the_platform_units_outcomes_carry_their_project() -> None:
    units = platform_units(None, BOTH, lambda reference: None)  # type: ignore[arg-type]
    assert {unit.progress.project_id for unit in units if unit.progress} == {EAST, WEST}
