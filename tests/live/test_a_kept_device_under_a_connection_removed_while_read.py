"""live/read.py `_refuse_made_while_read`, the other way round: a device kept for the plan's advice
(a copy to adopt by `id:`) sits under a connection the first read of the connection list gave, and
the list read again (for another kept connection it did not give) no longer holds it. Removed by
another run while the plan read the lists, that connection's id is no one's to pin: the read stops,
saying the list changed while the plan read it, as it stops for a connection made meanwhile; before,
it kept the copy and its advice to pin the gone id."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from iotplan.clients.paging import PAGE_SIZE
from iotplan.errors import PlatformError
from iotplan.live.model import LiveProject
from iotplan.live.read import PagedLists, read_live, read_unread
from tests.live.test_a_kept_device_under_a_connection_not_listed import (
    Meanwhile,
    platform_with_copy,
)
from tests.live.test_read import PROJECT, FakePlatform, another_shards, declared, device, scope

CHANGED = "so the list changed while the plan read it: run again"
REMOVED = "/api/FFFFFF/node"  # another tool's, listed by the first read (tests/live/test_read.py `fleet`)
REF_IDS = {"site:new/d", "site:new/d/s", "legacy:d1"}


class RemovedMeanwhile(Meanwhile):
    """The connection list read again lacks REMOVED, which the first read gave."""

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        listed = await super().list_nodes(project_id)
        return [each for each in listed if each["id"] != REMOVED] if self.calls["list_nodes"] > 1 else listed


def platform_removing(made: bool, connections: int) -> RemovedMeanwhile:
    """`platform_with_copy`, with a device carrying the declared `legacy:d1` under REMOVED."""
    platform = platform_with_copy(made, connections)
    platform.devices.append(device("FFFFFF", "0A0A0A", "legacy:d1"))
    return RemovedMeanwhile(platform, platform.made[0] if platform.made else None)


def read_through_the_lists(platform: FakePlatform) -> LiveProject:
    scopes = [scope([f"site:n{n}" for n in range(50)], devices=50, sensors=50)]
    known = [declared(ref_id) for ref_id in sorted(REF_IDS)]
    return asyncio.run(read_live(platform, scopes, target="fake", known=known)).projects[PROJECT]


def read_the_unread(platform: FakePlatform) -> LiveProject:
    shard_scope = dataclasses.replace(scope(["site:n0"]), holds=another_shards)
    paged = PagedLists()
    project = asyncio.run(read_live(platform, [shard_scope], target="fake", paged=paged)).projects[PROJECT]
    asyncio.run(read_unread(platform, project, REF_IDS, paged=paged))
    return project


READS = [(read_through_the_lists, 50), (read_the_unread, 1)]
READ_IDS = ["lists-cheaper", "left-unread"]


@pytest.mark.parametrize("made", [False, True], ids=["beside-one-never-listed", "beside-one-made"])
@pytest.mark.parametrize(("read", "connections"), READS, ids=READ_IDS)
def test_a_copy_under_a_connection_removed_while_the_lists_were_read_stops_the_read(
    read: Any, connections: int, made: bool
) -> None:
    platform = platform_removing(made, connections)
    with pytest.raises(PlatformError, match=CHANGED) as stopped:
        read(platform)  # was: kept under REMOVED, called a copy to adopt by `id: /api/FFFFFF/node`
    assert REMOVED in str(stopped.value) and "legacy:d1" not in str(stopped.value)


class ShiftedOutMeanwhile(Meanwhile):
    """The connection list read again, in pages, lacks an unrelated connection another run removed
    between two of its pages, and REMOVED with it: moved back across the page's end by that removal,
    REMOVED is there still, read on neither page."""

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        listed = await super().list_nodes(project_id)
        if self.calls["list_nodes"] == 1:
            return listed
        unrelated = next(each["id"] for each in listed if each["id"] != REMOVED)
        return [each for each in listed if each["id"] not in (unrelated, REMOVED)]


@pytest.mark.parametrize(("read", "connections"), READS, ids=READ_IDS)
def test_a_connection_a_paged_read_again_may_have_missed_is_not_said_removed(
    read: Any, connections: int
) -> None:
    """The read still stops (the list changed while it was read), without saying the connection is
    gone: the list read in pages cannot tell its removal from another's."""
    platform = platform_removing(made=True, connections=connections)
    shifted = ShiftedOutMeanwhile(platform, platform.made[0])
    with pytest.raises(PlatformError, match=CHANGED) as stopped:
        read(shifted)
    message = str(stopped.value)
    assert REMOVED in message, message
    # was: "... which the connection list held when the plan read it and holds no longer"
    assert "holds no longer" not in message, message
    assert "moved across a page's end" in message, message


class OnePageUnderAKnownCap(RemovedMeanwhile):
    """A client that knows the platform's page cap (a full page costs more than one request): the
    connection list, shorter than a page, was read whole each time, so nothing moved out of it."""

    def list_requests(self, items: int) -> int:
        return items // (PAGE_SIZE // 2) + 1


@pytest.mark.parametrize(("read", "connections"), READS, ids=READ_IDS)
def test_a_connection_a_one_page_read_again_lacks_is_said_removed(read: Any, connections: int) -> None:
    removing = platform_removing(made=True, connections=connections)
    platform = OnePageUnderAKnownCap(removing, removing.made[0])
    with pytest.raises(PlatformError, match=CHANGED) as stopped:
        read(platform)
    assert f"{REMOVED}, which the connection list held when the plan read it and holds no longer" in str(
        stopped.value
    )
