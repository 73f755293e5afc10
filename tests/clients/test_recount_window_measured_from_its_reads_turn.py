"""A guarded write's count is allowed its reads' answer time, not the wait before them: a recount whose read
queued 10 s for its turn, followed by a write held 5 s more (a slot, a lock), is counted again at the
write's turn. Measured from before that queue, the window grew with it and let the write go 5 s after
its read, 3 s past the pacing line's promise at 60/min (cr84 #1)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from iotplan.clients.retry import Guard, Resending, counted_first
from iotplan.clients.throttle import Throttle, waits_counted
from tests.clients.virtual_time import VirtualClock


def counts_before_sent() -> list[float]:
    clock = VirtualClock()
    throttle = Throttle(clock, clock.sleep, ceiling=1.0)  # --rate-limit 60/min
    counted_at: list[float] = []

    async def count_again(resending: Resending) -> None:
        await clock.sleep(10.0)  # queued behind other units' turns
        counted_at.append(await throttle.before_sending())  # its read

    async def send(outdated: Callable[[], bool] | None) -> float:
        if len(counted_at) == 1:
            await clock.sleep(5.0)  # held after the count, before the write's turn
        return await throttle.before_sending(outdated)

    async def run() -> None:
        with waits_counted():
            await throttle.before_sending()  # the count read before the unit waited
            guard = Guard(count_again)
            await clock.sleep(30.0)
            await counted_first(guard, send, None, 6, throttle)

    async def driven() -> None:
        await clock.drive(run())

    asyncio.run(driven())
    return counted_at


def test_a_write_held_after_a_recount_that_queued_is_counted_again() -> None:
    assert len(counts_before_sent()) == 2
