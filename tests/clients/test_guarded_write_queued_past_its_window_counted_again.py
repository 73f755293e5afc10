"""A guarded JSON-RPC write (a THREAD data-model change) whose unit's request before it waited in a
--rate-limit pacing queue, behind eight requests of other units, is counted again just before it goes: no
429 or retry, yet its count is older than the window the pacing line promises (its read, one interval,
2 s) (cr82 #1)."""

from __future__ import annotations

import asyncio
from contextlib import suppress

from iotplan.clients.retry import Guard, Resending, resend_guard
from iotplan.clients.throttle import Throttle, waits_counted
from iotplan.errors import PlatformError
from tests.clients.guarded_writes import NODES, SENSOR, JumpingClock, recording_client


def sent_and_counted(others_ahead: int) -> tuple[list[str], list[str]]:
    clock = JumpingClock()
    sent: list[str] = []
    counted: list[str] = []

    async def count_again(resending: Resending) -> None:
        counted.append(resending.held)

    async def run() -> None:
        throttle = Throttle(clock, clock.sleep, ceiling=1.0)  # --rate-limit 60/min
        client = recording_client(clock, lambda request: sent.append(request["method"]), throttle)
        await client.call("getNodes", NODES)  # the connection, opened

        async def other_unit() -> None:
            with waits_counted():
                await client.call("getNodes", NODES)

        async def guarded_unit() -> None:
            with waits_counted():
                await client.call("getSensors", {"sensors": [SENSOR]})  # its count
                resend_guard.set(Guard(count_again))
                others = [asyncio.create_task(other_unit()) for _ in range(others_ahead)]
                await asyncio.sleep(0)  # they queue for their turns first
                await client.call("getNodes", NODES)  # its own, behind them
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
    assert counted == ["10 s passed"], (sent, counted)  # nine turns at 54/min, 90% of the limit
