"""A recount and the write it guards go back to back at a known rate: the write's turn is taken
before the recount is sent, so nothing arriving in a pacing interval between them is destroyed
unseen; the pair still spends two turns of the pace."""

from __future__ import annotations

import asyncio

from iotplan.clients.throttle import Pair, Throttle, guarded_write
from tests.clients.test_throttle import Clock

INTERVAL = 10.0  # at 6 a minute
ROUND_TRIP = 0.2


def test_the_write_a_recount_guards_goes_without_waiting_and_the_pair_spends_two_turns() -> None:
    clock = Clock()
    throttle = Throttle(clock, clock.sleep, ceiling=1 / INTERVAL)

    async def sent() -> tuple[float, ...]:
        before = await throttle.before_sending()  # another request
        pair = Pair()
        guarded_write.set(pair)
        recount = await throttle.before_sending()
        pair.recounted()
        clock.now += ROUND_TRIP
        waits = len(clock.slept)
        write = await throttle.before_sending()
        assert len(clock.slept) == waits  # no wait between the recount's answer and the write
        guarded_write.set(None)
        after = await throttle.before_sending()
        return before, recount, write, after

    before, recount, write, after = asyncio.run(sent())
    assert recount == before + 2 * INTERVAL  # its own turn and the write's, taken first
    assert write == recount + ROUND_TRIP
    assert after == recount + INTERVAL  # 4 requests over 3 intervals: the pace is kept


def test_a_pair_whose_recount_sent_nothing_leaves_the_write_to_its_turn() -> None:
    clock = Clock()
    throttle = Throttle(clock, clock.sleep, ceiling=1 / INTERVAL)

    async def sent() -> tuple[float, float]:
        before = await throttle.before_sending()
        pair = Pair()
        guarded_write.set(pair)
        pair.recounted()  # nothing to count: no turn was taken for the write
        return before, await throttle.before_sending()

    before, write = asyncio.run(sent())
    assert write == before + INTERVAL
