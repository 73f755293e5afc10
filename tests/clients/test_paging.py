"""Lists are read to an empty page, whatever page size the platform really serves (assumption A5)."""

from __future__ import annotations

import asyncio
import itertools
import random
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from iotplan.clients.paging import PAGE_SIZE, requests_for
from iotplan.clients.platform import PlatformClient
from iotplan.errors import PlatformError
from tests.clients.fake_platform import FakePlatform, run_client

PROJECT = "p"


def platform_with(count: int, **behaviour: Any) -> FakePlatform:
    sensors = [{"id": f"s{i}", "device": "d"} for i in range(count)]
    return FakePlatform({PROJECT: {"sensors": sensors}}, **behaviour)


def pages_asked(platform: FakePlatform) -> list[tuple[int, int]]:
    return [(int(r.url.params["pageNumber"]), int(r.url.params["pageSize"])) for r in platform.sent]


def read_sensors(platform: FakePlatform, expected: int = 0) -> list[dict[str, Any]]:
    return run_client(platform, lambda client: client.list_sensors(PROJECT, expected))  # type: ignore[no-any-return]


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


@pytest.mark.parametrize("count", [0, 3, 999, 1000, 1001, 2003, 3000])
def test_every_item_is_read_and_the_list_ends_at_an_empty_page(count: int) -> None:
    platform = platform_with(count)
    items = read_sensors(platform)
    assert ids(items) == [f"s{i}" for i in range(count)]
    assert len(platform.sent) == requests_for(count)
    last_number, last_size = pages_asked(platform)[-1]
    assert platform.projects[PROJECT]["sensors"][last_number * last_size :] == []  # it was empty


def test_a_short_page_is_followed_by_the_page_after_it() -> None:
    platform = platform_with(2003)
    read_sensors(platform)
    assert pages_asked(platform) == [(0, 1000), (1, 1000), (2, 1000), (3, 1000)]


@pytest.mark.parametrize("counts_requested_pages", [False, True], ids=["offset-by-served", "offset-by-asked"])
@pytest.mark.parametrize("count", [3, 100, 101, 1003, 2550])
def test_a_silently_capped_page_size_truncates_nothing(count: int, counts_requested_pages: bool) -> None:
    platform = platform_with(count, cap=100, counts_requested_pages=counts_requested_pages)
    items = read_sensors(platform, expected=count)
    assert ids(items) == [f"s{i}" for i in range(count)]
    assert len(platform.sent) <= count // 100 + 3 + 8  # the pages, an empty one, one window at most


def test_a_cap_seen_once_starts_the_next_lists_at_that_size() -> None:
    platform = platform_with(250, cap=100)

    async def twice(client: PlatformClient) -> tuple[int, list[dict[str, Any]]]:
        await client.list_sensors(PROJECT)
        platform.sent.clear()
        return client.list_requests(250), await client.list_sensors(PROJECT)

    estimate, items = run_client(platform, twice)
    assert len(items) == 250
    assert pages_asked(platform) == [(0, 100), (1, 100), (2, 100), (3, 100)]
    assert estimate == len(platform.sent)


REPEATED = (
    "another writer may have added entities while the list was read (run it again), or the platform "
    "counts pageNumber from 1 or ignores it, which iotplan cannot read safely (run it again; if it says "
    "the same, run `iotplan check-platform` and report its output)"
)


def test_a_platform_that_ignores_page_number_stops_the_read_with_a_message() -> None:
    platform = platform_with(20, ignores_page_number=True)
    with pytest.raises(PlatformError) as raised:
        read_sensors(platform)
    assert (
        str(raised.value)
        == f"GET /api/sensors/all answered page 1 with only items it had already sent: {REPEATED}"
    )
    assert pages_asked(platform) == [(0, 1000), (1, 20)]


@pytest.mark.parametrize("cap", [None, 100])
@pytest.mark.parametrize("count", [1, 3, 100, 1001])
def test_a_platform_counting_pages_from_one_stops_the_read_at_page_one(count: int, cap: int | None) -> None:
    """Pages 0 and 1 are both the first page: the repeat is not read on as counted from 1, since a
    writer adding a page at the front (below) makes the same one on a platform counting from 0."""
    platform = platform_with(count, pages_from_one=True, cap=cap)
    with pytest.raises(PlatformError) as raised:
        read_sensors(platform, count)
    assert (
        str(raised.value)
        == f"GET /api/sensors/all answered page 1 with only items it had already sent: {REPEATED}"
    )


