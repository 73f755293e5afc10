"""`LiveConnection.doubt_counts_behind` weighs only the connection and devices counted above 0 (the
others cannot run ahead of their sensors): what it records and which counts it drops must be what
weighing every parent `parents` gives records and drops, for counts none, 0, or some, on the
connection, its devices and their sensors, including a 0 beside a LAST_OBSERVATION and text."""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest

from iotplan.live.model import LiveConnection, LiveEntity, _behind

COUNTS: list[Any] = [None, 0, 3, 10, "7"]


def _props(count: Any, reported: bool = False) -> dict[str, Any]:
    props: dict[str, Any] = {} if count is None else {"OBSERVATION_COUNT": count}
    if reported:
        props["LAST_OBSERVATION"] = "2026-12-05T10:00:00Z"
    return props


def _site(node: Any, first: Any, second: Any, sensors: tuple[Any, ...]) -> LiveConnection:
    devices = [LiveEntity("d1", _props(first)), LiveEntity("d2", _props(second))]
    below = [LiveEntity(f"s{at}", _props(count, reported=at == 0)) for at, count in enumerate(sensors)]
    return LiveConnection(LiveEntity("n1", _props(node)), "p", devices, {"d1": below[:2], "d2": below[2:]})


def _doubted_weighing_every_parent(connection: LiveConnection) -> None:
    """The rule as written before: every parent `parents` gives weighed, then the counts dropped."""
    parents = [(parent, sensors) for parent, sensors, _ in connection.parents()]
    doubted = [each for each in parents if _behind(each[0], each[1], connection.behind)]
    for _, sensors in doubted:
        for sensor in sensors:
            sensor.props.pop("OBSERVATION_COUNT", None)


def _state(connection: LiveConnection) -> tuple[Any, ...]:
    sensors = [dict(s.props) for group in connection.sensors.values() for s in group]
    return list(connection.behind.items()), sensors


@pytest.mark.parametrize("node, first, second", list(product(COUNTS, repeat=3)))
def test_what_is_doubted_is_what_weighing_every_parent_doubts(node: Any, first: Any, second: Any) -> None:
    for sensors in [(0, 0, 0), (1, 2, 0), (0, None, 5), (4, 0, 0), (), (0, 0, 1)]:
        read, expected = _site(node, first, second, sensors), _site(node, first, second, sensors)
        read.doubt_counts_behind()
        _doubted_weighing_every_parent(expected)
        assert _state(read) == _state(expected)
