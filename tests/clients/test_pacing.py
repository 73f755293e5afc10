"""Minutes of 429s without retry-after, in virtual time: the client slows down within a sane floor,
and comes back to the platform's rate once it stops refusing."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx

from iotplan.clients.platform import PlatformClient
from iotplan.errors import PlatformError
from tests.clients.virtual_time import VirtualClock, run_paced

WORKERS = 16


@dataclass
class LimitedPlatform:
    """A token bucket of `rate` requests a second that answers 429 with no retry-after, and
    refuses everything for its first `outage` seconds."""

    rate: float
    outage: float = 0.0
    clock: VirtualClock | None = None
    tokens: float = 0.0
    stamp: float = 0.0
    accepted: list[float] = field(default_factory=list)
    refused: int = 0

    def handler(self, request: httpx.Request) -> httpx.Response:
        assert self.clock is not None
        now = self.clock.now
        self.tokens, self.stamp = min(self.rate, self.tokens + (now - self.stamp) * self.rate), now
        if now < self.outage or self.tokens < 1:
            self.refused += 1
            return httpx.Response(429, json={"error": {"code": "TooManyRequests", "message": "slow down"}})
        self.tokens -= 1
        self.accepted.append(now)
        return httpx.Response(200, json={"id": "p"})

    def per_minute(self, minutes: int) -> list[int]:
        return [sum(1 for t in self.accepted if m * 60 <= t < (m + 1) * 60) for m in range(minutes)]


def drive(platform: LimitedPlatform, seconds: float) -> int:
    """WORKERS readers for `seconds` of virtual time; how many reads gave up."""
    gave_up = [0]

    async def work(client: PlatformClient, clock: VirtualClock) -> None:
        platform.clock = clock

        async def reader() -> None:
            while clock.now < seconds:
                try:
                    await client.get_project("p")
                except PlatformError:
                    gave_up[0] += 1

        await asyncio.gather(*(reader() for _ in range(WORKERS)))

    run_paced(platform.handler, work)
    return gave_up[0]


def test_after_a_minute_of_refusals_the_pace_comes_back_to_the_platforms_rate() -> None:
    platform = LimitedPlatform(rate=5.0, outage=60.0)
    assert drive(platform, 240.0) == 0
    during, *after = platform.per_minute(4)
    assert during == 0 and platform.refused < 2 * 60  # the floor: about one request a second
    assert after[1] >= 0.8 * 300 and after[2] >= 0.8 * 300  # 300 a minute is the platform's rate


def test_a_steady_limit_keeps_the_client_near_it_for_good() -> None:
    platform = LimitedPlatform(rate=2.0)
    assert drive(platform, 240.0) == 0
    assert min(platform.per_minute(4)) >= 0.8 * 120
