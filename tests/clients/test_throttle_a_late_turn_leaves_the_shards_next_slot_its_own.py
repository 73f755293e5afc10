"""A shard's turn that goes a little after its slot (a busy event loop: at 5000/min over 8 shards a slot
is 12 ms from its neighbours') leaves the shard's next slot its own, where the next turn used to count
from the late moment and skip to the slot after, halving the shard's rate; a turn that did not wait
for its slot and comes later than its leeway waits for the next slot, never a burst."""

from __future__ import annotations

import itertools

import pytest

from iotplan.clients.throttle import Throttle
from tests.clients.test_throttle import Clock, send

SHARDS = 8
CEILING = 5000 / 60 / SHARDS  # a shard's share of 5000/min
PERIOD = 1 / CEILING  # between two slots of one shard; SHARDS steps of the grid


class BusyClock(Clock):
    """Each sleep ends `late` seconds after its time, as a sleep does on an event loop kept busy."""

    def __init__(self, late: float) -> None:
        super().__init__()
        self.late = late

    async def sleep(self, seconds: float) -> None:
        await super().sleep(seconds + self.late)


def shard_throttle(clock: Clock, shard: int) -> Throttle:
    return Throttle(clock, clock.sleep, ceiling=CEILING, shards=SHARDS, shard=shard, wall_clock=clock)


@pytest.mark.parametrize("late", [0.001, 0.008, 0.03, 0.09])
@pytest.mark.parametrize("shard", [1, 5])
def test_turns_late_by_less_than_a_period_go_every_period(late: float, shard: int) -> None:
    clock = BusyClock(late)
    throttle = shard_throttle(clock, shard)
    sent = [send(throttle) for _ in range(20)][1:]  # shard 1's first slot is now: it goes on time
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent)]
    assert gaps == pytest.approx([PERIOD] * len(gaps))


def test_a_turn_many_slots_late_waits_for_the_next_slot_then_keeps_the_period() -> None:
    clock = Clock()
    throttle = shard_throttle(clock, 3)
    first = send(throttle)
    clock.now += 10 * PERIOD + 0.5 * PERIOD  # the event loop held for ten slots and a half
    sent = [send(throttle) for _ in range(6)]
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent)]
    assert sent[0] == pytest.approx(first + 11 * PERIOD)  # half a period late: off the grid, never a burst
    assert gaps == pytest.approx([PERIOD] * len(gaps))
