"""A removal whose sensors are counted again, one counted and one not (JSON-RPC out of reach for
it): a saved plan and the recount before the writes decide by one rule which sensors hold data only
for a count unknown now, so they say the same of it (one said "cannot be read now", the other "the
platform changed"), and the one cause the read found, by one function (apply/stale.py
`uncounted_said`)."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.apply.recount import taking_more_now
from iotplan.apply.stale import UNCOUNTED, check_not_stale
from iotplan.errors import IotplanError, StalePlanError
from iotplan.live.counts import why_uncounted_under
from iotplan.live.model import LiveConnection, Observations, Uncounted
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


def read_now(why: Uncounted | None = None) -> dict[str, LiveConnection]:
    """pz-1 still at 3; pz-2's count not answered, for `why` where the read knows it (a 0 beside a
    LAST_OBSERVATION, JSON-RPC out of reach, JSON-RPC's count not held against REST's)."""
    fresh = dam_a(("pz-1", 3), ("pz-2", 0))
    connection = fresh["id-dam-a"]
    pz_2 = connection.sensors["dev-9"][1]
    if why is Uncounted.NOT_COUNTED_YET:
        pz_2.props["LAST_OBSERVATION"] = {"timestamp": "2026-12-05T12:00:00.000Z"}
        return fresh
    del pz_2.props["OBSERVATION_COUNT"]
    if why is not None:
        connection.uncounted_why[pz_2.id] = why  # as live/counts.py `count_through_rpc` records it
    return fresh


def planned_now(saved: Plan, fresh: dict[str, LiveConnection]) -> Plan:
    """The saved plan as a fresh plan makes it from `fresh`: the removal counted as read now, told
    why its count is unknown as commands/plan.py tells it."""
    connection = fresh["id-dam-a"]
    device = connection.devices[0]
    sensors = connection.sensors[device.id]
    held = Observations.of_tree(device, sensors)
    removal: Change = saved.changes[1]
    counted = dataclasses.replace(
        removal,
        observations=held.known,
        observations_unknown=held.unknown,
        uncounted_why=why_uncounted_under(connection, sensors),
    )
    now = with_collateral(counted, dict(zip((PZ_1, PZ_2), sensors, strict=True)))
    return dataclasses.replace(saved, changes=(saved.changes[0], now))


def said_by_the_recount(saved: Plan, why: Uncounted | None = None) -> str:
    try:
        found = taking_more_now(saved, read_now(why))
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
    assert str(stale.value).endswith(f": {UNCOUNTED}")  # why, no read told: the three causes


CAUSES = {
    Uncounted.NOT_FOUND: (
        "unknown, treated as holding data: JSON-RPC, read a moment after REST, no longer finds them by id: "
        "most likely removed since, by another run or in the web app, so no longer where the plan found them "
        "(or JSON-RPC at --rpc-endpoint / IOTPLAN_RPC_ENDPOINT is another platform's): plan again to review "
        "what is there now. "
    ),
    Uncounted.NOT_COUNTED_YET: (
        "unknown, treated as holding data: the platform has not counted an upload yet (a count of 0 beside "
        "a last observation): a sensor reported since the review, so plan again to review it. "
    ),
    Uncounted.NO_ANSWER: (
        "unknown, treated as holding data: JSON-RPC did not answer for them, and nothing says the platform "
        "changed: run it again once it answers. "
    ),
    Uncounted.NOT_HELD: (
        "unknown, treated as holding data: JSON-RPC's counts could not be held against REST's (a warning "
        "says why: another platform at --rpc-endpoint / IOTPLAN_RPC_ENDPOINT, or a read that failed). "
    ),
}


@pytest.mark.parametrize("why", list(Uncounted))
def test_a_saved_plan_and_the_recount_say_the_one_cause_their_read_knows(why: Uncounted) -> None:
    """JSON-RPC answered pz-2 with 0 beside a LAST_OBSERVATION: told "run it again once JSON-RPC
    answers", a user reran into the same refusal for ever."""
    saved = reviewed()
    with pytest.raises(StalePlanError) as stale:
        check_not_stale(saved, planned_now(saved, read_now(why)))
    assert str(stale.value) == said_by_the_recount(saved, why)
    assert f"cannot be read now: {CAUSES[why]}A new plan shows counts" in str(stale.value)
    assert "Either" not in str(stale.value)
