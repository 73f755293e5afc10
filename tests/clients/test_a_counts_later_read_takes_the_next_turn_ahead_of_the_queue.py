"""A count of two reads (REST's connection, then JSON-RPC's counts of what it listed; a THREAD's getDevices,
then its getSensors) is dated from its first read, so its second read takes the pace's next turn, ahead of the
requests other units queued meanwhile, and the write it guards the turn after: counted once, sent two
intervals after the count's first read. Queued behind eight units, the second read aged the count 9 s, and
the write went on it (cr85 #1)."""

from __future__ import annotations

import asyncio
from contextlib import suppress

from iotplan.clients.retry import Guard, Resending, resend_guard
from iotplan.clients.throttle import Throttle, waits_counted
from iotplan.errors import PlatformError
from tests.clients.guarded_writes import NODES, SENSOR, read_at, recording_client
from tests.clients.virtual_time import VirtualClock


def sent_and_counted() -> tuple[list[tuple[str, float]], int]:
    clock = VirtualClock()
    sent: list[tuple[str, float]] = []
    counts = 0

    async def run() -> None:
        throttle = Throttle(clock, clock.sleep, ceiling=1.0)  # --rate-limit 60/min
        client = recording_client(clock, lambda request: sent.append((request["method"], clock())), throttle)
        await client.call("getNodes", NODES)  # the connection, opened

        async def count_again(resending: Resending) -> None:
            nonlocal counts
            counts += 1
            await client.call("getDevices", {"devices": []})  # its first read
            await client.call("getSensors", {"sensors": [SENSOR]})  # what the first read listed

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
    return sent, counts


def test_a_counts_second_read_and_its_write_take_the_next_two_turns() -> None:
    sent, counts = sent_and_counted()
    methods = [method for method, _ in sent]
    first = methods.index("getDevices")
    assert methods[first : first + 3] == ["getDevices", "getSensors", "updateSensor"], methods
    assert counts == 1, methods  # dated from its first read, that count held
    assert first < methods.index("getNodes", first), methods  # others were queued behind
