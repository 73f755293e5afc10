"""A REST removal's count is as old as its first read: the connection's REST read gives the sensor REST
counted (5 observations), and JSON-RPC's getSensors, read after it, only the one REST counted at 0. With 30 s
between the two (another unit's 429), the 20 observations that arrived after the REST read stop the removal
from going on that count: it is counted again first. Dated from the getSensors, it went on the REST read that
missed them (cr85 #1)."""

from __future__ import annotations

import asyncio
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
from tests.clients.guarded_writes import PROJECT, JumpingClock, read_at

SENSOR = {"INTEGRATION_ID": "TEMPERATURE_SDE"}
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
                        {"ref_id": "c/dx/a", "props": {"NAME": "a", **SENSOR}, "observations": 5},
                        {"ref_id": "c/dx/b", "props": {"NAME": "b", **SENSOR}},
                    ],
                }
            ],
        }
    ],
}


class ReportedAfterTheConnectionRead(SimTransport):
    """The emulator: once `armed`, as a connection's REST read is answered, 20 observations arrive on its
    sensor `a` and another unit's 429 pauses every request 30 s."""

    def __init__(self, clock: JumpingClock) -> None:
        super().__init__(app=create_app(seed={**demo_seed(), "networks": [NETWORK]}))
        self.clock, self.throttle, self.armed = clock, None, False
        self.sensor_a = ""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await super().handle_async_request(request)
        path = request.url.path
        if self.armed and path.startswith("/api/integrations/") and not path.endswith("/integrate"):
            self.armed = False
            self.app.backend.add_observations(self.sensor_a, 20)  # type: ignore[attr-defined]
            assert self.throttle is not None
            self.throttle.answered(429, self.clock(), 30.0)
        return response


def counts_the_removal_went_on() -> list[int]:
    clock = JumpingClock()
    emulator = ReportedAfterTheConnectionRead(clock)
    counts: list[int] = []

    async def run() -> None:
        retry = replace(PLATFORM_RETRY, clock=clock, sleep=clock.sleep)
        async with httpx.AsyncClient(
            transport=emulator, base_url="http://sim", auth=ApiKey("demo-key")
        ) as http:
            platform = PlatformClient(http, retry=retry, rate=1.0)  # --rate-limit 60/min
            emulator.throttle = platform.throttle
            rpc = JsonRpcClient(
                InProcessTransport(connection=emulator.jsonrpc_connection),
                "demo-key",
                retry=retry,
                project_id=PROJECT,
                throttle=platform.throttle,
            )
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

    asyncio.run(run())
    return counts


def test_a_removal_counted_30_s_before_its_json_rpc_read_is_counted_again() -> None:
    assert counts_the_removal_went_on() == [5, 25]
