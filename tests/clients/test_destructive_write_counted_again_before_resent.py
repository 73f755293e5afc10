"""An integrate call sent under a `resend_guard` (a removal's, apply/execute.py) answered 429 goes
again only once the guard has counted again, after the wait the platform asked for; a guard that
refuses ends the retries, the call not sent again. Any other write is retried as before."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import httpx
import pytest

from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient
from iotplan.clients.retry import Guard, Resending, resend_guard


class Refused(Exception):
    pass


def sent_with(guard_refuses: bool | None) -> list[str]:
    """What happened, in order, to an integrate call whose first attempt is answered 429 (retry-after
    0), under a guard (refusing or not), or none (`None`)."""
    happened: list[str] = []

    def platform(request: httpx.Request) -> httpx.Response:
        happened.append("sent")
        if happened.count("sent") == 1:
            return httpx.Response(429, headers={"retry-after": "0"}, json={"error": {"message": "slow"}})
        return httpx.Response(200, json={"integration": {"node": {"id": "/n"}}})

    async def guard(resending: Resending) -> None:
        happened.append(f"counted again after {resending.after}")
        if guard_refuses:
            raise Refused

    async def integrate() -> None:
        transport = httpx.MockTransport(platform)
        async with httpx.AsyncClient(transport=transport, base_url="http://platform") as http:
            client = PlatformClient(
                http, retry=replace(PLATFORM_RETRY, sleep=lambda seconds: asyncio.sleep(0))
            )
            resend_guard.set(None if guard_refuses is None else Guard(guard))
            try:
                await client.integrate("p", {"integration": {}})
            except Refused:
                happened.append("refused")

    asyncio.run(integrate())
    return happened


@pytest.mark.parametrize(
    ("guard_refuses", "happened"),
    [
        (True, ["sent", "counted again after a 429", "refused"]),
        (False, ["sent", "counted again after a 429", "sent"]),
        (None, ["sent", "sent"]),
    ],
)
def test_a_guarded_write_answered_429_is_counted_again_before_it_goes_again(
    guard_refuses: bool | None, happened: list[str]
) -> None:
    assert sent_with(guard_refuses) == happened
