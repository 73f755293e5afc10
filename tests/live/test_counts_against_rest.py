"""The counts JSON-RPC gives are held against the counts REST gave of their parents: falling short of
a connection's REST count, they are a copy of the platform's (a staging copy, a restored backup), so
they stay unknown; where a sensor not asked for could hold the difference (a recount's scope), or
JSON-RPC counts at least as much, they are taken."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

import pytest

from iotplan.clients.endpoint import Endpoints
from iotplan.live.counts import count_through_rpc
from iotplan.live.model import LiveConnection, LiveEntity
from tests.live.test_observation_counts import Answering

SOURCES = Endpoints("http://prod", "ws://staging")


def site(connection_count: int) -> LiveConnection:
    """A connection REST counted, its devices and sensors answered without counts (as documented)."""
    return LiveConnection(
        node=LiveEntity("n1", {"OBSERVATION_COUNT": connection_count}),
        project_id="p",
        devices=[LiveEntity("logger", {})],
        sensors={"logger": [LiveEntity("crack-1", {}), LiveEntity("crack-2", {})]},
    )


def counts(connection: LiveConnection) -> list[int | None]:
    return [sensor.observations for sensor in connection.sensors["logger"]]


def test_counts_short_of_the_connections_rest_count_stay_unknown(caplog: pytest.LogCaptureFixture) -> None:
    connection = site(200)
    with caplog.at_level(logging.WARNING):
        assert asyncio.run(count_through_rpc(Answering(30), [connection], SOURCES)) == 0
    assert counts(connection) == [None, None]
    assert "(n1: REST counts 200 against 60 on the sensors beneath): they may be two platforms" in caplog.text


def test_counts_that_add_up_to_the_connections_rest_count_or_more_are_taken() -> None:
    connection = site(200)
    assert asyncio.run(count_through_rpc(Answering(100), [connection], SOURCES)) == 2
    assert counts(connection) == [100, 100]


def test_a_recount_of_one_sensor_is_not_held_against_a_total_others_may_hold() -> None:
    connection = site(200)
    found = asyncio.run(count_through_rpc(Answering(0), [connection], SOURCES, removing={"crack-1"}))
    assert found == 1 and counts(connection) == [0, None]


class CountingTheConnection(Answering):
    """JSON-RPC answering `per_sensor` for each sensor and `connection` for the connection itself."""

    def __init__(self, per_sensor: int, connection: int) -> None:
        super().__init__(per_sensor)
        self.connection = connection

    async def get_nodes(self, node_ids: Iterable[str]) -> list[dict[str, Any]]:
        return [{"id": each, "props": {"OBSERVATION_COUNT": self.connection}} for each in node_ids]


def test_counts_short_of_a_connection_json_rpc_counts_as_rest_does_are_taken(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A connection keeping a removed sensor's history (variant `connection-count-current`), on a
    platform whose REST gives sensors no count: its sensors add up to less for good. JSON-RPC counting
    the connection as REST does is that platform: its sensors' counts stand, no "two platforms"."""
    connection = site(250)
    with caplog.at_level(logging.WARNING):
        assert asyncio.run(count_through_rpc(CountingTheConnection(100, 250), [connection], SOURCES)) == 2
    assert counts(connection) == [100, 100] and "two platforms" not in caplog.text


def test_counts_short_of_a_connection_json_rpc_counts_lower_stay_unknown() -> None:
    connection = site(250)
    assert asyncio.run(count_through_rpc(CountingTheConnection(100, 200), [connection], SOURCES)) == 0
    assert counts(connection) == [None, None]
