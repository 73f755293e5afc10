"""A guarded write whose connection could not be opened is counted again before it goes again, as
one answered 429 is, and its guard is told what happened: a connection never made, not a 429 (the
unit's report said "again after a 429" of both, cr70)."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx

from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient
from iotplan.clients.retry import Guard, Resending, resend_guard


def test_a_write_whose_connection_could_not_be_opened_is_counted_again_told_so() -> None:
    happened: list[str] = []

    def platform(request: httpx.Request) -> httpx.Response:
        happened.append("sent")
        if happened.count("sent") == 1:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, json={"integration": {"node": {"id": "/n"}}})

    async def guard(resending: Resending) -> None:
        happened.append(f"counted again after {resending.after}")

    async def integrate() -> None:
        transport = httpx.MockTransport(platform)
        async with httpx.AsyncClient(transport=transport, base_url="http://platform") as http:
            retry = replace(PLATFORM_RETRY, sleep=lambda seconds: asyncio.sleep(0))
            resend_guard.set(Guard(guard))
            await PlatformClient(http, retry=retry).integrate("p", {"integration": {}})

    asyncio.run(integrate())
    assert happened == ["sent", "counted again after its connection could not be opened", "sent"]
