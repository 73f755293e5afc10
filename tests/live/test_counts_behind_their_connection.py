"""REST counts a connection above what its sensors' REST counts add up to: a sensor holds what they do
not show (a count that follows its upload late, while the reference's REST answers carry no
LAST_OBSERVATION to tell that 0 by), so those counts are unknown until JSON-RPC's objects settle them,
where JSON-RPC counts the connection as REST does: a copy of the platform (staging, a restored backup)
where those sensors never reported answers 0 for them, and its 0s are no count of REST's."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Any

import pytest

from iotplan.clients.endpoint import Endpoints
from iotplan.errors import PlatformError
from iotplan.live.counts import Said, count_through_rpc
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
    """JSON-RPC answering 0 for every sensor, beside a LAST_OBSERVATION for those in `reported`, and
    `connection` for the connection (None: not answered for it); `sensor` for each sensor without one."""

    def __init__(self, *reported: str, connection: int | None = 50, sensor: int = 0) -> None:
        super().__init__(sensor)
        self.reported = reported
        self.connection = connection

    async def get_nodes(self, node_ids: Iterable[str]) -> list[dict[str, Any]]:
        if self.connection is None:
            return []
        return [{"id": each, "props": {"OBSERVATION_COUNT": self.connection}} for each in node_ids]

    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[dict[str, Any]]:
        return [
            {"id": each, "props": REPORTED if each in self.reported else {"OBSERVATION_COUNT": self.count}}
            for each in sensor_ids
        ]


def test_sensor_counts_adding_up_to_less_than_their_connections_are_unknown() -> None:
    connection = site(50, 0, 0)
    assert counts(connection) == [None, None] and connection.observations.unknown
    assert connection.held_by(connection.sensors["logger"][0], False).holds_data  # never "no observations"


def test_sensor_counts_adding_up_to_their_connections_are_taken() -> None:
    assert counts(site(50, 20, 30)) == [20, 30]
    assert counts(site(0, 0, 0)) == [0, 0]


def test_json_rpc_counting_their_connection_as_rest_does_takes_a_0_without_last_observation() -> None:
    """A platform whose connection count keeps a removed sensor's history plans as before."""
    connection = site(50, 0, 0)
    assert asyncio.run(count_through_rpc(Reported(connection=50), [connection], SOURCES)) == 2
    assert counts(connection) == [0, 0]


def test_json_rpc_of_a_copy_counting_their_connection_short_leaves_them_unknown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A copy where the sensors never reported: its 0s, without LAST_OBSERVATION, are no count of the
    50 REST counts on their connection (a removal of them needs --allow-destroy)."""
    connection = site(50, 0, 0)
    with caplog.at_level(logging.WARNING):
        assert asyncio.run(count_through_rpc(Reported(connection=0), [connection], SOURCES)) == 0
    assert counts(connection) == [None, None] and connection.observations.unknown
    assert "they may be two platforms" in caplog.text
    assert "(n1: JSON-RPC counts it at 0 against REST's 50)" in caplog.text


def test_json_rpc_giving_no_count_of_their_connection_says_so(caplog: pytest.LogCaptureFixture) -> None:
    connection = site(50, 0, 0)
    with caplog.at_level(logging.WARNING):
        asyncio.run(count_through_rpc(Reported(connection=None), [connection], SOURCES))
    assert "(n1: JSON-RPC gave no count of it against REST's 50): they may be two platforms" in caplog.text


@pytest.mark.parametrize("connection_count", [None, 49], ids=["not answered", "one short"])
def test_json_rpc_not_counting_their_connection_as_rest_does_leaves_them_unknown(
    connection_count: int | None,
) -> None:
    connection = site(50, 0, 0)
    assert asyncio.run(count_through_rpc(Reported(connection=connection_count), [connection], SOURCES)) == 0
    assert counts(connection) == [None, None]


class NodesFailing(Reported):
    async def get_nodes(self, node_ids: Iterable[str]) -> list[dict[str, Any]]:
        raise PlatformError("getNodes refused")


def test_their_connection_unreadable_through_json_rpc_leaves_them_unknown(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """JSON-RPC counts the sensors above REST's 50: nothing says it counts less, only that the read
    that would show one platform failed, and why."""
    connection = site(50, 0, 0)
    with caplog.at_level(logging.WARNING):
        assert asyncio.run(count_through_rpc(NodesFailing(sensor=40), [connection], SOURCES)) == 0
    assert counts(connection) == [None, None]
    failed, unshown = caplog.messages
    assert (
        failed
        == "connection and device observation counts could not be read through JSON-RPC (getNodes refused)"
    )
    assert unshown.startswith(
        "REST at http://platform counts more observations than its own counts of the sensors beneath add "
        "up to (n1: 50 against 0), and JSON-RPC at ws://platform could not be read for its count of them"
    )
    assert "two platforms" not in caplog.text and "80" not in caplog.text


def test_their_connection_unreadable_is_said_once_a_run(caplog: pytest.LogCaptureFixture) -> None:
    said = Said()
    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            asyncio.run(count_through_rpc(NodesFailing(), [site(50, 0, 0)], SOURCES, said=said))
    assert len(caplog.messages) == 2


def test_json_rpc_counting_their_connection_above_rest_settles_them() -> None:
    """Counts only grow, and JSON-RPC is read after REST: an upload between the two reads."""
    connection = site(50, 0, 0)
    assert asyncio.run(count_through_rpc(Reported(connection=60), [connection], SOURCES)) == 2
    assert counts(connection) == [0, 0]


def test_counts_not_behind_their_connection_ask_json_rpc_nothing_of_it() -> None:
    class NodesUnasked(Answering):
        async def get_nodes(self, node_ids: Iterable[str]) -> list[dict[str, Any]]:
            raise AssertionError("getNodes asked where no count was doubted")

    connection = site(0, 0, 0)
    connection.sensors["logger"][0].props.clear()  # REST gave no count: JSON-RPC is asked for it
    assert asyncio.run(count_through_rpc(NodesUnasked(0), [connection], SOURCES)) == 1


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


def test_a_recount_of_one_sensor_takes_no_0_from_a_json_rpc_counting_the_connection_lower() -> None:
    """An apply's recount asks JSON-RPC only for what it removes: the other sensors stay uncounted,
    which kept the whole comparison from running, and a copy's 0 was taken for a sensor REST
    counted 5 of."""
    connection = site(55, 5, 0)
    taken = asyncio.run(count_through_rpc(Reported(connection=50), [connection], SOURCES, removing=["s0"]))
    assert taken == 0 and counts(connection) == [None, None]
