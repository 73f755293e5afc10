"""Malformed platform answers (reviewer fz2's fuzzing, kept): each ends in an iotplan error naming what
it could not use, or is read; never another exception (the CLI's "Error: unexpected ...")."""

from __future__ import annotations

import asyncio
import contextlib
import copy
from collections.abc import Callable
from typing import Any

import pytest

from iotplan.errors import IotplanError
from iotplan.live.catalog import parse_catalog
from iotplan.live.read import read_live
from tests.live.test_read import FakePlatform, fleet, scope

ODD = [None, [], {}, 0, -1, 1.5, True, "", "x", 10**20, "\u202e\x00", [1, "a"], {"a": 1}]


class _Tolerant(FakePlatform):
    """The tests' fake, looking past the mutated item when asked for another connection."""

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        kept = self.nodes
        self.nodes = [n for n in kept if isinstance(n, dict) and n.get("id") == node_id]
        try:
            return await super().get_integration(project_id, node_id)
        finally:
            self.nodes = kept


def _refused_by_iotplan_or_read(call: Callable[[], object]) -> None:
    with contextlib.suppress(IotplanError):  # refused with a message; any other exception fails the test
        call()


@pytest.mark.parametrize("value", ODD, ids=repr)
@pytest.mark.parametrize("key", ["id", "props", "item"])
@pytest.mark.parametrize("many", [False, True], ids=["per-connection", "lists"])
def test_a_connection_list_item_of_any_shape_is_read_or_refused(key: str, value: Any, many: bool) -> None:
    connections = 50 if many else 1
    platform = fleet(connections)
    platform.__class__ = _Tolerant
    if key == "item":
        platform.nodes[0] = value
    else:
        platform.nodes[0][key] = value
    refs = [f"site:n{n}" for n in range(connections)]
    read = read_live(platform, [scope(refs, connections, connections)], target="fake")
    _refused_by_iotplan_or_read(lambda: asyncio.run(read))


CATALOG = (
    {"deviceTypes": [{"id": "D"}]},
    {"sensorTypes": [{"id": "S"}]},
    {"metrics": [{"metric": "T", "id": "T", "units": [{"unit": "C", "id": "C"}]}]},
)


def _mutated(where: str, value: Any) -> tuple[Any, Any, Any]:
    devices, sensors, metrics = copy.deepcopy(CATALOG)
    if where == "devices":
        devices = value
    elif where == "sensors":
        sensors = {"sensorTypes": value}
    elif where == "metrics":
        metrics = {"metrics": [value]}
    elif where == "devices.list":
        devices = {"deviceTypes": [value]}
    elif where == "metrics.units":
        metrics["metrics"][0]["units"] = value
    else:
        metrics["metrics"][0]["units"] = [value]
    return devices, sensors, metrics


@pytest.mark.parametrize("value", ODD, ids=repr)
@pytest.mark.parametrize(
    "where", ["devices", "sensors", "metrics", "devices.list", "metrics.units", "metrics.unit"]
)
def test_a_catalog_answer_of_any_shape_is_read_or_refused(where: str, value: Any) -> None:
    _refused_by_iotplan_or_read(lambda: parse_catalog(*_mutated(where, value)))
