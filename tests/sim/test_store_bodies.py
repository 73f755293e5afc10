"""How the emulator keeps and shows entities: exactly what was written, in as few steps as it can."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from iotplan.sim import integrate, props
from iotplan.sim.calls import MAX_DEPTH, _depth
from iotplan.sim.store import Store
from tests.sim.test_integrate_rules import PROJECT, Platform, device, sensor

BEYOND_64_BITS = 2**64  # orjson writes no such integer, and would read it back as a float


def nested_lists(depth: int) -> list[Any]:
    outer: list[Any] = []
    inner = outer
    for _ in range(depth - 1):
        inner.append([])
        inner = inner[0]
    return outer


def test_an_integer_past_64_bits_is_kept_and_answered_exactly() -> None:
    platform = Platform()
    logger = device("big", props={"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "b", "RAW": BEYOND_64_BITS})
    created = platform.integrate({"changeState": "new", "refId": "t:big", "devices": [logger]})
    assert created.status_code == 200, created.text
    answered = created.json()["integration"]["devices"][0]["device"]["props"]["RAW"]
    assert type(answered) is int and answered == BEYOND_64_BITS  # a float equals 2**64 too
    listed = platform.call("GET", "/api/devices/all", params={"projectIds": PROJECT, "pageSize": 10})
    raw = next(item["props"]["RAW"] for item in json.loads(listed.content) if item["props"]["NAME"] == "b")
    assert type(raw) is int and raw == BEYOND_64_BITS


def test_many_entities_are_got_in_order_with_none_for_what_is_not_there() -> None:
    store = Store()
    ids = [f"/api/{n:06X}/node" for n in range(1_201)]  # more than one query's worth of ids
    for seq, entity_id in enumerate(ids):
        store.insert("node", {"id": entity_id, "props": {"NAME": str(seq)}}, (PROJECT, None, None), None)
    asked = [ids[1_200], "/api/missing/node", *ids[:600]]
    found = store.get_many(asked)
    assert [entity and entity["id"] for entity in found] == [ids[1_200], None, *ids[:600]]
    assert found == [store.get(entity_id) for entity_id in asked]


def test_the_date_is_this_millisecond_and_moves_with_it(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_700_000_000_123_456_789]  # nanoseconds: 2023-11-14T22:13:20.123456789Z
    monkeypatch.setattr(props.time, "time_ns", lambda: clock[0])
    assert props.now() == "2023-11-14T22:13:20.123+00:00"
    clock[0] += 500_000  # within the same millisecond
    assert props.now() == "2023-11-14T22:13:20.123+00:00"
    clock[0] += 500_000
    assert props.now() == "2023-11-14T22:13:20.124+00:00"
    clock[0] += 876_000_000
    assert props.now() == "2023-11-14T22:13:21.000+00:00"


@pytest.mark.parametrize(
    ("value", "depth"),
    [
        ("text", 0),
        ([], 1),
        ({"a": [1, {"b": "c"}], "d": []}, 3),
        ([[], [[[]]], {}], 4),
        (nested_lists(MAX_DEPTH), MAX_DEPTH),
    ],
)
def test_depth_counts_the_deepest_nesting(value: Any, depth: int) -> None:
    assert _depth(value) == depth


def test_depth_stops_counting_past_the_limit() -> None:
    assert _depth(nested_lists(100_000)) == MAX_DEPTH + 1


def test_a_new_id_another_entity_has_is_drawn_again(monkeypatch: pytest.MonkeyPatch) -> None:
    platform = Platform()
    drawn = iter(
        ["0000A1", "0000B2", "0000C3", "0000C3", "0000D4"]
    )  # the second sensor's first draw is taken
    monkeypatch.setattr(integrate, "new_hex", lambda: next(drawn))
    answer = platform.integrate(
        {"changeState": "new", "refId": "t:ids", "devices": [device("d", sensor("s1"), sensor("s2"))]}
    )
    assert answer.status_code == 200, answer.text
    group = answer.json()["integration"]["devices"][0]
    assert group["device"]["id"] == "/api/0000A1/node/dynamic/0000B2/device"
    assert [s["id"].split("/")[-2] for s in group["sensors"]] == ["0000C3", "0000D4"]
    assert [s["props"]["SERIAL_NO"] for s in group["sensors"]] == ["s1", "s2"]


def test_an_insert_refused_for_another_reason_is_not_drawn_again() -> None:
    store = Store()
    entity = {"id": "/api/1/node/dynamic/2/device", "props": {"NAME": "d"}}
    store.insert("device", entity, (PROJECT, "/api/1/node", None), "twin")
    twin = {"id": "/api/1/node/dynamic/3/device", "props": {"NAME": "d"}}
    with pytest.raises(sqlite3.IntegrityError):  # one refId under one parent: the unique index
        store.insert_unless_taken("device", twin, (PROJECT, "/api/1/node", None), "twin")
    assert (
        store.insert_unless_taken("device", {**twin, "id": entity["id"]}, (PROJECT, None, None), "x") is False
    )


def filled_store(path: str = ":memory:", count: int = 2_500) -> Store:
    store = Store(path)
    with store.transaction():
        for n in range(count):
            parents = (PROJECT, f"/api/{n % 3}/node", f"/api/{n % 3}/node/dynamic/{n % 7}/device")
            store.insert(
                "sensor", {"id": f"/s/{n}", "props": {"NAME": f"{n * 7919 % 1000:03}"}}, parents, None
            )
    return store


def page_ids(store: Store, number: int, **order: Any) -> list[str]:
    chosen = {"size": 1_000, "by_name": False, "descending": False, "node_id": None, **order}
    return [json.loads(text)["id"] for text in store.page("sensor", PROJECT, number, **chosen)]


@pytest.mark.parametrize(
    "order",
    [
        {},
        {"descending": True},
        {"by_name": True},
        {"by_name": True, "descending": True},
        {"node_id": "/api/1/node"},
    ],
)
def test_pages_are_the_rows_an_offset_query_gives(order: dict[str, Any]) -> None:
    store = filled_store()
    direction = " DESC" if order.get("descending") else ""
    sql_order = f"name{direction}, seq" if order.get("by_name") else f"seq{direction}"
    node = " AND node_id = ?" if order.get("node_id") else ""
    for number in range(4):
        expected = store.db.execute(
            f"SELECT id FROM entities WHERE kind = 'sensor' AND project_id = ?{node} "
            f"ORDER BY {sql_order} LIMIT 1000 OFFSET ?",
            [PROJECT, *([order["node_id"]] if node else []), number * 1_000],
        )
        assert page_ids(store, number, **order) == [row[0] for row in expected]


def test_pages_follow_writes_made_after_a_list_was_read() -> None:
    store = filled_store(count=10)
    assert len(page_ids(store, 0)) == 10
    store.insert("sensor", {"id": "/s/new", "props": {"NAME": "000"}}, (PROJECT, "/n", "/d"), None)
    assert page_ids(store, 0)[-1] == "/s/new"
    store.update({"id": "/s/new", "props": {"NAME": "zzz"}})
    assert page_ids(store, 0, by_name=True)[-1] == "/s/new"
    store.delete_tree("/s/new")
    assert "/s/new" not in page_ids(store, 0) and len(page_ids(store, 0)) == 10


def test_pages_follow_what_another_process_commits(tmp_path: Path) -> None:
    reader = filled_store(str(tmp_path / "sim.db"), count=10)
    assert len(page_ids(reader, 0)) == 10
    writer = Store(tmp_path / "sim.db")  # a second process on the same file, as two CI runs are
    with writer.transaction():
        writer.insert("sensor", {"id": "/s/other", "props": {"NAME": "x"}}, (PROJECT, "/n", "/d"), None)
    assert page_ids(reader, 0)[-1] == "/s/other"
