"""A removal whose sensors are counted again, one counted and one not (JSON-RPC out of reach for
it): a saved plan and the recount before the writes decide by one rule which sensors hold data only
for a count unknown now, so they say the same of it (one said "cannot be read now", the other "the
platform changed")."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.apply.recount import taking_more_now
from iotplan.apply.stale import check_not_stale
from iotplan.errors import IotplanError, StalePlanError
from iotplan.live.model import LiveConnection, Observations
from iotplan.plan.address import Address
from iotplan.plan.diff import with_collateral
from iotplan.plan.model import Action, Change, Plan
from tests.apply.test_recount import dam_a
from tests.render.plans import change, in_sync, plan

PZ_1, PZ_2 = Address("dam-a/logger-9/pz-1"), Address("dam-a/logger-9/pz-2")


def reviewed() -> Plan:
    """logger-9 goes with pz-1, which held 3 observations when shown, and pz-2, which held none."""
    removal = change(
        "dam-a/logger-9",
        Action.REMOVE,
        "not in the manifest; owned by stack dams",
        live_id="dev-9",
        fingerprint="fp-9",
        observations=3,
        collateral=(PZ_1, PZ_2),
        holding=(PZ_1,),
    )
    return plan(in_sync("dam-a"), removal)


def read_now() -> dict[str, LiveConnection]:
    """pz-1 still at 3; pz-2's count not answered."""
    fresh = dam_a(("pz-1", 3), ("pz-2", 0))
    del fresh["id-dam-a"].sensors["dev-9"][1].props["OBSERVATION_COUNT"]
    return fresh


def planned_now(saved: Plan, fresh: dict[str, LiveConnection]) -> Plan:
    """The saved plan as a fresh plan makes it from `fresh`: the removal counted as read now."""
    device = fresh["id-dam-a"].devices[0]
    sensors = fresh["id-dam-a"].sensors[device.id]
    held = Observations.of_tree(device, sensors)
    removal: Change = saved.changes[1]
    counted = dataclasses.replace(removal, observations=held.known, observations_unknown=held.unknown)
    now = with_collateral(counted, dict(zip((PZ_1, PZ_2), sensors, strict=True)))
    return dataclasses.replace(saved, changes=(saved.changes[0], now))


def said_by_the_recount(saved: Plan) -> str:
    try:
        found = taking_more_now(saved, read_now())
    except IotplanError as error:  # only counts that cannot be read now: said as a saved plan says them
        return f"what the removals destroy cannot be counted now: {error}"
    return (
        f"the platform changed since the plan was made: {'; '.join(found['dam-a'])}: run iotplan plan again"
    )


def test_a_saved_plan_and_the_recount_say_the_same_of_one_sensor_counted_and_one_not() -> None:
    saved = reviewed()
    with pytest.raises(StalePlanError) as stale:
        check_not_stale(saved, planned_now(saved, read_now()))
    assert str(stale.value) == said_by_the_recount(saved)
    # pz-2 held none when reviewed and cannot be counted now: nothing says the platform changed.
    assert "(dam-a/logger-9/pz-2), read when reviewed, cannot be read now" in str(stale.value)
