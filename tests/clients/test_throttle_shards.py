"""Shards of one run under a known rate take turns on slots of a shared wall-clock grid, shard i of n
1/n of an interval after shard i-1: started at once, they alternate without talking, where each paced
on its own (a random phase) lets two requests of different shards reach a one-request bucket together."""

from __future__ import annotations

import asyncio
import itertools

import httpx
import pytest

from iotplan.cli.options import Scale
from iotplan.clients.platform import PlatformClient
from iotplan.clients.target import TargetOptions
from iotplan.clients.throttle import Throttle
from iotplan.plan.coverage import Shard
from tests.clients.test_throttle import Clock, send
from tests.clients.virtual_time import VirtualClock

WALL = 1_765_000_000.7  # the wall clock when the monotonic one reads 0: one host's, not aligned to a slot


async def turns(throttle: Throttle, count: int) -> list[float]:
    sent_at = []
    for _ in range(count):
        sent = await throttle.before_sending()
        throttle.answered(200, sent, None)  # answered at once: the next turn counts from the slot
        sent_at.append(sent)
    return sent_at


def shards_turns(whole: float, shards: int, count: int, started_at: float) -> list[list[float]]:
    """Each shard's turns, the n shards started at `started_at` (their processes' clocks differ; the wall
    clock is the one they share)."""
    clock = VirtualClock()
    clock.now = started_at
    throttles = [
        Throttle(
            clock,
            clock.sleep,
            ceiling=whole / shards,
            shards=shards,
            shard=i,
            wall_clock=lambda: clock.now + WALL,
        )
        for i in range(1, shards + 1)
    ]

    async def all_shards() -> list[list[float]]:
        return list(await asyncio.gather(*(turns(throttle, count) for throttle in throttles)))

    return asyncio.run(clock.drive(all_shards()))


@pytest.mark.parametrize(
    ("whole", "shards", "step"),
    [
        (30 / 60, 2, 2 / 0.9),  # one second of 30/min holds one request: 90% of the rate (HEADROOM)
        (30 / 60, 3, 2 / 0.9),
        (120 / 60, 2, 0.5),
        (120 / 60, 3, 0.5),
    ],
)
@pytest.mark.parametrize("started_at", [0.0, 3.3, 1234.56])
def test_shards_started_together_alternate_a_whole_interval_apart(
    whole: float, shards: int, step: float, started_at: float
) -> None:
    by_shard = shards_turns(whole, shards, count=6, started_at=started_at)
    together = sorted(itertools.chain.from_iterable(by_shard))
    gaps = [later - earlier for earlier, later in itertools.pairwise(together)]
    assert min(gaps) == pytest.approx(step) and max(gaps) == pytest.approx(step)
    for index, sent in enumerate(by_shard):  # shard i's turns on its own slots of the wall-clock grid
        assert (sent[0] + WALL) / step % shards == pytest.approx(index, abs=1e-6)
        assert sent[0] - started_at < shards * step  # no more than a shard's interval before the first


def test_a_shard_waits_out_a_retry_after_then_goes_on_its_next_slot() -> None:
    clock = Clock()
    throttle = Throttle(clock, clock.sleep, ceiling=0.25, shards=2, shard=2, wall_clock=clock)
    step = 2 / 0.9  # the whole 30/min's interval, with room
    first = send(throttle)
    assert first == pytest.approx(step)  # shard 2's first slot: one step after the epoch's
    throttle.answered(429, first, retry_after=3.0)
    later = send(throttle)
    assert later >= first + 3.0
    assert later / step % 2 == pytest.approx(1, abs=1e-6)  # still on shard 2's slots


def test_a_single_client_keeps_its_random_phase_not_a_slot() -> None:
    clock = Clock()
    phases = set()
    for _ in range(5):
        throttle = Throttle(clock, clock.sleep, ceiling=0.5, wall_clock=clock)
        started = clock.now
        phases.add(round(send(throttle) - started, 6))
    assert len(phases) > 1


def test_a_shards_run_hands_its_index_to_its_throttle() -> None:
    paced = Scale(Shard(2, 3), rate_limit=0.5).paced(TargetOptions())
    assert (paced.shards, paced.shard) == (3, 2)
    client = PlatformClient(
        httpx.AsyncClient(), rate=paced.rate_limit, shards=paced.shards, shard=paced.shard
    )
    assert (client.throttle.shards, client.throttle.shard) == (3, 2)


class LateClock(Clock):
    """A real sleep ends a little after its time; a turn that chased the next slot would sleep forever."""

    async def sleep(self, seconds: float) -> None:
        if len(self.slept) > 50:
            raise AssertionError(f"still waiting for a turn after {self.slept}")
        await super().sleep(seconds + 0.001)


@pytest.mark.parametrize("shard", [1, 2])
def test_a_sleep_ending_after_its_slot_takes_that_slot(shard: int) -> None:
    clock = LateClock()
    clock.now = 5.0
    throttle = Throttle(clock, clock.sleep, ceiling=0.25, shards=2, shard=shard, wall_clock=clock)
    step = 2 / 0.9
    sent = [send(throttle) for _ in range(3)]
    assert sent[0] - 5.0 < 2 * step + 0.001  # its first slot, not a later one
    assert [round(b - a, 2) for a, b in itertools.pairwise(sent)] == [round(2 * step, 2)] * 2
