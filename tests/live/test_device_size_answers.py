"""A device's SIZE as the platform answered it (assumption A3): a whole number, or its digits, is the
number of its sensors; any other SIZE answered cannot say how many there are, so the device may hold
sensors the read missed, never none (fz49 #2: a SIZE of "3" or 3.0 turned the check off)."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.live.model import LiveConnection, LiveEntity

SIZES = [
    (3, 2),  # three sensors, one read: two unread
    ("3", 2),
    (3.0, 2),
    (1, 0),
    ("1", 0),
    ("three", 1),  # at least one: how many cannot be told
    (-1, 1),
    (2.5, 1),
    ("3.0", 1),
    (True, 1),
    ([3], 1),
    (None, 0),  # JSON null: no SIZE, as when none is answered
]


def connection_with(size: Any) -> tuple[LiveConnection, LiveEntity]:
    device = LiveEntity("d", {"SIZE": size})
    sensor = LiveEntity("s", {"OBSERVATION_COUNT": 0}, parent_id="d")
    node = LiveEntity("n", {"OBSERVATION_COUNT": 0})
    return LiveConnection(node, "p", devices=[device], sensors={"d": [sensor]}), device


@pytest.mark.parametrize(("size", "unread"), SIZES, ids=repr)
def test_a_size_that_is_no_whole_number_may_count_sensors_unread(size: Any, unread: int) -> None:
    connection, device = connection_with(size)
    assert connection.unread_sensors(device) == unread
    for held in (connection.held_by(device, True), connection.observations):
        assert held.unknown is bool(unread)


def test_a_device_without_a_size_is_held_by_the_sensors_read() -> None:
    connection, device = connection_with(None)
    del device.props["SIZE"]
    assert (connection.unread_sensors(device), connection.observations.holds_data) == (0, False)
