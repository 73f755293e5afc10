"""A shard read while its siblings, applied at once, create their own connections, devices and
sensors (scale-out fuzz fz131). What is provably another shard's (a connection another shard
declares, found new by its refId, or listed as another shard's) does not stop it; a new connection
of this shard's, or one with no refId or no declared one, still does."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, cast

import pytest

from iotplan.clients.target import Target
from iotplan.commands.plan import refuse_lists_changed_under
from iotplan.errors import PlatformError
from iotplan.live.read import NODES, ListChanged, PagedLists, ProjectScope, changed_since
from iotplan.plan.coverage import Shard
from tests.guards.test_read import PROJECT, Platform, device, node, read, sensor
from tests.live.test_shard_read import SITES, fleet

MINE = Shard(1, 3)
# Declared by the manifest, not live yet: each shard creates its own during the apply.
NEW = [f"new-{index:02d}" for index in range(12)]
NEW_THEIRS = next(key for key in NEW if not MINE.holds(key))
NEW_MINE = next(key for key in NEW if MINE.holds(key))
UNDECLARED_THEIRS = next(f"gone-{index}" for index in range(50) if not MINE.holds(f"gone-{index}"))


def scope(devices: int = 0, sensors: int = 0) -> ProjectScope:
    declared = [*SITES, *NEW]
    mine = frozenset(f"site:{key}" for key in declared if MINE.holds(key))
    others = frozenset(f"site:{key}" for key in declared) - mine
    return ProjectScope(
        PROJECT, frozenset(), mine, "site:", devices, sensors, elsewhere=others, holds=MINE.holds
    )


class Meanwhile(Platform):
    """The platform as a sibling shard writes it: what `made` holds is listed from the second
    connection list on, and from the first device and sensor lists (read after the connections)."""

    def __init__(self, platform: Platform) -> None:
        super().__init__(list(platform.nodes), platform.devices, platform.sensors)
        self.made: list[dict[str, Any]] = []
        self.node_lists = 0

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        self.node_lists += 1
        listed = await super().list_nodes(project_id)
        return listed + self.made if self.node_lists > 1 else listed


def read_then_made(made: dict[str, Any]) -> tuple[Platform, PagedLists]:
    platform, paged = fleet(), PagedLists()
    read(platform, scope(), paged=paged)
    assert (PROJECT, NODES) in paged.items
    platform.nodes = [*platform.nodes, made]  # the list read then is kept as it was
    return platform, paged


def connection_list_again(made: dict[str, Any]) -> list[ListChanged]:
    return asyncio.run(changed_since(*read_then_made(made), {(PROJECT, NODES)}))


def test_a_connection_another_shard_declares_made_mid_read_does_not_stop_this_shard() -> None:
    assert connection_list_again(node("/api/0000C1/node", f"site:{NEW_THEIRS}")) == []


@pytest.mark.parametrize(
    "serial",
    [f"site:{NEW_MINE}", None, "", f"site:{UNDECLARED_THEIRS}", "another-tool-2"],
    ids=["this-shards", "no-ref-id", "empty-ref-id", "undeclared", "another-tools"],
)
def test_any_other_connection_made_mid_read_still_stops_it_said_as_made(serial: str | None) -> None:
    made = node("/api/0000C1/node", serial)
    changed = connection_list_again(made)
    assert changed == [
        ListChanged(
            "the connection list of project p1, of the entities this shard reads: 0 entities read then "
            "and gone now, 1 there now and not read then",
            lost=False,
        )
    ]
    platform, paged = read_then_made(made)
    target = cast(Target, SimpleNamespace(client=platform))
    with pytest.raises(PlatformError) as stopped:  # not "removed": nothing was
        asyncio.run(refuse_lists_changed_under(target, paged, {(PROJECT, NODES)}, parallelism=4))
    assert str(stopped.value).startswith("entities were made or removed while the plan read these lists")


def a_siblings_site(node_id: str, key: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    made = node(node_id, f"site:{key}")
    logger = device(node_id, "0000D1", f"site:{key}/logger")
    return made, logger, sensor(logger, "0000E1", f"site:{key}/logger/pz")


def lists_read(platform: Platform) -> Any:
    """This shard's read through the project's lists (two list pages cost less than its connections)."""
    return read(platform, scope(devices=len(SITES), sensors=len(SITES)))


def test_a_sensor_made_under_a_new_connection_another_shard_declares_does_not_stop_the_read() -> None:
    """The sibling's connection is made after the connection list, its device after the device list
    and before the sensor list: its sensor's device is listed nowhere."""
    platform = Meanwhile(fleet())
    made, _, pz = a_siblings_site("/api/0000C1/node", NEW_THEIRS)
    platform.made.append(made)
    platform.sensors.append(pz)
    live = lists_read(platform)
    assert platform.count()["list_devices"] == 1 and platform.count()["get_integration"] == 0
    assert not any(pz["id"] in map(str, each.sensors) for each in live.projects[PROJECT].connections.values())


def test_a_sensor_made_under_a_listed_connection_of_another_shards_does_not_stop_the_read() -> None:
    platform = fleet()
    theirs = next(n for n in platform.nodes if n["props"]["SERIAL_NO"] in scope().elsewhere)
    _, _, pz = a_siblings_site(theirs["id"], theirs["props"]["SERIAL_NO"][5:])
    platform.sensors.append(pz)
    lists_read(platform)


@pytest.mark.parametrize(
    "serial", [f"site:{NEW_MINE}", None, f"site:{UNDECLARED_THEIRS}"], ids=["mine", "no-ref-id", "undeclared"]
)
def test_a_sensor_of_an_unlisted_device_under_any_other_new_connection_still_stops_the_read(
    serial: str | None,
) -> None:
    platform = Meanwhile(fleet())
    made, _, pz = a_siblings_site("/api/0000C1/node", NEW_MINE)
    platform.made.append(node(made["id"], serial))
    platform.sensors.append(pz)
    with pytest.raises(PlatformError, match="which GET /api/devices/all does not hold"):
        lists_read(platform)


def test_a_sensor_of_an_unlisted_device_under_this_shards_connection_still_stops_the_read() -> None:
    platform = fleet()
    mine = next(n for n in platform.nodes if n["props"]["SERIAL_NO"] in scope().ref_ids)
    _, _, pz = a_siblings_site(mine["id"], mine["props"]["SERIAL_NO"][5:])
    platform.sensors.append(pz)
    with pytest.raises(PlatformError, match="which GET /api/devices/all does not hold"):
        lists_read(platform)
