"""A project's device and sensor lists are asked for only once its connection list has answered
(live/read.py `_read_project`). A connection is made with its devices (one integrate call), so read in
that order it is either not listed yet or listed with them; the lists read first would show a connection
made meanwhile as listed and empty, and the plan would create its devices again, with refIds already live
(assumption A1++). Asking for them beside the connection list saves a round trip, so this pins why not."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from iotplan.clients.platform import Keep
from iotplan.live.read import ProjectScope, read_live
from tests.live.test_read import FakePlatform, fleet, scope
from tests.live.test_read_contradicting_lists import THREAD, thread_site


class Ordered(FakePlatform):
    """Records whether the connection list had answered when each list was asked for."""

    def __init__(self, platform: FakePlatform) -> None:
        super().__init__(platform.nodes, platform.devices, platform.sensors)
        self.nodes_answered = False
        self.asked_before_nodes: list[str] = []

    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]:
        await asyncio.sleep(0.01)  # a round trip: room for anything asked beside it
        self.nodes_answered = True
        return await super().list_nodes(project_id)

    def _asked(self, kind: str) -> None:
        if not self.nodes_answered:
            self.asked_before_nodes.append(kind)

    async def list_devices(self, project_id: str, expected: int = 0, keep: Keep | None = None) -> list[Any]:
        self._asked("devices")
        return await super().list_devices(project_id, expected, keep)

    async def list_sensors(self, project_id: str, expected: int = 0, keep: Keep | None = None) -> list[Any]:
        self._asked("sensors")
        return await super().list_sensors(project_id, expected, keep)

    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]:
        self._asked("a connection")
        return await super().get_integration(project_id, node_id)


def thread_declared() -> ProjectScope:
    return dataclasses.replace(scope(["site:t", "site:n0"]), thread_ids=frozenset({THREAD}))


@pytest.mark.parametrize(
    ("platform", "declared"),
    [
        (thread_site, thread_declared),  # a THREAD site: its lists are read whatever the list holds
        (lambda: fleet(50), lambda: scope([f"site:n{n}" for n in range(50)], 50, 50)),  # lists cheaper
        (lambda: fleet(3), lambda: scope(["site:n0"])),  # connections read one by one
    ],
    ids=["thread-site", "lists-cheaper", "one-by-one"],
)
def test_nothing_under_the_connections_is_asked_for_before_the_connection_list_answers(
    platform: Any, declared: Any
) -> None:
    ordered = Ordered(platform())
    asyncio.run(read_live(ordered, [declared()], target="fake"))
    assert ordered.nodes_answered
    assert ordered.asked_before_nodes == []
