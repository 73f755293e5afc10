"""A guarded JSON-RPC write counted again in a --rate-limit pacing queue goes on the pace's next turn after
its count's read, ahead of the requests other units queued meanwhile: queued behind them, its count would be
as many intervals old when it goes, observations posted in between reread unreviewed (cr84 #1)."""

from __future__ import annotations

import pytest

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.throttle import HEADROOM
from tests.clients.guarded_writes import SENSOR, sent_ahead_of_a_queue


def sent_at_times() -> list[tuple[str, float]]:
    async def recount(client: JsonRpcClient) -> None:
        await client.call("getSensors", {"sensors": [SENSOR]})

    return sent_ahead_of_a_queue(recount)


def test_a_recounted_write_goes_one_interval_after_its_read_ahead_of_the_queue() -> None:
    sent = sent_at_times()
    methods = [method for method, _ in sent]
    read = methods.index("getSensors")
    assert methods.count("getSensors") == 1, methods  # counted again once, and that count held
    assert methods[read + 1] == "updateSensor", methods  # the next turn, though others queued
    assert read < methods.index("getNodes", read), methods  # its read did wait behind them
    assert sent[read + 1][1] - sent[read][1] == pytest.approx(1 / HEADROOM), (
        sent
    )  # one interval after its count's read, at 90% of 60/min
