"""A guarded write whose turn comes 20 s after each of its counts (a queue, a lock, a slot ahead of its
request), with no 429 anywhere, is not sent, and says what held it: the time passed since it was counted.
It said "the platform's rate limit held it", which no 429 had (cr85)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from iotplan.clients.retry import Guard, HeldAfterCounts, Resending, counted_first
from iotplan.clients.throttle import Throttle, waits_counted
from tests.clients.guarded_writes import JumpingClock


def held_after_counts() -> HeldAfterCounts:
    clock = JumpingClock()
    throttle = Throttle(clock, clock.sleep, ceiling=1.0)  # --rate-limit 60/min

    async def count_again(resending: Resending) -> None:
        await throttle.before_sending()  # a read, answered at once

    async def send(outdated: Callable[[], bool] | None) -> str:
        await clock.sleep(20.0)  # held before asking its turn: another unit's reconnect, a slot
        await throttle.before_sending(outdated)
        return "sent"

    async def run() -> None:
        with waits_counted():
            await throttle.before_sending()  # the unit's count
            await counted_first(Guard(count_again), send, None, 6, throttle)

    with pytest.raises(HeldAfterCounts) as held:
        asyncio.run(run())
    return held.value


def test_a_write_outdated_by_20_s_after_each_count_says_so_not_the_rate_limit() -> None:
    held = held_after_counts()
    assert str(held).startswith(
        "it was held: its count was outdated before its turn after each of 6 counts that let it go ("
    ), held
    assert str(held).endswith(" s passed since it was counted)"), held
    assert "rate limit" not in str(held)
