"""A connection's answer that does not say what it holds stops the read (live/read.py): read as less
than it is, a plan would create again what is there and count nothing its removal destroys."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.errors import PlatformError
from iotplan.live.read import ProjectScope, read_live

PROJECT = "p1"
NODE = {"id": "/api/000001/node", "props": {"SERIAL_NO": "site:dam-a", "NAME": "dam-a"}}
DEVICE = {
    "id": "/api/000001/node/dynamic/00000D/device",
    "props": {"SERIAL_NO": "site:dam-a/logger", "NODE_ID": NODE["id"], "SIZE": 1},
}
SENSOR = {"id": f"{DEVICE['id']}/00000F/sensor", "props": {"SERIAL_NO": "site:dam-a/logger/pz"}}


class OneConnection:
    """A PlatformReader holding one connection, whose integration answer is given."""

    def __init__(self, answer: Any) -> None:
        self.answer = answer

    def list_requests(self, items: int) -> int:
        return 1

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        return [NODE]

    async def get_integration(self, project_id: str, node_id: str) -> Any:
        return self.answer


def read(answer: Any) -> None:
    scope = ProjectScope(PROJECT, frozenset(), frozenset({"site:dam-a"}), "site:")
    asyncio.run(read_live(OneConnection(answer), [scope], target="fake", catalog=False))  # type: ignore[arg-type]


def answer_with(device: dict[str, Any], sensors: Any = (SENSOR,)) -> dict[str, Any]:
    group = {"device": device, "sensors": list(sensors) if isinstance(sensors, tuple) else sensors}
    return {"integration": {"node": NODE, "devices": [group]}}


@pytest.mark.parametrize(
    ("props", "said"), [(None, "without props"), ([], "with props list"), ("x", "with props str")]
)
def test_a_device_whose_props_are_not_an_object_stops_the_read_naming_it(props: Any, said: str) -> None:
    with pytest.raises(PlatformError) as stopped:
        read(answer_with({**DEVICE, "props": props}))
    message = str(stopped.value)
    assert f"POST /api/integrations/{{nodeId}} of {NODE['id']} answered {DEVICE['id']} {said}" in message
    assert "cannot tell whose it is" in message


def test_a_device_answered_without_props_stops_the_read() -> None:
    with pytest.raises(PlatformError, match="without props"):
        read(answer_with({"id": DEVICE["id"]}))


def test_a_sensor_whose_props_are_null_stops_the_read_naming_it() -> None:
    with pytest.raises(PlatformError, match=f"answered {SENSOR['id']} without props"):
        read(answer_with(DEVICE, [{**SENSOR, "props": None}]))


@pytest.mark.parametrize("sensors", [None, {}, "none"])
def test_a_device_group_whose_sensors_are_not_a_list_stops_the_read(sensors: Any) -> None:
    group = {"device": DEVICE} if sensors == "none" else {"device": DEVICE, "sensors": sensors}
    with pytest.raises(PlatformError) as stopped:
        read({"integration": {"node": NODE, "devices": [group]}})
    assert f"answered device {DEVICE['id']} with sensors" in str(stopped.value)


@pytest.mark.parametrize(
    ("devices", "said"),
    [("none", "missing"), (None, "missing"), ({}, "as dict"), (["x"], "as a list holding str")],
)
def test_a_connection_whose_devices_are_not_a_list_of_groups_stops_the_read(devices: Any, said: str) -> None:
    """Read as empty, its devices would be created again and its removal would count nothing."""
    integration = {"node": NODE} if devices == "none" else {"node": NODE, "devices": devices}
    with pytest.raises(PlatformError) as stopped:
        read({"integration": integration})
    assert f"answered devices {said}, not a list of device groups" in str(stopped.value)


def test_an_error_answered_200_stops_the_read_with_the_platforms_message() -> None:
    error = {"error": {"code": "InternalError", "message": "Something went wrong"}}
    with pytest.raises(PlatformError) as stopped:
        read(error)
    message = str(stopped.value)
    assert f"POST /api/integrations/{{nodeId}} of {NODE['id']} answered no integration.node" in message
    assert "the platform said: Something went wrong" in message


@pytest.mark.parametrize(
    "answer", [{}, {"integration": {"devices": []}}, [], {"integration": {"node": None}}]
)
def test_an_answer_naming_no_connection_stops_the_read(answer: Any) -> None:
    with pytest.raises(PlatformError, match=r"answered no integration\.node"):
        read(answer)


def test_a_whole_answer_is_read() -> None:
    read(answer_with(DEVICE))  # the fake answers enough for a read: the stops above are the answers'


def test_a_listed_connection_whose_props_are_null_stops_the_read_naming_it() -> None:
    platform = OneConnection(answer_with(DEVICE))
    foreign = {"id": "/api/000002/node", "props": None}
    platform.list_nodes = lambda project_id: _answered([NODE, foreign])  # type: ignore[method-assign]
    scope = ProjectScope(PROJECT, frozenset(), frozenset({"site:dam-a"}), "site:")
    with pytest.raises(PlatformError, match="answered /api/000002/node without props"):
        asyncio.run(read_live(platform, [scope], target="fake", catalog=False))  # type: ignore[arg-type]


async def _answered(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return nodes


@pytest.mark.parametrize("props", [{}, {"NODE_ID": NODE["id"], "SIZE": 1}, {"SERIAL_NO": None}])
def test_a_device_whose_props_hold_neither_serial_nor_name_stops_the_read_naming_it(props: Any) -> None:
    """Nothing tells whose it is: read as it stands, this stack's device was taken for a foreign one and
    planned again (a second copy under the same refId)."""
    with pytest.raises(PlatformError) as stopped:
        read(answer_with({**DEVICE, "props": props}))
    assert str(stopped.value) == (
        f"POST /api/integrations/{{nodeId}} of {NODE['id']} answered {DEVICE['id']} with props holding "
        "neither SERIAL_NO nor NAME: iotplan cannot tell whose it is, nor match it (run again; if it "
        "stays, give the entity a name in the platform's web app)"
    )


def test_a_sensor_whose_props_are_empty_stops_the_read_naming_it() -> None:
    with pytest.raises(PlatformError, match=f"answered {SENSOR['id']} with props holding neither"):
        read(answer_with(DEVICE, [{**SENSOR, "props": {}}]))
