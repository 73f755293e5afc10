"""Two declared sensors on one channel as read (another writer moved tilt1 onto tilt2's channel while
an apply created tilt2 there): the plan moves tilt1 back, so its own state after is right, and
nothing said that channel 2 holds both now, their data mixed since the later one came. Both lines
say it, with what each holds; the one left in sync is not called in sync."""

from __future__ import annotations

from iotplan.plan.model import Action, Cause
from tests.plan.test_thread import LOGGER, desired, live_as_declared, planned

SAID = (
    "mux_index 2 is the channel of both thread/ipi/tilt1 (10 observations) and thread/ipi/tilt2 "
    "(0 observations) now: two sensors on one channel of a logger mix their data from the moment the "
    "later one was put on it"
)


def test_two_sensors_on_one_channel_now_are_told_though_the_plan_moves_one_off() -> None:
    state = desired()
    connection = live_as_declared(
        state,
        **{
            f"{LOGGER}/tilt1/sensor": {"MUX_INDEX": 2, "OBSERVATION_COUNT": 10},
            f"{LOGGER}/tilt2/sensor": {"OBSERVATION_COUNT": 0},
        },
    )
    plan = planned(state, connection)
    by_key = {str(change.address): change for change in plan.changes}
    moved, left = by_key["thread/ipi/tilt1"], by_key["thread/ipi/tilt2"]
    assert moved.action is Action.UPDATE and SAID in moved.reason
    assert left.action is Action.NOOP and left.cause is Cause.DIFFERS and SAID in left.reason