def test_an_empty_list_where_pages_count_from_one_shows_no_repeat() -> None:
    """Page 0 empty ends the list: an empty project is read, and its first apply writes."""
    platform = platform_with(0, pages_from_one=True)
    assert read_sensors(platform) == []
    assert pages_asked(platform) == [(0, 1000)]


def adding_at_the_front(*requests: int, page: int = 100) -> Any:
    """Another writer adding a page of sensors at the front of the list (one listing newest first)
    just before each of `requests` (counted from 1), and removing them just before the request after."""
    added: list[dict[str, Any]] = []

    def writer(project: dict[str, list[dict[str, Any]]], request: int) -> None:
        sensors = [sensor for sensor in project["sensors"] if sensor not in added]
        if request in requests:
            added.extend({"id": f"new{request}-{i}", "device": "d"} for i in range(page))
        elif request - 1 in requests:
            added.clear()  # removed again: what it added is gone before the next page
        project["sensors"] = [*reversed(added), *sensors]

    return writer


@pytest.mark.parametrize("writes", [(2,), (2, 3)], ids=["removed-before-page-2", "added-again"])
def test_a_page_added_at_the_front_while_the_list_is_read_stops_it_naming_another_writer_first(
    writes: tuple[int, ...],
) -> None:
    """An ordinary platform counting from 0, a cap of 100: the writer's page makes page 1 repeat page
    0. Read on as counted from 1 once the writer had removed it, sensors 100-199 were never read."""
    platform = platform_with(350, cap=100, writer=adding_at_the_front(*writes))
    with pytest.raises(PlatformError) as raised:
        read_sensors(platform)
    assert (
        str(raised.value)
        == f"GET /api/sensors/all answered page 1 with only items it had already sent: {REPEATED}"
    )
    assert pages_asked(platform) == [(0, 1000), (1, 100)]


def test_a_platform_that_ignores_page_size_stops_the_read_with_a_message() -> None:
    def too_many(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[{"id": str(i)} for i in range(PAGE_SIZE + 1)])

    with pytest.raises(PlatformError, match="answered 1001 items to pageSize=1000"):
        run_client(too_many, lambda client: client.list_sensors(PROJECT))


def test_a_list_answered_as_an_object_is_an_error_not_its_keys() -> None:
    def wrapped(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"items": [{"id": "a"}]})

    with pytest.raises(PlatformError, match="GET /api/sensors/all answered dict, not a list"):
        run_client(wrapped, lambda client: client.list_sensors(PROJECT))


ARRIVALS = itertools.count()


def kept_with_its_arrival(item: dict[str, Any], request: str) -> SimpleNamespace:
    """What a reader keeps, different at each arrival: only its id can tell it was read before."""
    return SimpleNamespace(id=item["id"], request=request, arrival=next(ARRIVALS))


@pytest.mark.parametrize("keep", [None, kept_with_its_arrival])
def test_an_item_read_again_on_a_later_page_stops_the_read(keep: Any) -> None:
    """The list moved under the read (here an item sorted first was created): what moved out of
    reach cannot be known, so nothing of it is kept. Also when each page is turned into what the
    reader keeps as it arrives (`keep`)."""
    items = [{"id": f"s{i}"} for i in range(1500)]

    def shifting(request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["pageNumber"]), int(request.url.params["pageSize"])
        answer = httpx.Response(200, json=items[number * size : (number + 1) * size])
        if number == 0:
            items.insert(0, {"id": "new"})  # sorted first: every later item moves one place on
        return answer

    with pytest.raises(PlatformError) as raised:
        run_client(shifting, lambda client: client.list_sensors(PROJECT, keep=keep))
    assert str(raised.value) == (
        "GET /api/sensors/all answered page 1 with s999, already read on an earlier page: the list's "
        "order changed while it was read (an order the platform does not keep, or entities added or "
        "removed meanwhile), so iotplan cannot read it to its end safely"
    )


@pytest.mark.parametrize("keep", [None, kept_with_its_arrival])
@pytest.mark.parametrize("page", [0, 1])
def test_an_item_a_page_brings_twice_stops_the_read_as_one_read_again_on_a_later_page_does(
    keep: Any, page: int
) -> None:
    """The page counts 1000 items but brings 999 entities: one is missed (and the one brought twice
    was reported twice: a THREAD's sensor counted as two unmanaged ones)."""
    items = [{"id": f"s{i}"} for i in range(1600)]
    twice = page * 1000 + 10
    items[twice + 10] = {"id": f"s{twice}"}  # where s{twice + 10} was: that one is missed

    def answer(request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["pageNumber"]), int(request.url.params["pageSize"])
        return httpx.Response(200, json=items[number * size : (number + 1) * size])

    with pytest.raises(PlatformError) as raised:
        run_client(answer, lambda client: client.list_sensors(PROJECT, keep=keep))
    assert str(raised.value) == (
        f"GET /api/sensors/all answered page {page} with s{twice} twice: a list holds each entity once, "
        "and the item this one stands in for is missed, so iotplan cannot read the list to its end safely"
    )


