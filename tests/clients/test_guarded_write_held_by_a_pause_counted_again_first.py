"""A guarded integrate call (a removal's) whose turn a 429's pause held after its count (another
unit's 429: every request of the client waits out its retry-after) is counted again before it goes,
never sent on the count read before the pause (cr75): what arrived in that wait would go unseen."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx

from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient
from iotplan.clients.retry import Guard, Resending, resend_guard
from iotplan.clients.throttle import waits_counted
from tests.clients.guarded_writes import JumpingClock


def test_a_removal_held_by_another_units_429_is_counted_again_before_it_goes() -> None:
    happened: list[str] = []

    def platform(request: httpx.Request) -> httpx.Response:
        happened.append("sent")
        return httpx.Response(200, json={"integration": {"node": {"id": "/n"}}})

    async def count_again(resending: Resending) -> None:
        happened.append(f"counted again ({resending.held}), after {resending.after!r}")

    async def integrate() -> None:
        clock = JumpingClock()
        transport = httpx.MockTransport(platform)
        async with httpx.AsyncClient(transport=transport, base_url="http://platform") as http:
            client = PlatformClient(http, retry=replace(PLATFORM_RETRY, clock=clock, sleep=clock.sleep))
            with waits_counted():
                resend_guard.set(Guard(count_again))  # counted, as its unit does before the call
                client.throttle.answered(429, sent_at=clock(), retry_after=30.0)  # another unit's
                await client.integrate("p", {"integration": {}})

    asyncio.run(integrate())
    assert happened == [
        "counted again (the platform's rate limit held the unit's requests), after ''",
        "sent",
    ]
