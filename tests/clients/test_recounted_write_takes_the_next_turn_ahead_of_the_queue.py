"""A guarded JSON-RPC write counted again in a --rate-limit pacing queue goes on the pace's next turn after
its count's read, ahead of the requests other units queued meanwhile: queued behind them, its count would be
as many intervals old when it goes, observations posted in between reread unreviewed (cr84 #1)."""

from __future__ import annotations

import asyncio
from contextlib import suppress

import pytest

from iotplan.clients.retry import Guard, Resending, resend_guard
from iotplan.clients.throttle import Throttle, waits_counted
from iotplan.errors import PlatformError
from tests.clients.guarded_writes import NODES, SENSOR, read_at, recording_client
from tests.clients.virtual_time import VirtualClock


def sent_at_times() -> list[tuple[str, float]]:
    clock = VirtualClock()  # two may wait on it at once: the queue's next request and a guarded write
    sent: list[tuple[str, float]] = []

    async def run() -> None:
        throttle = Throttle(clock, clock.sleep, ceiling=1.0)  # --rate-limit 60/min
        client = recording_client(clock, lambda request: sent.append((request["method"], clock())), throttle)
        await client.call("getNodes", NODES)  # the connection, opened

        async def count_again(resending: Resending) -> None:
            await client.call("getSensors", {"sensors": [SENSOR]})

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


def test_a_recounted_write_goes_one_interval_after_its_read_ahead_of_the_queue() -> None:
    sent = sent_at_times()
    methods = [method for method, _ in sent]
    read = methods.index("getSensors")
    assert methods.count("getSensors") == 1, methods  # counted again once, and that count held
    assert methods[read + 1] == "updateSensor", methods  # the next turn, though others queued
    assert read < methods.index("getNodes", read), methods  # its read did wait behind them
    assert sent[read + 1][1] - sent[read][1] == pytest.approx(1.0), (
        sent
    )  # one interval after its count's read
