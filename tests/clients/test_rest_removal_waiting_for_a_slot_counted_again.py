"""A guarded REST removal that waits 30 s for an in-flight slot (--parallelism 1) held by a request queued
in a 429's pause reaches its turn after the pause ended: it is counted again all the same, its count
older than the window (cr82 #2)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx

from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient
from iotplan.clients.retry import Guard, Resending, resend_guard
from iotplan.clients.throttle import waits_counted
from tests.clients.guarded_writes import JumpingClock, read_at


def test_a_rest_removal_held_30_s_waiting_for_an_in_flight_slot_is_counted_again() -> None:
    clock = JumpingClock(turns=20)  # others run meanwhile, as in a real wait
    sent: list[str] = []
    counted: list[Resending] = []

    def platform(request: httpx.Request) -> httpx.Response:
        sent.append(f"{request.method} {request.url.path} at {clock() - 1000:.1f} s")
        return httpx.Response(200, json={"integration": {"node": {"id": "/n"}}})

    async def count_again(resending: Resending) -> None:
        counted.append(resending)

    async def run() -> None:
        transport = httpx.MockTransport(platform)
        async with httpx.AsyncClient(transport=transport, base_url="http://platform") as http:
            retry = replace(PLATFORM_RETRY, clock=clock, sleep=clock.sleep)
            client = PlatformClient(http, retry=retry, in_flight=1)  # --parallelism 1 slot

            async def another_unit() -> None:
                with waits_counted():
                    await client.get_integration("p", "/n")

            async def removing_unit() -> None:
                with waits_counted():
                    resend_guard.set(Guard(count_again, read_at(1000.0)))  # its count, read at t=0
                    await client.integrate("p", {"integration": {}})

            client.throttle.answered(429, clock(), 30.0)  # a 429: every request waits 30 s
            other = asyncio.create_task(another_unit())
            await asyncio.sleep(0)  # it holds the one slot while the pause holds its turn
            await asyncio.gather(other, asyncio.create_task(removing_unit()))

    asyncio.run(run())
    assert sent[-1].startswith("POST /api/integrations/integrate")
    assert counted, f"sent 30 s after its count, never counted again: {sent}"
