"""A platform that refuses `pageSize=1000` (400) instead of capping it: iotplan's page size is its own
(A5), the reference shows only 100, so a list whose first requests are refused is read again at 100,
by the same paging rules, and the client's next lists start there. Refused at 100 too, the first
refusal stands, naming the request and the platform's message."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from iotplan.clients.platform import PlatformClient
from iotplan.errors import PlatformError
from tests.clients.fake_platform import FakePlatform, run_client

PROJECT = "p"
REFUSAL = {"errors": [{"message": "must be less than or equal to 100", "path": "pageSize"}]}


class Refusing(FakePlatform):
    """Refuses a list request whose pageSize is above `largest`, the way the platform answers a
    parameter out of range."""

    largest: int = 100

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/all") and int(request.url.params["pageSize"]) > self.largest:
            self.sent.append(request)
            return httpx.Response(400, json=REFUSAL)
        return super().handler(request)


def platform_with(count: int, largest: int = 100, **behaviour: Any) -> Refusing:
    sensors = [{"id": f"s{i}", "device": "d"} for i in range(count)]
    devices = [{"id": f"d{i}", "props": {"NODE_ID": "n"}} for i in range(count)]
    platform = Refusing({PROJECT: {"sensors": sensors, "devices": devices}}, **behaviour)
    platform.largest = largest
    return platform


def pages_asked(platform: FakePlatform, path: str = "/api/sensors/all") -> list[tuple[int, int]]:
    asked = [r for r in platform.sent if r.url.path == path]
    return [(int(r.url.params["pageNumber"]), int(r.url.params["pageSize"])) for r in asked]


async def both_lists(client: PlatformClient, expected: int = 0) -> tuple[int, int]:
    sensors = await client.list_sensors(PROJECT, expected)
    devices = await client.list_devices(PROJECT, expected)
    return len(sensors), len(devices)


def test_a_list_refused_at_1000_is_read_at_100_and_so_are_the_next() -> None:
    platform = platform_with(250)
    assert run_client(platform, both_lists) == (250, 250)
    assert pages_asked(platform) == [
        (0, 1000),
        (0, 100),
        (1, 100),
        (2, 100),
        (3, 100),
    ]  # short, then one more
    assert pages_asked(platform, "/api/devices/all") == [(0, 100), (1, 100), (2, 100), (3, 100)]


def test_pages_asked_together_at_1000_are_asked_again_at_100() -> None:
    platform = platform_with(250)
    assert run_client(platform, lambda client: both_lists(client, expected=2500)) == (250, 250)
    sizes = [size for _, size in pages_asked(platform)]
    assert sizes[0] == 1000 and set(sizes[sizes.index(100) :]) == {100}
    assert {size for _, size in pages_asked(platform, "/api/devices/all")} == {100}


@pytest.mark.parametrize("counts_requested_pages", [False, True], ids=["offset-by-served", "offset-by-asked"])
def test_a_cap_below_100_still_truncates_nothing(counts_requested_pages: bool) -> None:
    platform = platform_with(250, cap=40, counts_requested_pages=counts_requested_pages)
    assert run_client(platform, lambda client: both_lists(client, 250)) == (250, 250)


def test_refused_at_100_too_the_first_refusal_stands() -> None:
    platform = platform_with(250, largest=10)
    with pytest.raises(PlatformError) as refused:
        run_client(platform, lambda client: client.list_sensors(PROJECT))
    assert "pageSize=1000 answered 400: must be less than or equal to 100" in str(refused.value)
    assert pages_asked(platform) == [(0, 1000), (0, 100)]


def test_a_400_after_a_page_came_back_is_not_asked_again() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params["pageNumber"] == "0":
            return httpx.Response(200, json=[{"id": f"s{i}", "device": "d"} for i in range(1000)])
        return httpx.Response(400, json={"errors": [{"message": "page out of range", "path": "pageNumber"}]})

    with pytest.raises(PlatformError, match="pageNumber=1&pageSize=1000 answered 400: page out of range"):
        run_client(handler, lambda client: client.list_sensors(PROJECT))
