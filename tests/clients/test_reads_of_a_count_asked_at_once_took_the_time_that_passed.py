"""Two reads of one count asked at once (live/counts.py gathers getDevices with getSensors, getNodes with
getDevices) took the time that passed, not the sum of their answers: each 2 s answer added its whole time,
so a count whose reads spanned 6 s was allowed 10 s, and its guarded write went 4 s past its window
uncounted (cr90 #1)."""

from __future__ import annotations

import asyncio

from iotplan.clients.throttle import Throttle, counting
from tests.clients.guarded_writes import JumpingClock


def test_two_reads_asked_at_once_add_the_time_that_passed_once() -> None:
    clock = JumpingClock()
    throttle = Throttle(clock, clock.sleep)

    async def reads_of_one_count() -> float:
        with counting() as reads:
            first = await throttle.before_sending()  # the connection's REST read: 2 s
            clock.now += 2.0
            throttle.answered(200, first, None)
            together = [await throttle.before_sending(), await throttle.before_sending()]
            clock.now += 2.0  # both answered 2 s after their turn
            for sent_at in together:
                throttle.answered(200, sent_at, None)
            assert reads.first_at is not None
            spanned = clock() - reads.first_at
            return reads.took - spanned

    assert asyncio.run(reads_of_one_count()) <= 0.0
