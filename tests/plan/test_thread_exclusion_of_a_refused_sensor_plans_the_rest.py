"""An --exclude naming a THREAD sensor refused as a likely earlier copy (which has no change) fences
its refusal off, as any refusal outside the selection is, and the rest is planned."""

from __future__ import annotations

from iotplan.plan.model import Action, PlanOptions
from tests.plan.thread_earlier_copy import planned_with


def test_an_exclusion_of_a_refused_sensor_plans_the_rest() -> None:
    plan = planned_with(PlanOptions(excludes=("thread/ipi/tilt3",)))
    updated = [change.address for change in plan.changes if change.action is Action.UPDATE]
    assert updated == ["thread/ipi/tilt1"]
