"""A `moved` rename together with a template change is a replacement: the plan names the address the
history is on, and says that `moved` does not keep it."""

from __future__ import annotations

from iotplan.plan.model import Action
from tests.guards.fleet import DAM_A, DAM_B, live_fleet, manifest, plan_for

RENAMED_AND_RETEMPLATED = manifest(
    DAM_A.replace(
        "- key: air\n                template: TEMPERATURE_SDE",
        "- key: batt\n                template: BATTERY_CHARGE_SDE",
    ),
    DAM_B,
    moved="  - {from: dam-a/logger-1/air, to: dam-a/logger-1/batt}\n",
)


def test_the_replacement_names_where_it_was_moved_from_and_that_history_is_not_kept() -> None:
    plan = plan_for(RENAMED_AND_RETEMPLATED, live_fleet(observations=100))
    [replaced] = plan.writes
    assert (replaced.address, replaced.action, replaced.observations) == (
        "dam-a/logger-1/batt",
        Action.REPLACE,
        100,
    )
    assert replaced.reason == (
        "template TEMPERATURE_SDE → BATTERY_CHARGE_SDE cannot be updated in place; moved from "
        "dam-a/logger-1/air, but `moved` cannot keep history across a template change"
    )
