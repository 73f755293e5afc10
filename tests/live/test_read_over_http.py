"""Live reads through the real client against a fake platform over HTTP: every entity found, in the
right project, whatever page size the platform serves, at a request count that stays low."""

from __future__ import annotations

from collections import Counter

import pytest

from iotplan.clients.platform import PlatformClient
from iotplan.live.model import LiveState
from iotplan.live.read import ProjectScope, read_live
from tests.clients.fake_platform import FakePlatform, fleet, run_client

PROJECT = "p1"  # not the organisation's default project: a read without projectIds misses it
CATALOG = Counter({"GET /api/devices/types": 1, "GET /api/sensors/types": 1, "GET /api/metrics/types": 1})


def read(platform: FakePlatform, connections: int, devices: int = 1, sensors: int = 1) -> dict[str, int]:
    refs = frozenset(f"site:n{n}" for n in range(connections))
    scope = ProjectScope(
        PROJECT, frozenset(), refs, "site:", connections * devices, connections * devices * sensors
    )

    async def go(client: PlatformClient) -> dict[str, int]:
        return counted(await read_live(client, [scope], target="fake"))

    return run_client(platform, go)  # type: ignore[no-any-return]


def counted(live: LiveState) -> dict[str, int]:  # small: asyncio.run formats its result's repr
    connections = live.projects[PROJECT].connections.values()
    return {
        "connections": len(connections),
        "devices": sum(len(c.devices) for c in connections),
        "sensors": sum(len(s) for c in connections for s in c.sensors.values()),
    }


@pytest.mark.parametrize("connections", [3, 50], ids=["one-read-per-connection", "paged-lists"])
def test_every_read_names_its_project(connections: int) -> None:
    platform = FakePlatform({PROJECT: fleet(PROJECT, connections, 2, 2)})
    found = read(platform, connections, 2, 2)
    assert found == {"connections": connections, "devices": 2 * connections, "sensors": 4 * connections}
    entity_reads = [r for r in platform.sent if "/types" not in r.url.path]
    assert entity_reads and all(r.url.params.get("projectIds") == PROJECT for r in entity_reads)


def test_a_no_op_read_of_a_thousand_connections_costs_its_list_pages() -> None:
    platform = FakePlatform({PROJECT: fleet(PROJECT, 1000)})
    assert read(platform, 1000) == {"connections": 1000, "devices": 1000, "sensors": 1000}
    pages = {"GET /api/nodes/all": 2, "GET /api/devices/all": 2, "GET /api/sensors/all": 2}
    assert platform.calls == CATALOG + Counter(pages)  # 1,000 items: one full page and an empty one


@pytest.mark.parametrize("counts_requested_pages", [False, True], ids=["offset-by-served", "offset-by-asked"])
def test_a_page_size_capped_at_100_loses_no_connection(counts_requested_pages: bool) -> None:
    platform = FakePlatform(
        {PROJECT: fleet(PROJECT, 1000)}, cap=100, counts_requested_pages=counts_requested_pages
    )
    assert read(platform, 1000) == {"connections": 1000, "devices": 1000, "sensors": 1000}
    # The cap, learnt on the node list, prices and starts the device and sensor lists.
    assert platform.calls["GET /api/devices/all"] == platform.calls["GET /api/sensors/all"] == 11


def test_a_capped_platform_makes_one_read_per_connection_the_cheaper_way() -> None:
    platform = FakePlatform({PROJECT: fleet(PROJECT, 150, 10, 10)}, cap=100)
    assert read(platform, 150, 10, 10) == {"connections": 150, "devices": 1500, "sensors": 15000}
    assert platform.calls["POST /api/integrations/{nodeId}"] == 150  # not 16 + 151 list pages
    assert "GET /api/sensors/all" not in platform.calls
