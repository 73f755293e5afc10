"""live/read.py `_refuse_made_while_read`: the lists keep a declared refId under a connection the
connection list did not give. Listed when that list is read again, the connection was made while the
read ran (a concurrent apply of the stack): the read stops, saying to run again, where the plan called
the stack's own new connection a copy's, to adopt by `id:`. Still not listed, it lives where this
credential does not list it: kept as before, for the plan's own advice, at one read of the connection
list more (as many requests as its pages); never a "run again" that every run would repeat."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from iotplan.errors import PlatformError
from iotplan.live.model import LiveProject
from iotplan.live.read import PagedLists, read_live, read_unread
from tests.live.test_read import (
    PROJECT,
    FakePlatform,
    another_shards,
    declared,
    device,
    fleet,
    node,
    scope,
    sensor,
)

MADE = "made while the plan read the lists: run again"
UNLISTED = "/api/0000EE/node"


class Meanwhile(FakePlatform):
    """The connection list gives `made` from its second read on; the device and sensor lists, read
    after the first, hold what is under it already."""

    def __init__(self, platform: FakePlatform, made: dict[str, Any] | None) -> None:
        super().__init__(platform.nodes, platform.devices, platform.sensors)
        self.made = [made] if made is not None else []

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        listed = await super().list_nodes(project_id)
        return listed + self.made if self.calls["list_nodes"] > 1 else listed


def platform_with_copy(made: bool, connections: int) -> Meanwhile:
    """`connections` of the stack's, and a device carrying the declared `site:new/d`, with a sensor,
    under UNLISTED: made meanwhile (`made`), or one the connection list never gives."""
    platform = fleet(connections)
    copy = device("0000EE", "0E0E0E", "site:new/d")
    platform.devices.append(copy)
    platform.sensors.append(sensor(copy, "0E0E0F", "site:new/d/s"))
    return Meanwhile(platform, node("0000EE", "site:new") if made else None)


def read_through_the_lists(platform: FakePlatform) -> LiveProject:
    scopes = [scope([f"site:n{n}" for n in range(50)], devices=50, sensors=50)]
    known = [declared("site:new/d"), declared("site:new/d/s")]
    return asyncio.run(read_live(platform, scopes, target="fake", known=known)).projects[PROJECT]


def read_the_unread(platform: FakePlatform) -> LiveProject:
    shard_scope = dataclasses.replace(scope(["site:n0"]), holds=another_shards)
    paged = PagedLists()  # the plan's: the lists its reads noted, for its refusal to read again
    project = asyncio.run(read_live(platform, [shard_scope], target="fake", paged=paged)).projects[PROJECT]
    asyncio.run(read_unread(platform, project, {"site:new/d", "site:new/d/s"}, paged=paged))
    return project


READS = [(read_through_the_lists, 50), (read_the_unread, 1)]
READ_IDS = ["lists-cheaper", "left-unread"]


@pytest.mark.parametrize(("read", "connections"), READS, ids=READ_IDS)
def test_a_copy_under_a_connection_made_while_the_lists_were_read_stops_the_read(
    read: Any, connections: int
) -> None:
    platform = platform_with_copy(made=True, connections=connections)
    with pytest.raises(PlatformError, match=MADE) as stopped:
        read(platform)  # was: kept under a connection "?"-like, called a copy to adopt by `id:`
    assert UNLISTED in str(stopped.value) and "site:new" not in str(stopped.value)


@pytest.mark.parametrize(("read", "connections"), READS, ids=READ_IDS)
def test_a_copy_under_a_connection_never_listed_is_kept_as_before(read: Any, connections: int) -> None:
    platform = platform_with_copy(made=False, connections=connections)
    project = read(platform)
    held = project.elsewhere[UNLISTED]
    assert [each.ref_id for each in held.devices] == ["site:new/d"]
    assert [each.ref_id for each in held.every_sensor()] == ["site:new/d/s"]
    assert platform.calls["list_nodes"] == 2  # the one list read more that tells the two apart


def test_copies_under_listed_connections_cost_no_request_more() -> None:
    platform = fleet(50)
    legacy = device("FFFFFF", "0A0A0A", "legacy:d1")  # FFFFFF: another tool's, listed
    platform.devices.append(legacy)
    scopes = [scope([f"site:n{n}" for n in range(50)], devices=50, sensors=50)]
    live = asyncio.run(read_live(platform, scopes, target="fake", known=[declared("legacy:d1")]))
    assert list(live.projects[PROJECT].elsewhere) == ["/api/FFFFFF/node"]
    assert platform.calls["list_nodes"] == 1


class HiddenByARemoval(Meanwhile):
    """The connection list read again lacks a connection the first read gave: removed between two
    of the first read's pages, it moved UNLISTED back across the page's end, read on neither."""

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        listed = await super().list_nodes(project_id)
        return listed[1:] if self.calls["list_nodes"] > 1 else listed


@pytest.mark.parametrize(("read", "connections"), READS, ids=READ_IDS)
def test_a_copy_under_a_connection_a_removal_hid_is_not_said_made_meanwhile(
    read: Any, connections: int
) -> None:
    platform = platform_with_copy(made=True, connections=connections)
    hidden = HiddenByARemoval(platform, platform.made[0])
    project = read(hidden)  # was: "… so it was made while the plan read the lists: run again"
    assert [each.ref_id for each in project.elsewhere[UNLISTED].devices] == ["site:new/d"]  # for the
    # plan's refusal, which reads the paged lists again and says entities were removed
