"""A guarded JSON-RPC write (a THREAD data-model change) whose unit's request before it waited in a
--rate-limit pacing queue, behind eight requests of other units, is counted again just before it goes: no
429 or retry, yet its count is older than the window the pacing line promises (its read, one interval,
2 s) (cr82 #1)."""

from __future__ import annotations

import asyncio
from contextlib import suppress
from dataclasses import replace
from typing import Any

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import InProcessTransport
from iotplan.clients.platform import PLATFORM_RETRY
from iotplan.clients.retry import Guard, Resending, resend_guard
from iotplan.clients.throttle import Throttle, waits_counted
from iotplan.errors import PlatformError
from iotplan.sim import SimTransport, create_app, demo_seed

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
SENSOR = "/fn/4A1B2C/node/x/1/device/s/sensor"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        await asyncio.sleep(0)


def sent_and_counted(others_ahead: int) -> tuple[list[str], list[str]]:
    emulator = SimTransport(app=create_app(seed=demo_seed()))
    clock = Clock()
    sent: list[str] = []
    counted: list[str] = []

    def connection() -> Any:
        handler = emulator.jsonrpc_connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            sent.append(request["method"])
            return await handler(request)

        return answer

    async def count_again(resending: Resending) -> None:
        counted.append(resending.held)

    async def run() -> None:
        retry = replace(PLATFORM_RETRY, clock=clock, sleep=clock.sleep)
        throttle = Throttle(clock, clock.sleep, ceiling=1.0)  # --rate-limit 60/min
        client = JsonRpcClient(
            InProcessTransport(connection=connection),
            "demo-key",
            retry=retry,
            project_id=PROJECT,
            throttle=throttle,
        )
        await client.call("getNodes", {"nodes": ["/fn/4A1B2C/node"]})  # the connection, opened

        async def other_unit() -> None:
            with waits_counted():
                await client.call("getNodes", {"nodes": ["/fn/4A1B2C/node"]})

        async def guarded_unit() -> None:
            with waits_counted():
                await client.call("getSensors", {"sensors": [SENSOR]})  # its count
                resend_guard.set(Guard(count_again))
                others = [asyncio.create_task(other_unit()) for _ in range(others_ahead)]
                await asyncio.sleep(0)  # they queue for their turns first
                await client.call("getNodes", {"nodes": ["/fn/4A1B2C/node"]})  # its own, behind them
                with suppress(PlatformError):  # no such sensor in the seed: answered all the same
                    await client.call("updateSensor", {"sensor": SENSOR, "props": {}})
                await asyncio.gather(*others)

        await guarded_unit()
        await client.aclose()

    asyncio.run(run())
    return sent, counted


def test_a_guarded_write_queued_behind_eight_turns_is_counted_again() -> None:
    sent, counted = sent_and_counted(others_ahead=8)
    assert sent.index("updateSensor") > sent.index("getNodes", 2)  # it went behind the others' turns
    assert counted == ["9 s passed"], (sent, counted)
