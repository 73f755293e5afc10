"""A guarded integrate call whose turn a 429's pause holds after each of its counts again is not sent
once its attempts are spent: counted again and held again, a request each, it would never end (a
strict limit other units keep meeting), nor may it go on a count read before the pause."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
import pytest

from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient
from iotplan.clients.retry import Guard, Resending, resend_guard
from iotplan.clients.throttle import waits_counted
from iotplan.errors import WriteWithdrawn
from tests.clients.guarded_writes import JumpingClock


def test_a_removal_held_again_after_each_count_is_withdrawn_unsent() -> None:
    sent: list[httpx.Request] = []
    counts: list[Resending] = []
    clock = JumpingClock()

    async def integrate() -> None:
        transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(200, json={}))
        async with httpx.AsyncClient(transport=transport, base_url="http://platform") as http:
            client = PlatformClient(http, retry=replace(PLATFORM_RETRY, clock=clock, sleep=clock.sleep))

            async def count_again(resending: Resending) -> None:
                counts.append(resending)
                client.throttle.answered(429, sent_at=clock(), retry_after=30.0)  # another unit's, again

            with waits_counted():
                resend_guard.set(Guard(count_again))
                client.throttle.answered(429, sent_at=clock(), retry_after=30.0)
                await client.integrate("p", {"integration": {}})

    with pytest.raises(WriteWithdrawn, match="held it after each of 6 counts that let it go"):
        asyncio.run(integrate())
    assert not sent  # its first turn came after its unit's count, each later one after a count again
    assert len(counts) == PLATFORM_RETRY.attempts - 1
