"""A shard's read whose sensor lists hold a sibling shard's new sensor, its device listed nowhere (made
after the device list, its sensor before the sensor list), asks the connection list again whether the
connection it lies under was made since by another shard. Under drift, whose client hands each
project's first connection list to every reader (`one_node_list_per_project`), that question was asked
of `list_nodes` and answered with the list read before the connection was made: the sibling's sensor
stopped `drift --shard` ("which GET /api/devices/all does not hold"), where `plan --shard` read on. It
now reads the list again past the shared one, as `_refuse_made_while_read` does."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.errors import PlatformError
from tests.guards.test_read import PROJECT, Platform
from tests.live.test_shard_read import fleet
from tests.live.test_shard_read_beside_siblings_creating import (
    NEW_MINE,
    NEW_THEIRS,
    Meanwhile,
    a_siblings_site,
    lists_read,
)


class SharedFirstList(Meanwhile):
    """As drift's client: `list_nodes` hands every reader the list read first, before the sibling
    made its connection; only `list_nodes_again` reads the list as it is now."""

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        return await Platform.list_nodes(self, project_id)

    async def list_nodes_again(self, project_id: str) -> list[dict[str, Any]]:
        return [*await Platform.list_nodes(self, project_id), *self.made]


def test_a_sensor_under_a_connection_another_shard_made_does_not_stop_drifts_read() -> None:
    platform = SharedFirstList(fleet())
    made, _, pz = a_siblings_site("/api/0000C1/node", NEW_THEIRS)
    platform.made.append(made)
    platform.sensors.append(pz)

    live = lists_read(platform)

    assert platform.count()["list_nodes"] == 2  # the shared list, then the one read again
    assert not any(pz["id"] in map(str, each.sensors) for each in live.projects[PROJECT].connections.values())


def test_one_under_this_shards_new_connection_still_stops_it() -> None:
    platform = SharedFirstList(fleet())
    made, _, pz = a_siblings_site("/api/0000C1/node", NEW_MINE)
    platform.made.append(made)
    platform.sensors.append(pz)
    with pytest.raises(PlatformError, match="which GET /api/devices/all does not hold"):
        lists_read(platform)
