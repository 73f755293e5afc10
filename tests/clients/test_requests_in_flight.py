"""`--parallelism` is the most requests iotplan has in flight at once (clients/platform.py
`in_flight`), however many lists page at once: a project's device and sensor lists each send a
window of pages, and every project is read at once, so without one count held across them a
fleet of several projects had several windows in flight."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from iotplan.clients.platform import PlatformClient
from iotplan.clients.target import TargetOptions, open_target
from tests.clients.fake_platform import FakePlatform, fleet, run_client

PROJECTS = ("p1", "p2")
SEEDED = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"  # a project the embedded platform is seeded with


def test_requests_in_flight_never_pass_the_limit_however_many_lists_page_at_once() -> None:
    platform = FakePlatform(projects={project: fleet(project, 100, 2) for project in PROJECTS})
    in_flight, most = 0, 0

    async def answered_later(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.002)
        in_flight -= 1
        return platform.handler(request)

    async def four_lists(client: PlatformClient) -> list[list[Any]]:
        client.page_size = 10  # 200 items a list: 20 pages each, 8 asked at once
        reads = [
            read(project, 200) for project in PROJECTS for read in (client.list_devices, client.list_sensors)
        ]
        return await asyncio.gather(*reads)

    lists = run_client(answered_later, four_lists, page_window=8, in_flight=4)
    assert [len(items) for items in lists] == [200, 200, 200, 200]
    assert most == 4  # four lists of eight pages at once: 32 without the limit


def test_the_target_holds_its_requests_to_parallelism(tmp_path: Path) -> None:
    in_flight, most = 0, 0

    async def six_at_once() -> list[Any]:
        async with open_target(TargetOptions(sim_db=tmp_path / "sim.db", parallelism=3), {}) as target:
            send = target.client.http.send

            async def answered_later(request: httpx.Request, **options: Any) -> httpx.Response:
                nonlocal in_flight, most
                in_flight += 1
                most = max(most, in_flight)
                await asyncio.sleep(0.002)
                in_flight -= 1
                return await send(request, **options)

            target.client.http.send = answered_later  # type: ignore[method-assign]
            return await asyncio.gather(*(target.client.get_project(SEEDED) for _ in range(6)))

    assert len(asyncio.run(six_at_once())) == 6
    assert most == 3