def test_a_list_in_a_new_order_for_each_request_stops_the_read() -> None:
    items = [{"id": f"s{i}"} for i in range(250)]
    orders = random.Random(7)

    def shuffled(request: httpx.Request) -> httpx.Response:
        number, size = int(request.url.params["pageNumber"]), int(request.url.params["pageSize"])
        order = orders.sample(items, len(items))
        return httpx.Response(200, json=order[number * min(size, 100) : (number + 1) * min(size, 100)])

    with pytest.raises(PlatformError, match="already read on an earlier page: the list's order changed"):
        run_client(shuffled, lambda client: client.list_sensors(PROJECT))


def test_the_reader_is_told_what_a_list_costs() -> None:
    assert [requests_for(n) for n in (0, 1, 999, 1000, 1001, 100_000)] == [1, 2, 2, 2, 3, 101]


# --- the window: pages asked together ------------------------------------------------------------
def windowed(delay_of: Any, count: int, expected: int) -> tuple[list[dict[str, Any]], list[str], int]:
    in_flight = {"now": 0, "most": 0}
    events: list[str] = []

    async def pages(request: httpx.Request) -> httpx.Response:
        number = int(request.url.params["pageNumber"])
        in_flight["now"] += 1
        in_flight["most"] = max(in_flight["most"], in_flight["now"])
        events.append(f"start {number}")
        await asyncio.sleep(delay_of(number))
        events.append(f"end {number}")
        in_flight["now"] -= 1
        return httpx.Response(
            200, json=[{"id": f"{number}-{i}"} for i in range(min(PAGE_SIZE, count - number * PAGE_SIZE))]
        )

    items = run_client(pages, lambda client: client.list_sensors(PROJECT, expected))
    return items, events, in_flight["most"]


@pytest.mark.parametrize(
    ("expected", "at_most", "together"),
    [(0, 4, 1), (2 * PAGE_SIZE + 3, 4, 4), (10 * PAGE_SIZE, 11, 8), (100 * PAGE_SIZE, 4 + 8, 8)],
)
def test_an_expected_size_asks_for_its_pages_together(expected: int, at_most: int, together: int) -> None:
    """The promise: the pages an estimate fills go out together, and an over-estimate costs at most
    one window of pages past the end. Which of those extra pages go out depends on the order the
    answers arrive in (the network's), so the count is a bound, not an exact figure."""
    items, events, most = windowed(lambda number: 0.01, 2 * PAGE_SIZE + 3, expected)
    assert ids(items)[PAGE_SIZE - 1 : PAGE_SIZE + 1] == [f"0-{PAGE_SIZE - 1}", "1-0"]
    assert len(items) == 2 * PAGE_SIZE + 3
    assert 4 <= sum(event.startswith("start") for event in events) <= at_most
    assert most == together


def test_the_window_slides_past_a_slow_page() -> None:
    items, events, _ = windowed(lambda number: 0.05 if number == 0 else 0.001, 12 * PAGE_SIZE, 12 * PAGE_SIZE)
    assert len(items) == 12 * PAGE_SIZE and sum(e.startswith("start") for e in events) == 13
    # Page 8 waits for a free place in the window, not for the slow page 0 (and its window) to end.
    assert events.index("start 8") < events.index("end 0")


def test_a_failed_page_stops_the_pages_still_waiting() -> None:
    sent: list[httpx.Request] = []

    async def pages(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        await asyncio.sleep(0.005)
        if request.url.params["pageNumber"] == "2":
            return httpx.Response(400, json={"error": {"code": "Bad", "message": "no"}})
        return httpx.Response(
            200, json=[{"id": f"{request.url.params['pageNumber']}-{i}"} for i in range(PAGE_SIZE)]
        )

    async def list_then_carry_on(client: PlatformClient) -> None:
        with pytest.raises(PlatformError):
            await client.list_sensors(PROJECT, 100 * PAGE_SIZE)
        await asyncio.sleep(0.3)  # a caller that goes on: the pages still waiting must not go out

    run_client(pages, list_then_carry_on)
    assert len(sent) <= 2 * 8  # the window in flight when page 2 failed, not 101 pages
