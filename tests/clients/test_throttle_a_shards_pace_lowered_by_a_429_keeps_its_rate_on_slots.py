"""A 429 that lowers a shard's pace below its share of a known rate lowers it by its 30%: its turns
still fall on the shard's slots, each on the first at or after its due time, but the next is due an
interval at the lowered pace after the last one's due time, not after the slot it went on. Counted
from the slot, every interval over one slot's period waited for the second: 70% of the rate ran at
half of it until the pace recovered."""

from __future__ import annotations

import itertools

import pytest

from iotplan.clients.throttle import Throttle
from tests.clients.test_throttle import Clock, send

SHARDS = 8
CEILING = 5000 / 60 / SHARDS  # a shard's share of 5000/min
PERIOD = 1 / CEILING  # between two slots of one shard


@pytest.mark.parametrize("shard", [1, 6])
def test_turns_after_a_429_go_at_the_lowered_pace(shard: int) -> None:
    clock = Clock()
    throttle = Throttle(clock, clock.sleep, ceiling=CEILING, shards=SHARDS, shard=shard, wall_clock=clock)
    first = send(throttle)
    throttle.answered(429, first, retry_after=0.0)
    lowered = throttle.rate
    assert lowered is not None and lowered < CEILING
    sent = [send(throttle) for _ in range(41)]
    gaps = [later - earlier for earlier, later in itertools.pairwise(sent)]
    assert min(gaps) >= PERIOD * (1 - 1e-6)  # never above the shard's share
    mean = (sent[-1] - sent[0]) / (len(sent) - 1)
    assert mean == pytest.approx(1 / lowered, abs=PERIOD / (len(sent) - 1))
    assert all(slot_of(moment, shard) == pytest.approx(0, abs=1e-6) for moment in sent)


def slot_of(moment: float, shard: int) -> float:
    """How far past one of shard `shard`'s slots `moment` is, in periods (0 on a slot)."""
    offset = (moment / PERIOD - (shard - 1) / SHARDS) % 1
    return min(offset, 1 - offset)
