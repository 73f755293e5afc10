"""Virtual time for the client's pacing: minutes of 429s measured in a fraction of a second.

`VirtualClock.sleep` parks the caller until the clock reaches its wake-up time; the clock jumps
to the earliest wake-up once every task is parked (nothing else runs: the transports here answer
at once). Hand `clock` and `sleep` to RetryPolicy, as the real clock and asyncio.sleep would be.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any, TypeVar

import httpx

from iotplan.clients.auth import ApiKey
from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient

T = TypeVar("T")
SETTLE = 20  # loop turns that let every runnable task reach its next sleep


class VirtualClock:
    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        waiting: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(0.0, seconds), next(self._order), waiting))
        await waiting

    async def drive(self, work: Awaitable[T]) -> T:
        """Run `work`, moving the clock whenever everything waits on it."""
        task = asyncio.ensure_future(work)
        while not task.done():
            for _ in range(SETTLE):
                await asyncio.sleep(0)
            if self._sleepers and not task.done():
                wake, _, waiting = heapq.heappop(self._sleepers)
                self.now = max(self.now, wake)
                if not waiting.cancelled():
                    waiting.set_result(None)
        return task.result()


def run_paced(
    handler: Callable[[httpx.Request], httpx.Response],
    work: Callable[[PlatformClient, VirtualClock], Awaitable[T]],
    attempts: int = 6,
) -> T:
    """`work(client, clock)` against `handler`, with the client's waits in virtual time."""
    clock = VirtualClock()

    async def go() -> Any:
        async with httpx.AsyncClient(
            transport=httpx.MockTransport(handler), base_url="https://iiot.test", auth=ApiKey("k")
        ) as http:
            policy = replace(PLATFORM_RETRY, attempts=attempts, sleep=clock.sleep, clock=clock)
            return await clock.drive(work(PlatformClient(http, retry=policy), clock))

    return asyncio.run(go())  # type: ignore[no-any-return]
