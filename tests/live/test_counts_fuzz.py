"""JSON-RPC count answers of another shape than documented (reviewer fz2, findings 1 and 10): an
entity whose id is answered more than once, or without a text id or an object of props, gets no
count, never a crash and never the last of two counts; a removal of it then needs --allow-destroy."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from iotplan.live.counts import fill_counts
from iotplan.live.model import LiveEntity
from iotplan.plan.model import Action
from tests.guards.fleet import DAM_A, connection_of, live_fleet, manifest, plan_for, writes

ODD = [None, [], {}, 0, -1, 1.5, True, "", "x", 10**20, "\u202e\x00", [1, "a"], {"a": 1}]
DEVICE = "/api/A/node/dynamic/B/device"
SENSOR = f"{DEVICE}/C/sensor"
Answer = Callable[[list[str]], list[Any]]


class Answering:
    """A JSON-RPC reader: getSensors answers what `sensors` makes of the ids asked, getDevices what
    `devices` does (by default the same)."""

    def __init__(self, sensors: Answer, devices: Answer | None = None) -> None:
        self.sensors, self.devices = sensors, devices or sensors

    async def get_devices(self, device_ids: Iterable[str]) -> list[Any]:
        return self.devices(list(device_ids))

    async def get_sensors(self, sensor_ids: Iterable[str]) -> list[Any]:
        return self.sensors(list(sensor_ids))


def sensor_count(reader: Answering) -> tuple[int, int | None]:
    """How many counts `reader` gave when asked for SENSOR's, and SENSOR's count then."""
    sensor = LiveEntity(SENSOR, {}, DEVICE)
    found = asyncio.run(fill_counts(reader, [], [sensor]))
    return found, sensor.observations


def each_twice(*counts: Any) -> Answering:
    """Every id asked for answered once with each of `counts`."""
    return Answering(lambda ids: [{"id": i, "props": {"OBSERVATION_COUNT": c}} for c in counts for i in ids])


@pytest.mark.parametrize("value", ODD, ids=repr)
@pytest.mark.parametrize("key", ["props", "id"])
def test_an_entity_answered_without_a_text_id_or_an_object_of_props_has_no_count(
    key: str, value: Any
) -> None:
    reader = Answering(lambda ids: [{"id": i, "props": {"OBSERVATION_COUNT": 1}, key: value} for i in ids])
    assert sensor_count(reader) == (0, None)


@pytest.mark.parametrize("item", ODD, ids=repr)
def test_a_list_item_that_is_no_entity_object_counts_nothing(item: Any) -> None:
    reader = Answering(lambda ids: [item, *({"id": i, "props": {"OBSERVATION_COUNT": 4}} for i in ids)])
    assert sensor_count(reader) == (1, 4)


@pytest.mark.parametrize(
    "counts",
    [(500, 0), (0, 500), (0, 0), (500, 0, 500), (500, None), (500, "x")],
    ids=repr,
)
def test_an_id_answered_more_than_once_has_no_count_never_the_last(
    caplog: pytest.LogCaptureFixture, counts: tuple[Any, ...]
) -> None:
    assert sensor_count(each_twice(*counts)) == (0, None)
    [warning] = caplog.messages
    assert warning == (
        f"JSON-RPC getSensors answered 1 entity more than once ('{SENSOR}'): their observation counts "
        "stay unknown, treated as holding data"
    )


def test_an_id_answered_twice_with_props_of_another_shape_has_no_count() -> None:
    reader = Answering(
        lambda ids: [{"id": i, "props": p} for p in ({"OBSERVATION_COUNT": 0}, None) for i in ids]
    )
    assert sensor_count(reader) == (0, None)


def test_each_kind_is_counted_from_its_own_read() -> None:
    """A device's count comes from getDevices: getSensors answering the device's id says nothing of it."""
    device, sensor = LiveEntity(DEVICE, {}), LiveEntity(SENSOR, {}, DEVICE)
    everything = [{"id": i, "props": {"OBSERVATION_COUNT": 0}} for i in (DEVICE, SENSOR)]
    reader = Answering(sensors=lambda ids: everything, devices=lambda ids: [])
    assert asyncio.run(fill_counts(reader, [device], [sensor])) == 1
    assert (device.observations, sensor.observations) == (None, 0)


def test_a_removal_whose_sensors_are_answered_twice_needs_allow_destroy() -> None:
    """fz2's finding 1: each of dam-b's sensors answered as 500 and then as 0 planned the removal as
    destroying nothing; with no count, it destroys data, which the apply refuses without --allow-destroy."""
    live = live_fleet(observations=500)
    sensors = [s for group in connection_of(live, "site:dam-b").sensors.values() for s in group]
    for sensor in sensors:
        del sensor.props["OBSERVATION_COUNT"]  # REST did not count them: JSON-RPC is asked
    asyncio.run(fill_counts(each_twice(500, 0), [], sensors))
    plan = plan_for(manifest(DAM_A), live)
    assert writes(plan) == [("dam-b", Action.REMOVE)]
    [removal] = plan.writes
    assert removal.observations_unknown and removal.destroys_data
