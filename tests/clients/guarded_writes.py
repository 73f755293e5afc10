"""Shared setup of the guarded-write tests: a clock that jumps over each wait, and a JSON-RPC client
to the emulator that records each request it sends (retry.py `resend_guard`, throttle.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Protocol

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import InProcessTransport
from iotplan.clients.platform import PLATFORM_RETRY
from iotplan.clients.retry import Counted
from iotplan.clients.throttle import Throttle
from iotplan.sim import SimTransport, create_app, demo_seed

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
SENSOR = "/fn/4A1B2C/node/x/1/device/s/sensor"
NODES = {"nodes": ["/fn/4A1B2C/node"]}


class Clock(Protocol):
    def __call__(self) -> float: ...
    async def sleep(self, seconds: float) -> None: ...


class JumpingClock:
    """Time moves only when a task sleeps, by what it sleeps; `turns`: loop turns others run meanwhile."""

    def __init__(self, turns: int = 1) -> None:
        self.now = 1000.0
        self.turns = turns

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        for _ in range(self.turns):
            await asyncio.sleep(0)


def recording_client(
    clock: Clock, record: Callable[[Mapping[str, Any]], None], throttle: Throttle | None = None
) -> JsonRpcClient:
    """A JSON-RPC client to the demo-seeded emulator on `clock`, each request `record`ed as it is sent."""
    emulator = SimTransport(app=create_app(seed=demo_seed()))

    def connection() -> Any:
        handler = emulator.jsonrpc_connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            record(request)
            return await handler(request)

        return answer

    return JsonRpcClient(
        InProcessTransport(connection=connection),
        "demo-key",
        retry=replace(PLATFORM_RETRY, clock=clock, sleep=clock.sleep),
        project_id=PROJECT,
        throttle=throttle,
    )


def read_at(first: float) -> Counted:
    """A count just made whose first read went at `first`, on the throttle's clock."""
    return replace(Counted.now(), read_at=first)
