"""A project where the manifest declares a THREAD has its device and sensor lists asked for beside its
connection list, not a round trip after it (live/read.py `_read_project`). They are taken only where
the read lists that project for its THREADs; otherwise they are stopped and nothing they answered or
raised counts."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
import logging
from typing import Any

import pytest

from iotplan.clients.platform import Keep
from iotplan.errors import PlatformError
from iotplan.live.read import read_live
from tests.live.test_read import PROJECT, FakePlatform, fleet, scope
from tests.live.test_read_contradicting_lists import LOGGER, THREAD, thread_site


def declaring_the_thread(refs: list[str]) -> Any:
    return dataclasses.replace(scope(refs), thread_ids=frozenset({THREAD}))


def read_alone(platform: FakePlatform, refs: list[str]) -> Any:
    """The read, bounded in time: a read waiting on what it never asks for fails, not hangs."""

    async def read() -> Any:
        return await asyncio.wait_for(read_live(platform, [declaring_the_thread(refs)], target="fake"), 5)

    return asyncio.run(read())


class ListsFirst(FakePlatform):
    """Answers the connection list only once both lists have been asked for."""

    def __init__(self, platform: FakePlatform) -> None:
        super().__init__(platform.nodes, platform.devices, platform.sensors)
        self.asked: set[str] = set()
        self.both_asked = asyncio.Event()

    def _ask(self, kind: str) -> None:
        self.asked.add(kind)
        if self.asked == {"devices", "sensors"}:
            self.both_asked.set()

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        await self.both_asked.wait()
        return await super().list_nodes(project_id)

    async def list_devices(self, project_id: str, expected: int = 0, keep: Keep | None = None) -> list[Any]:
        self._ask("devices")
        return await super().list_devices(project_id, expected, keep)

    async def list_sensors(self, project_id: str, expected: int = 0, keep: Keep | None = None) -> list[Any]:
        self._ask("sensors")
        return await super().list_sensors(project_id, expected, keep)


def test_a_thread_sites_lists_are_asked_for_before_its_connection_list_answers() -> None:
    platform = ListsFirst(thread_site())
    live = read_alone(platform, ["site:t", "site:n0"])
    connections = live.projects[PROJECT].connections
    assert [device.id for device in connections[THREAD].devices] == [LOGGER]
    assert [sensor.id for sensor in connections[THREAD].sensors[LOGGER]] == [f"{LOGGER}/ch1/sensor"]
    assert connections["/api/000000/node"].devices[0].ref_id == "site:n0/d"
    assert (platform.calls["list_devices"], platform.calls["list_sensors"]) == (1, 1)
    assert platform.calls["get_integration"] == 0


class ListsNeverAnswer(FakePlatform):
    """Lists that never answer, or fail: what the read must not wait for nor report when it does not
    list the project."""

    def __init__(self, platform: FakePlatform, failing: str = "") -> None:
        super().__init__(platform.nodes, platform.devices, platform.sensors)
        self.failing = failing  # "at once", "as stopped", or "" (never answering)
        self.stopped = 0

    def list_requests(self, items: int) -> int:
        return 50  # long lists: a few connections read one by one cost fewer requests

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        await asyncio.sleep(0.01)  # the lists are asked for, and fail, before the connection list answers
        return await super().list_nodes(project_id)

    async def list_devices(self, project_id: str, expected: int = 0, keep: Keep | None = None) -> list[Any]:
        self.calls["list_devices"] += 1
        if self.failing == "at once":
            raise PlatformError("GET /api/devices/all answered 500: the lists' own failure")
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.stopped += 1
            if self.failing == "as stopped":
                raise PlatformError("GET /api/devices/all: the connection broke as it was stopped") from None
            raise
        raise AssertionError("unreachable")


@pytest.mark.parametrize("failing", ["", "at once", "as stopped"])
def test_lists_asked_early_are_dropped_where_the_thread_is_not_there(
    failing: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The declared THREAD is not on the platform (its connection list holds three API connections):
    those are read one by one, as they were before the lists were asked early, and the lists' requests
    are stopped, their failure unsaid."""
    platform = ListsNeverAnswer(fleet(3), failing)
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        live = read_alone(platform, ["site:n0", "site:n1", "site:n2"])
        gc.collect()  # an exception nobody retrieved is logged when its task is freed
    assert sorted(live.projects[PROJECT].connections) == [f"/api/00000{n}/node" for n in range(3)]
    assert platform.calls["get_integration"] == 4  # the three and the other tool's (its orphans)
    assert platform.calls["list_devices"] == 1
    assert platform.stopped == (0 if failing == "at once" else 1)  # failed already, or stopped
    assert not [record.getMessage() for record in caplog.records]


class NodesRefused(ListsNeverAnswer):
    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        await asyncio.sleep(0.01)  # the lists' failure comes first
        raise PlatformError("GET /api/nodes/all answered 500: the connection list's failure")


def test_a_refused_connection_list_is_what_the_read_says_though_the_lists_failed_first(
    caplog: pytest.LogCaptureFixture,
) -> None:
    platform = NodesRefused(thread_site(), failing="at once")
    with caplog.at_level(logging.ERROR, logger="asyncio"), pytest.raises(PlatformError) as stopped:
        read_alone(platform, ["site:t"])
    said = str(stopped.value)
    del stopped  # its traceback holds the read's frames, and the lists' task in them
    gc.collect()
    assert said == "GET /api/nodes/all answered 500: the connection list's failure"
    assert platform.calls["list_devices"] == 1
    assert not [record.getMessage() for record in caplog.records]


def test_a_project_declaring_no_thread_asks_for_its_lists_only_once_its_connections_are_listed() -> None:
    """Of an API-only project the lists are read only where they cost fewer requests than its
    connections one by one, which only the connection list tells: asked early, they would be wasted."""
    platform = ListsNeverAnswer(fleet(3), failing="at once")
    live = asyncio.run(read_live(platform, [scope(["site:n0"])], target="fake"))
    assert "/api/000000/node" in live.projects[PROJECT].connections
    assert platform.calls["list_devices"] == 0
