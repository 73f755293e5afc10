"""A shard's list read while its sibling shards write (live/read.py ShardPart, fz42 #1): a later page
bringing an item read already (pages answered out of order around a removal, an item added ahead)
drops it instead of stopping the read; the read again that the plan makes proves what matters. One
run's reads still stop (tests/clients/test_paging.py)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from iotplan.clients.paging import lists_may_move
from iotplan.clients.platform import PlatformClient
from iotplan.errors import PlatformError
from tests.clients.fake_platform import run_client

PROJECT = "p1"


def shifting_list() -> tuple[list[dict[str, str]], Callable[[httpx.Request], httpx.Response]]:
    items = [{"id": f"s{i}"} for i in range(1500)]

    def shifting(request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["pageNumber"]), int(request.url.params["pageSize"])
        answer = httpx.Response(200, json=items[number * size : (number + 1) * size])
        if number == 0:
            items.insert(0, {"id": "new"})  # every later item moves one place on: s999 comes again
        return answer

    return items, shifting


def test_a_shards_list_drops_an_item_a_later_page_brings_again() -> None:
    items, shifting = shifting_list()

    async def read(client: PlatformClient) -> list[str]:
        with lists_may_move():
            return [item["id"] for item in await client.list_sensors(PROJECT)]

    read_ids = run_client(shifting, read)
    assert read_ids == [f"s{i}" for i in range(1500)]  # each once; "new" came after the read began
    assert len(items) == 1501


def test_outside_a_shards_read_the_item_read_again_still_stops_it() -> None:
    _, shifting = shifting_list()

    async def read(client: PlatformClient) -> list[str]:
        with lists_may_move():
            pass  # only within it
        return [item["id"] for item in await client.list_sensors(PROJECT)]

    with pytest.raises(PlatformError, match="already read on an earlier page"):
        run_client(shifting, read)
