"""`by_ref_id` indexes a device's sensors by refId finding SERIAL_NO's place once per key order:
the index must be the one `LiveEntity.ref_id` makes, entity by entity, for every kind of serial
answered (text, a number, none, empty, absent), in a read's compact props and in plain dicts, with
siblings of one key order, of several, and of both kinds mixed."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.live.model import LiveEntity, Props, by_ref_id, forget_key_orders, key_order

SERIALS: list[Any] = ["st:a", "st:b", "st:a", 7, 7.5, None, "", "ST:A", True, "absent"]


def _entity(index: int, serial: Any, keys: tuple[str, ...], compact: bool) -> LiveEntity:
    answered = {key: f"{key}-{index}" for key in keys}
    if serial != "absent":
        answered["SERIAL_NO"] = serial
    if not compact:
        return LiveEntity(f"/e/{index}", answered)
    at = key_order(tuple(answered))
    assert at is not None
    return LiveEntity(f"/e/{index}", Props(at, tuple(answered.values())))


def _as_ref_id_makes_it(entities: list[LiveEntity]) -> dict[str, list[LiveEntity]]:
    found: dict[str, list[LiveEntity]] = {}
    for each in entities:
        if each.ref_id:
            found.setdefault(each.ref_id, []).append(each)
    return found


@pytest.mark.parametrize("compact", ["all", "none", "mixed"])
@pytest.mark.parametrize("orders", [[("NAME",)], [("NAME",), ("NAME", "SIZE"), ()]], ids=["one", "several"])
def test_the_index_is_the_one_ref_id_makes(compact: str, orders: list[tuple[str, ...]]) -> None:
    forget_key_orders()
    entities = [
        _entity(
            index,
            serial,
            orders[index % len(orders)],
            compact == "all" or (compact == "mixed" and index % 2 == 0),
        )
        for index, serial in enumerate(SERIALS * 2)
    ]
    index = by_ref_id(entities)
    assert index == _as_ref_id_makes_it(entities)
    assert list(index) == list(_as_ref_id_makes_it(entities))  # in the order read
    assert all(key.__class__ is str for key in index)  # a number's serial indexed as its text
