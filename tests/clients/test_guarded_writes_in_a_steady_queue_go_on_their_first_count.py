"""Twenty units, each reading a count and then making its guarded JSON-RPC write, in one --rate-limit pacing
queue: each write goes on its first count, the next turn after its read, none counted again (two requests
each, cr84 #2) nor held after its counts, though their queue is far longer than the pacing line's window."""

from __future__ import annotations

import asyncio
from contextlib import suppress

from iotplan.clients.retry import Guard, Resending, resend_guard
from iotplan.clients.throttle import Throttle, waits_counted
from iotplan.errors import PlatformError
from tests.clients.guarded_writes import NODES, SENSOR, recording_client
from tests.clients.virtual_time import VirtualClock

UNITS = 20


def sent_by_units() -> list[str]:
    clock = VirtualClock()  # two may wait on it at once: the queue's next request and a guarded write
    sent: list[str] = []

    async def run() -> None:
        throttle = Throttle(clock, clock.sleep, ceiling=1.0)  # --rate-limit 60/min
        client = recording_client(clock, lambda request: sent.append(request["method"]), throttle)
        await client.call("getNodes", NODES)  # the connection, opened

        async def count() -> None:
            await client.call("getSensors", {"sensors": [SENSOR]})

        async def count_again(resending: Resending) -> None:
            await count()

        async def guarded_unit() -> None:
            with waits_counted():
                await count()
                resend_guard.set(Guard(count_again))
                with suppress(PlatformError):  # no such sensor in the seed: answered all the same
                    await client.call("updateSensor", {"sensor": SENSOR, "props": {}})

        await asyncio.gather(*(guarded_unit() for _ in range(UNITS)))  # a held write would raise here
        await client.aclose()

    async def driven() -> None:
        await clock.drive(run())

    asyncio.run(driven())
    return sent


def test_guarded_writes_in_a_steady_queue_go_on_their_first_count() -> None:
    sent = sent_by_units()
    assert sent.count("updateSensor") == UNITS, sent
    assert sent.count("getSensors") == UNITS, sent  # none counted again
