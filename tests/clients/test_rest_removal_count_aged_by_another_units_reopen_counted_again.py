"""A REST removal's count is allowed the time its reads take, not the waits between them: its connection's
REST read went, then its JSON-RPC getSensors waited 20 s for the shared connection, which another unit was
reopening (its authenticate queued behind 20 requests at 60/min). No 429 came, yet the 20 observations that
arrived after the REST read stop the removal from going on that count: it is counted again first. Taking
the 20 s as its reads' time, it went on the REST read that missed them (cr88 #1)."""

from __future__ import annotations

import asyncio
import contextvars
from dataclasses import replace

import httpx

from iotplan.clients.auth import ApiKey
from iotplan.clients.endpoint import Endpoints
from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import InProcessTransport
from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient
from iotplan.clients.retry import Guard, Resending, resend_guard
from iotplan.clients.throttle import waits_counted
from iotplan.live.counts import counted_again
from iotplan.live.read import read_connections
from iotplan.sim import SimTransport, create_app, demo_seed
from tests.clients.guarded_writes import NODES, PROJECT, JumpingClock, read_at
from tests.clients.test_rest_removal_count_dated_from_its_connection_read import NETWORK

QUEUED = 20  # the other units' requests queued at 60/min ahead of the reopening unit's authenticate


class ReopenedAfterTheConnectionRead(SimTransport):
    """The emulator: once `armed`, as a connection's REST read is answered, 20 observations arrive on its
    sensor `a`, the JSON-RPC connection drops, QUEUED requests of other units queue for their turns, and
    another unit's read reopens the connection, its authenticate queued behind them."""

    def __init__(self) -> None:
        super().__init__(app=create_app(seed={**demo_seed(), "networks": [NETWORK]}))
        self.armed, self.sensor_a = False, ""
        self.rpc: JsonRpcClient | None = None
        self.others: list[asyncio.Task[object]] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        path = request.url.path
        if self.armed and path.startswith("/api/integrations/") and not path.endswith("/integrate"):
            self.armed = False
            self.app.backend.add_observations(self.sensor_a, 20)  # type: ignore[attr-defined]
            await self._reopened_by_another_unit()
        return response

    async def _reopened_by_another_unit(self) -> None:
        assert self.rpc is not None
        await self.rpc.transport.close()
        for _ in range(QUEUED):  # other units' requests, in contexts of their own
            self.others.append(self._apart(self.rpc.throttle.before_sending()))
        self.others.append(self._apart(self.rpc.call("getNodes", NODES)))
        for _ in range(QUEUED + 5):  # each takes its place: the reopening unit holds the connection
            await asyncio.sleep(0)

    @staticmethod
    def _apart(work: object) -> asyncio.Task[object]:
        return asyncio.create_task(work, context=contextvars.Context())  # type: ignore[arg-type]


def counts_the_removal_went_on() -> list[int]:
    clock = JumpingClock()
    emulator = ReopenedAfterTheConnectionRead()
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
            emulator.rpc = rpc
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
                await rpc.call("getNodes", NODES)  # the connection, opened
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


def test_a_removal_whose_getsensors_waited_20_s_for_another_units_reopen_is_counted_again() -> None:
    assert counts_the_removal_went_on() == [5, 25]
