"""Shared setup of the guarded-write tests: a clock that jumps over each wait, and a JSON-RPC client
to the emulator that records each request it sends (retry.py `resend_guard`, throttle.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from contextlib import suppress
from dataclasses import replace
from typing import Any, Protocol

import httpx

from iotplan.clients.auth import ApiKey
from iotplan.clients.endpoint import Endpoints
from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import InProcessTransport
from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient
from iotplan.clients.retry import Counted, Guard, Resending, resend_guard
from iotplan.clients.throttle import Throttle, waits_counted
from iotplan.errors import PlatformError
from iotplan.live.counts import counted_again
from iotplan.live.read import read_connections
from iotplan.sim import SimTransport, create_app, demo_seed
from tests.clients.virtual_time import VirtualClock

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


def sent_ahead_of_a_queue(recount: Callable[[JsonRpcClient], Awaitable[None]]) -> list[tuple[str, float]]:
    """Each request sent, with its time on a VirtualClock, paced at 60/min: eight other units queue three
    getNodes each, then a guarded updateSensor whose count is a minute old goes, `recount` its count again."""
    clock = VirtualClock()  # two may wait on it at once: the queue's next request and a guarded write
    sent: list[tuple[str, float]] = []

    async def run() -> None:
        throttle = Throttle(clock, clock.sleep, ceiling=1.0)  # --rate-limit 60/min
        client = recording_client(clock, lambda request: sent.append((request["method"], clock())), throttle)
        await client.call("getNodes", NODES)  # the connection, opened

        async def count_again(resending: Resending) -> None:
            await recount(client)

        async def other_unit() -> None:
            with waits_counted():
                for _ in range(3):
                    await client.call("getNodes", NODES)

        async def guarded_unit() -> None:
            with waits_counted():
                resend_guard.set(Guard(count_again, read_at(clock() - 60.0)))  # a count a minute old
                with suppress(PlatformError):  # no such sensor in the seed: answered all the same
                    await client.call("updateSensor", {"sensor": SENSOR, "props": {}})

        others = [asyncio.create_task(other_unit()) for _ in range(8)]
        await asyncio.sleep(0)  # they queue for their turns first
        await guarded_unit()
        await asyncio.gather(*others)
        await client.aclose()

    async def driven() -> None:
        await clock.drive(run())

    asyncio.run(driven())
    return sent


def read_at(first: float) -> Counted:
    """A count just made whose first read went at `first`, on the throttle's clock."""
    return replace(Counted.now(), read_at=first)


SENSOR_PROPS = {"INTEGRATION_ID": "TEMPERATURE_SDE"}
NETWORK = {
    "project": PROJECT,
    "connections": [
        {
            "ref_id": "c",
            "props": {"NAME": "c"},
            "devices": [
                {
                    "ref_id": "c/dx",
                    "props": {"NAME": "dx", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
                    "sensors": [
                        {"ref_id": "c/dx/a", "props": {"NAME": "a", **SENSOR_PROPS}, "observations": 5},
                        {"ref_id": "c/dx/b", "props": {"NAME": "b", **SENSOR_PROPS}},
                    ],
                }
            ],
        }
    ],
}


class ObservedAfterTheConnectionRead(SimTransport):
    """The emulator seeded with NETWORK (device dx: sensor a REST counts 5 observations, b none): once
    `armed`, as a connection's REST read is answered, 20 observations arrive on sensor `a`, then
    `after_the_read` runs; `others`: tasks of other units it started, awaited before the run ends."""

    def __init__(self) -> None:
        super().__init__(app=create_app(seed={**demo_seed(), "networks": [NETWORK]}))
        self.clock = JumpingClock()
        self.armed, self.sensor_a = False, ""
        self.others: list[asyncio.Task[object]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        path = request.url.path
        if self.armed and path.startswith("/api/integrations/") and not path.endswith("/integrate"):
            self.armed = False
            self.app.backend.add_observations(self.sensor_a, 20)  # type: ignore[attr-defined]
            await self.after_the_read()
        return response

    def connected(self, platform: PlatformClient, rpc: JsonRpcClient) -> None:
        """The clients the run made, sharing one pace."""

    async def after_the_read(self) -> None:
        """What else happens as the connection's REST read is answered."""


def counts_a_rest_removal_went_on(emulator: ObservedAfterTheConnectionRead) -> list[int]:
    """The observations each count of a guarded REST removal of dx found, its count a minute old when the
    removal is sent, paced at 60/min on the emulator's clock; the emulator is armed as it is sent."""
    clock = emulator.clock
    counts: list[int] = []

    async def run() -> None:
        retry = replace(PLATFORM_RETRY, clock=clock, sleep=clock.sleep)
        async with httpx.AsyncClient(
            transport=emulator, base_url="http://sim", auth=ApiKey("demo-key")
        ) as http:
            platform = PlatformClient(http, retry=retry, rate=1.0)  # --rate-limit 60/min
            rpc = JsonRpcClient(
                InProcessTransport(connection=emulator.jsonrpc_connection),
                "demo-key",
                retry=retry,
                project_id=PROJECT,
                throttle=platform.throttle,
            )
            emulator.connected(platform, rpc)
            (node,) = [n["id"] for n in await platform.list_nodes(PROJECT) if not n["id"].startswith("/fn/")]
            ((device, sensors),) = [
                (d, c.sensors_of(d))
                for c in await read_connections(platform, PROJECT, [node])
                for d in c.devices
            ]
            emulator.sensor_a = next(sensor.id for sensor in sensors if sensor.props["NAME"] == "a")

            async def count_again(resending: Resending) -> None:
                (connection,) = await counted_again(
                    platform, rpc, PROJECT, [node], removing=[device.id], sources=Endpoints()
                )
                counts.append(sum(s.observations or 0 for s in connection.every_sensor()))

            async with rpc:
                await rpc.call("getNodes", {"nodes": [node]})  # the connection, opened
                with waits_counted():
                    resend_guard.set(Guard(count_again, read_at(clock() - 60.0)))  # a count a minute old
                    emulator.armed = True
                    body = {
                        "integration": {
                            "nodeId": node,
                            "devices": [{"changeState": "remove", "refId": "c/dx"}],
                        }
                    }
                    await platform.integrate(PROJECT, body)
                await asyncio.gather(*emulator.others)

    asyncio.run(run())
    return counts
