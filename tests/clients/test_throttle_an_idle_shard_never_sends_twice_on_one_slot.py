"""A shard idle for a while, whose requests come again a little after one of its slots, never sends two
turns on that slot (counted from one interval before the late moment, the next fell due on it: two
requests at once, a 429 at a slow limit), and two of its turns are never closer than one period less the
slot's leeway (half a step at 5000/min over 8 shards): a request later than that waits for the next slot."""

from __future__ import annotations

import itertools

import pytest

from iotplan.clients.throttle import Throttle
from tests.clients.test_throttle import Clock, send

SHARDS = 8
CEILING = 5000 / 60 / SHARDS  # a shard's share of 5000/min
PERIOD = 1 / CEILING  # between two slots of one shard; SHARDS steps of the grid
LEEWAY = PERIOD / SHARDS / 2  # half a step: one second of 5000/min holds a burst


@pytest.mark.parametrize("past_the_slot", [0.01, 0.05, 0.5])
def test_an_idle_shard_busy_again_keeps_a_period_between_its_turns(past_the_slot: float) -> None:
    clock = Clock()
    throttle = Throttle(clock, clock.sleep, ceiling=CEILING, shards=SHARDS, shard=3, wall_clock=clock)
    first = send(throttle)
    clock.now = first + (10 + past_the_slot) * PERIOD  # idle ten slots, back a little after its slot
    sent = [send(throttle) for _ in range(4)]
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent)]
    assert min(gaps) >= PERIOD - LEEWAY - 1e-9, [round(gap / PERIOD, 3) for gap in gaps]
    assert sent[0] <= first + 11 * PERIOD + 1e-9  # no later than the slot after the one it came late for
