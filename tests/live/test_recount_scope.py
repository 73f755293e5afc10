"""Before a unit's removals are written, JSON-RPC is asked only for the counts they need (the
sensors they take that REST did not count), and a JSON-RPC API that cannot give them is said once a
run, not before every unit."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.errors import TransportError
from iotplan.live.counts import Said, devices_and_sensors, fill_counts, uncounted_by_connection
from iotplan.live.model import LiveConnection, LiveEntity
from tests.live.test_observation_counts import Failing

COUNTED = {"OBSERVATION_COUNT": 0}


def logger_site() -> LiveConnection:
    """A connection whose devices carry no count (as REST answers them) and whose sensors do,
    but for one: `crack-2`."""
    return LiveConnection(
        node=LiveEntity("n1", dict(COUNTED)),
        project_id="p",
        devices=[LiveEntity("logger", {}), LiveEntity("modem", {})],
        sensors={
            "logger": [LiveEntity("crack-1", dict(COUNTED)), LiveEntity("crack-2", {})],
            "modem": [LiveEntity("signal", {})],
        },
    )


def uncounted(connections: list[LiveConnection], removing: set[str] | None = None) -> Any:
    return devices_and_sensors(uncounted_by_connection(connections, removing))


def ids(found: tuple[list[LiveEntity], list[LiveEntity]]) -> tuple[list[str], list[str]]:
    devices, sensors = found
    return [d.id for d in devices], [s.id for s in sensors]


def test_a_wave_removing_a_sensor_rest_counted_asks_json_rpc_for_nothing() -> None:
    assert ids(uncounted([logger_site()], removing={"crack-1"})) == ([], [])


def test_a_wave_removing_an_uncounted_sensor_asks_for_that_sensor_alone() -> None:
    assert ids(uncounted([logger_site()], removing={"crack-2"})) == ([], ["crack-2"])


def test_a_device_removal_asks_for_the_sensors_it_takes_along_rest_did_not_count() -> None:
    assert ids(uncounted([logger_site()], removing={"logger"})) == ([], ["crack-2"])


def test_a_connection_removal_asks_for_its_sensors_rest_did_not_count() -> None:
    assert ids(uncounted([logger_site()], removing={"n1"})) == ([], ["crack-2", "signal"])
    everything = (["logger", "modem"], ["crack-2", "signal"])
    assert ids(uncounted([logger_site()])) == everything  # a plan's read: every count it lacks


def test_json_rpc_not_answering_is_said_once_a_run_not_before_every_wave(
    caplog: pytest.LogCaptureFixture,
) -> None:
    nobody = Failing(TransportError("JSON-RPC getDevices to ws://127.0.0.1:4201 got no answer"))
    said = Said()
    for _wave in range(3):
        sensor = LiveEntity("crack-2", {})
        assert asyncio.run(fill_counts(nobody, [], [sensor], said)) == 0
        assert sensor.observations is None  # unknown, treated as holding data, every wave
    assert len(caplog.messages) == 1 and "could not be read through JSON-RPC" in caplog.messages[0]
