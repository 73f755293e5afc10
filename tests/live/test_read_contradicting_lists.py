"""Device and sensor lists that contradict each other about who holds what stop the read (live/read.py).

A THREAD's loggers and sensors carry hardware serials, not refIds: one the read left out of its
THREAD was planned as new under the same id (the platform then refused it, "already exists"), and a
removal would not count it. Other connections' items on the same lists are read as before."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from iotplan.errors import PlatformError
from iotplan.live.read import read_live
from tests.live.test_read import PROJECT, FakePlatform, fleet, scope

THREAD = "/fn/6C7D8E/node"
LOGGER = f"{THREAD}/vwlogger/032433/device"


def thread_site() -> FakePlatform:
    """A project of a few API connections and a THREAD whose logger holds one sensor."""
    platform = fleet(3)
    platform.nodes.append({"id": THREAD, "type": "THREAD", "props": {"SERIAL_NO": "site:t", "NAME": "T3"}})
    platform.devices.append({"id": LOGGER, "props": {"SERIAL_NO": "032433", "NODE_ID": THREAD}})
    platform.sensors.append({"id": f"{LOGGER}/ch1/sensor", "device": LOGGER, "props": {"NAME": "VW 1"}})
    return platform


def read_site(platform: FakePlatform) -> Any:
    site = dataclasses.replace(scope(["site:t"]), thread_ids=frozenset({THREAD}))
    return asyncio.run(read_live(platform, [site], target="fake"))


@pytest.mark.parametrize("node_id", ["/api/000001/node", "x", "/fn/000000/node"])
def test_a_device_under_a_read_thread_by_its_id_whose_node_id_names_another_stops_the_read(
    node_id: str,
) -> None:
    platform = thread_site()
    assert [d.id for d in read_site(platform).projects[PROJECT].connections[THREAD].devices] == [LOGGER]
    platform.devices[-1]["props"]["NODE_ID"] = node_id
    with pytest.raises(PlatformError) as stopped:
        read_site(platform)
    assert str(stopped.value) == (
        f"GET /api/devices/all answered {LOGGER} with props.NODE_ID {node_id!r}, though its id lies under "
        f"the connection {THREAD}: iotplan cannot tell which connection holds it, so it cannot know what "
        f"{THREAD} holds (run again; if it stays, the platform's support can say which connection the "
        "device is under)"
    )


@pytest.mark.parametrize("device_id", [f"{THREAD}/nope/999999/device", "x"])
def test_a_sensor_whose_device_the_device_list_does_not_hold_stops_the_read(device_id: str) -> None:
    platform = thread_site()
    platform.sensors[-1]["device"] = device_id
    with pytest.raises(PlatformError) as stopped:
        read_site(platform)
    assert str(stopped.value) == (
        f"GET /api/sensors/all answered {LOGGER}/ch1/sensor under device {device_id!r}, which GET "
        "/api/devices/all does not hold: iotplan cannot tell which connection it is under, so it cannot "
        "know what that connection holds (a device made or removed while the lists were read does this: "
        "run again once that is done)"
    )


def test_a_device_list_answered_empty_beside_a_sensor_list_stops_the_read() -> None:
    platform = thread_site()
    platform.devices = []
    with pytest.raises(PlatformError, match=r"^GET /api/sensors/all answered /api/000000/node/.* which GET"):
        read_site(platform)


def test_a_sensor_of_another_connection_whose_device_is_not_listed_stops_the_read_too() -> None:
    """The lists contradict each other: which connection is emptier than it reads, nobody can tell."""
    platform = fleet(50)
    del platform.devices[7]
    with pytest.raises(PlatformError, match="/api/000007/node/dynamic/00000D/device', which GET"):
        asyncio.run(read_live(platform, [scope([f"site:n{n}" for n in range(50)], 50, 50)], target="fake"))
