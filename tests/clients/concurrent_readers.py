"""Clients reading at once against one rate-limited handler, in virtual time: the harness the rate tests
share (`--rate-limit` shares, the platform's tier headers)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from iotplan.clients.auth import ApiKey
from iotplan.clients.platform import PlatformClient
from iotplan.clients.retry import RetryPolicy
from tests.clients.virtual_time import VirtualClock

WORKERS = 16


def read_until(
    handler: Callable[[httpx.Request], httpx.Response],
    clock: VirtualClock,
    seconds: float,
    clients: int,
    **client_options: Any,
) -> None:
    """`clients` platform clients (n shards' processes), each with WORKERS readers of one project,
    against `handler` until `seconds` of virtual time; `client_options` go to each PlatformClient."""

    async def one_client() -> None:
        async with httpx.AsyncClient(
            transport=httpx.MockTransport(handler), base_url="https://iiot.test", auth=ApiKey("k")
        ) as http:
            policy = RetryPolicy(attempts=6, sleep=clock.sleep, clock=clock)
            client = PlatformClient(http, retry=policy, **client_options)

            async def reader() -> None:
                while clock.now < seconds:
                    await client.get_project("p")

            await asyncio.gather(*(reader() for _ in range(WORKERS)))

    async def all_clients() -> None:
        await asyncio.gather(*(one_client() for _ in range(clients)))

    asyncio.run(clock.drive(all_clients()))
