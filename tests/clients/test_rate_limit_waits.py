"""A 429 is the platform asking to wait, not a failure: a request keeps waiting on the rate limit
for minutes (retry.RATE_LIMITED_FOR), however many attempts that takes, so a burst of reads under
a low limit nobody gave gets every answer; when it does give up, its error names --rate-limit.
Measured in virtual time."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest

from iotplan.clients.auth import ApiKey
from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient
from iotplan.clients.retry import RATE_LIMITED_FOR
from iotplan.errors import PlatformError
from iotplan.sim import embedded_transport, faults
from tests.clients.virtual_time import VirtualClock
from tests.guards.fleet import PROJECT

Handler = Callable[[httpx.Request], httpx.Response]
Platform = Callable[[VirtualClock], Awaitable[httpx.AsyncBaseTransport]]
BURST = 60  # reads sent together: a large plan's first reads


def limited_to(per_minute: float) -> Platform:
    """A token bucket (one request of burst), its 429s asking for the wait a token takes."""

    async def platform(clock: VirtualClock) -> httpx.AsyncBaseTransport:
        rate, bucket = per_minute / 60, {"tokens": 1.0, "at": 0.0}

        def handler(request: httpx.Request) -> httpx.Response:
            bucket["tokens"] = min(1.0, bucket["tokens"] + (clock.now - bucket["at"]) * rate)
            bucket["at"] = clock.now
            if bucket["tokens"] >= 1:
                bucket["tokens"] -= 1
                return httpx.Response(200, json={"id": "p"})
            wait = str(math.ceil((1 - bucket["tokens"]) / rate))
            return httpx.Response(429, headers={"retry-after": wait}, json={"error": {"message": "slow"}})

        return httpx.MockTransport(handler)

    return platform


def reads(platform: Platform, count: int, project: str = "p") -> tuple[list[str], float]:
    """The errors of `count` reads sent together, and the virtual seconds they took."""
    clock = VirtualClock()

    async def read(client: PlatformClient) -> str:
        try:
            await client.get_project(project)
        except PlatformError as error:
            return str(error)
        return ""

    async def go() -> list[str]:
        transport = await platform(clock)
        started = clock.now
        async with httpx.AsyncClient(
            transport=transport, base_url="http://sim", auth=ApiKey("demo-key")
        ) as http:
            client = PlatformClient(http, retry=replace(PLATFORM_RETRY, sleep=clock.sleep, clock=clock))
            client.throttle.notice = lambda line: None
            errors = await clock.drive(asyncio.gather(*(read(client) for _ in range(count))))
        clock.now -= started
        return errors

    errors = asyncio.run(go())
    return [error for error in errors if error], clock.now


def test_a_burst_of_reads_under_a_low_unknown_limit_all_get_their_answer() -> None:
    errors, took = reads(limited_to(40), BURST)
    assert errors == []
    assert took < RATE_LIMITED_FOR  # each waited its turns, within the time a request keeps waiting


def test_the_emulators_rate_limit_of_40_a_minute_answers_every_read_of_a_burst(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def emulator(clock: VirtualClock) -> httpx.AsyncBaseTransport:
        transport = embedded_transport(tmp_path / "sim.db", variants=())
        limit = httpx.Request("POST", "http://sim/_sim/faults", json={"rate_limit": "40/min"})
        assert (await transport.handle_async_request(limit)).status_code == 200  # a client would close it
        monkeypatch.setattr(faults, "time", SimpleNamespace(monotonic=clock))  # its token bucket's clock
        clock.now = time.monotonic() + 1  # after the bucket's stamp, taken when it was made
        return transport

    errors, _ = reads(emulator, BURST, PROJECT)
    assert errors == []


def test_a_limit_that_never_lets_a_request_through_gives_up_in_minutes_naming_rate_limit() -> None:
    async def never(clock: VirtualClock) -> httpx.AsyncBaseTransport:
        refused = httpx.Response(429, headers={"retry-after": "1"}, json={"error": {"message": "slow"}})
        return httpx.MockTransport(lambda request: refused)

    errors, took = reads(never, 1)
    assert RATE_LIMITED_FOR <= took < RATE_LIMITED_FOR + 60
    assert len(errors) == 1 and "answered 429 after " in errors[0]
    assert "give it with --rate-limit N/min" in errors[0] and "waited 5 min" in errors[0]
