"""REST counts a connection above what its sensors' REST counts add up to: a sensor holds what they do
not show (a count that follows its upload late, while the reference's REST answers carry no
LAST_OBSERVATION to tell that 0 by), so those counts are unknown until JSON-RPC's objects settle them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from iotplan.clients.endpoint import Endpoints
from iotplan.live.counts import count_through_rpc
from iotplan.live.model import LiveConnection, LiveEntity
from tests.live.test_observation_counts import NOBODY_THERE, Answering, Failing

SOURCES = Endpoints("http://platform", "ws://platform")
REPORTED = {"OBSERVATION_COUNT": 0, "LAST_OBSERVATION": "2026-12-05T10:00:00Z"}


def site(connection_count: int, *sensor_counts: int) -> LiveConnection:
    """A connection and its sensors as REST answered them, each with a count, then read."""
    sensors = [LiveEntity(f"s{at}", {"OBSERVATION_COUNT": count}) for at, count in enumerate(sensor_counts)]
    connection = LiveConnection(
        node=LiveEntity("n1", {"OBSERVATION_COUNT": connection_count}),
        project_id="p",
        devices=[LiveEntity("logger", {})],
        sensors={"logger": sensors},
    )
    connection.doubt_counts_behind()
    return connection


def counts(connection: LiveConnection) -> list[int | None]:
    return [sensor.observations for sensor in connection.sensors["logger"]]


class Reported(Answering):
    """JSON-RPC answering 0 for every sensor, beside a LAST_OBSERVATION for those in `reported`."""

    def __init__(self, *reported: str) -> None:
        super().__init__(0)
        self.reported = reported

    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]:
        return [
            {"id": each, "props": REPORTED if each in self.reported else {"OBSERVATION_COUNT": 0}}
            for each in sensor_ids
        ]


def test_sensor_counts_adding_up_to_less_than_their_connections_are_unknown() -> None:
    connection = site(50, 0, 0)
    assert counts(connection) == [None, None] and connection.observations.unknown
    assert connection.held_by(connection.sensors["logger"][0], False).holds_data  # never "no observations"


def test_sensor_counts_adding_up_to_their_connections_are_taken() -> None:
    assert counts(site(50, 20, 30)) == [20, 30]
    assert counts(site(0, 0, 0)) == [0, 0]


def test_json_rpc_settles_them_a_0_without_last_observation_a_count() -> None:
    """A platform whose connection count keeps a removed sensor's history plans as before."""
    connection = site(50, 0, 0)
    assert asyncio.run(count_through_rpc(Reported(), [connection], SOURCES)) == 2
    assert counts(connection) == [0, 0]


def test_json_rpc_0_beside_a_last_observation_stays_unknown() -> None:
    connection = site(50, 0, 0)
    assert asyncio.run(count_through_rpc(Reported("s0"), [connection], SOURCES)) == 1
    assert counts(connection) == [None, 0]


def test_json_rpc_counting_less_than_rest_did_stays_unknown() -> None:
    """REST counted s0 at 30 (its connection at 80): JSON-RPC's 10 is another platform's."""
    connection = site(80, 30, 0)
    assert asyncio.run(count_through_rpc(Answering(10), [connection], SOURCES)) == 0
    assert counts(connection) == [None, None]


def test_json_rpc_unreachable_leaves_them_unknown() -> None:
    connection = site(50, 0, 0)
    assert asyncio.run(count_through_rpc(Failing(NOBODY_THERE), [connection], SOURCES)) == 0
    assert counts(connection) == [None, None]
