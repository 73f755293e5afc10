"""A count of 0 beside a LAST_OBSERVATION is no count: the upload was answered 202 Accepted and the
count may follow late (variant `observation-count-lags`), so the sensor, and its device's and
connection's totals, hold an unknown number of observations, never none."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

import pytest

from iotplan.live.counts import fill_counts
from iotplan.live.model import LiveConnection, LiveEntity
from tests.live.test_observation_counts import Answering


class AnsweringReported:
    """A JSON-RPC reader answering each sensor with OBSERVATION_COUNT 0 beside `last`: a count that
    lags its upload, said in the very object that carries it."""

    def __init__(self, last: Any) -> None:
        self.last = last

    async def get_devices(self, device_ids: Iterable[str]) -> list[dict[str, Any]]:
        return []

    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]:
        props = {"OBSERVATION_COUNT": 0, "LAST_OBSERVATION": self.last}
        return [{"id": each, "props": props} for each in sensor_ids]


STAMP = "2026-12-04T18:01:00.000Z"
LAST_OBSERVATIONS = [
    ({"sensorId": "s", "timestamp": STAMP, "values": [0.2]}, None),  # the reference's sensor object
    ({"timestamp": STAMP}, None),  # the reference's device object
    (STAMP, None),  # a bare timestamp, as the emulator writes it
    ({"timestamp": 1_733_335_260_000}, None),  # epoch milliseconds
    # shapes the reference shows none of: no clear "never", so the 0 is no count (fz49 #3)
    ({"sensorId": "s", "values": [0.2], "time": STAMP}, None),
    ([{"timestamp": STAMP}], None),
    ({"timestamp": {"$date": STAMP}}, None),
    ({"timestamp": True}, None),
    (0, None),
    # a clear "never"
    (None, 0),
    ("", 0),
    ({}, 0),
    ([], 0),
    ({"timestamp": None}, 0),
    ({"timestamp": " "}, 0),
    ({"timestamp": {"$date": None}}, 0),
]


@pytest.mark.parametrize(("last", "count"), LAST_OBSERVATIONS, ids=repr)
def test_a_count_of_0_beside_a_last_observation_is_unknown(last: Any, count: int | None) -> None:
    assert LiveEntity("s", {"OBSERVATION_COUNT": 0, "LAST_OBSERVATION": last}).observations == count
    assert LiveEntity("s", {"OBSERVATION_COUNT": 5, "LAST_OBSERVATION": last}).observations == 5
    filled = LiveEntity("s", {"LAST_OBSERVATION": last})  # REST gave none, JSON-RPC lags alike
    asyncio.run(fill_counts(Answering(0), [], [filled]))
    assert filled.observations == count


@pytest.mark.parametrize(("last", "count"), LAST_OBSERVATIONS, ids=repr)
def test_a_json_rpc_count_of_0_beside_its_own_last_observation_is_unknown(
    last: Any, count: int | None
) -> None:
    """REST's answers carry no LAST_OBSERVATION on a sensor: the JSON-RPC object that gives the count
    says whether it reported (fz49 #1)."""
    from_rest = LiveEntity("s", {})
    found = asyncio.run(fill_counts(AnsweringReported(last), [], [from_rest]))
    assert (found, from_rest.observations) == (int(count is not None), count)


def test_its_device_and_connection_hold_an_unknown_number() -> None:
    reported = LiveEntity("s1", {"OBSERVATION_COUNT": 0, "LAST_OBSERVATION": {"timestamp": STAMP}})
    counted = LiveEntity("s2", {"OBSERVATION_COUNT": 4})
    device = LiveEntity("d", {"OBSERVATION_COUNT": 0, "SIZE": 2})
    connection = LiveConnection(
        node=LiveEntity("n", {"OBSERVATION_COUNT": 0}),
        project_id="p",
        devices=[device],
        sensors={"d": [reported, counted]},
    )
    for held in (
        connection.held_by(reported, False),
        connection.held_by(device, True),
        connection.observations,
    ):
        assert held.unknown and held.holds_data
    assert (connection.observations.known, connection.held_by(counted, False).unknown) == (4, False)
