"""A page of the device or sensor list kept at once (`_KeepListed.page`, a field at a time across the
page) makes exactly the entities its items kept one by one make, or stops the read with the same
message: the same ids, parents and types, the same props in the same order with values of the same
kinds (1, 1.0 and True told apart), and the same values shared.

Property-based (hypothesis, a fixed derandomized set of examples): pages mostly shaped as the
platform answers them, with values of every kind and items missing or mangling what the read needs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.errors import PlatformError
from iotplan.live import read
from iotplan.live.model import LiveEntity, forget_key_orders

SETTINGS = settings(max_examples=400, deadline=None, derandomize=True)
REQUEST = "GET /api/sensors/all"
KNOWN = "fleet:c0/d0/s0"  # a refId the caller keeps: a SERIAL_NO equal to it is kept as that text
KNOWN_NAME = "a"  # the name it declares: a NAME equal to it beside that SERIAL_NO is kept as that text


@dataclass(frozen=True)
class Declared:
    ref_id: str = "".join(["fleet:c0/", "d0/s0"])  # KNOWN, another copy of it: the caller's own
    fields: dict[str, Any] = field(default_factory=lambda: {"name": "".join(["", KNOWN_NAME])})


DECLARED = Declared()

TEXTS = st.sampled_from(
    ["", "a", "b", KNOWN, "fleet:c0/d0/s1", "2026-12-05T14:43:04.606+00:00", "/api/A/node"]
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), st.sampled_from([10**20, 1.0, 1.5]), TEXTS)
TEXT_MAPS = st.sampled_from(
    [{}, {"0": "a"}, {"0": "b"}, {"0": "a", "1": "b"}, {"1": "b", "0": "a"}, dict.fromkeys("01234", "a")]
)
MAPS = st.one_of(
    TEXT_MAPS,
    st.sampled_from([{"0": 1}, {"0": True}, {"0": ["a"]}]),
    st.dictionaries(st.sampled_from("01234"), st.one_of(TEXTS, st.integers(0, 1)), max_size=5),
)
VALUES = st.one_of(SCALARS, MAPS, st.lists(SCALARS, max_size=2))
KINDS = {"text": TEXTS, "text map": TEXT_MAPS, "map": MAPS, "number": st.integers(0, 3), "any": VALUES}
KIND_ODDS = ["text"] * 4 + ["text map"] * 3 + ["map", "number", "number", "any"]
KEYS = (
    "NAME",
    "SERIAL_NO",
    "NODE_ID",
    "CREATION_DATE",
    "UNKNOWN_METRICS",
    "KNOWN_UNITS",
    "OBSERVATION_COUNT",
)


@st.composite
def pages(draw: st.DrawFn) -> list[Any]:
    """Items sharing one key order and one kind of value a key, as a platform answers them, some
    straying from that shape (none, few or many, as the page draws)."""
    keys = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=len(KEYS)))
    kinds = {key: KINDS[draw(st.sampled_from(KIND_ODDS))] for key in keys}
    if draw(st.integers(0, 3)):  # most pages: a NAME, and a NODE_ID naming a device's connection
        keys = draw(st.permutations(list(dict.fromkeys([*keys, "NAME", "NODE_ID"]))))
        kinds["NAME"] = kinds["NODE_ID"] = TEXTS
    odds = draw(st.sampled_from([0, 0, 1, 4]))  # of 40: how often a value or an item strays

    def strays() -> bool:
        return draw(st.integers(0, 39)) < odds

    page = []
    for number in range(draw(st.integers(0, 6))):
        props = {key: draw(VALUES if strays() else kinds[key]) for key in keys}
        if strays():
            props = dict(reversed(props.items()))  # another key order
        item: dict[str, Any] = {"id": f"s{number}", "props": props, "type": "DYNAMIC", "device": "/api/A/d"}
        if strays():
            item[draw(st.sampled_from(["id", "props", "type", "device"]))] = draw(VALUES)
        page.append(draw(VALUES) if strays() and strays() else item)
    return page


@pytest.fixture(autouse=True)
def _tables_emptied() -> Iterator[None]:
    yield
    _empty_tables()


def _empty_tables() -> None:
    read._SHARED.clear()
    read._KNOWN.clear()
    forget_key_orders()


def _kept(keep: Any, page: list[Any], at_once: bool) -> Any:
    """The entities made (each value with its kind), or the refusal's message."""
    _empty_tables()
    read._KNOWN[KNOWN] = DECLARED
    page = json.loads(json.dumps(page))  # every value its own object, as in a decoded answer
    try:
        made = keep.page(page, REQUEST) if at_once else [keep(item, REQUEST) for item in page]
    except PlatformError as error:
        return str(error)
    for entity, item in zip(made, page, strict=True):
        _assert_shared(entity, item["props"])
    return [_exactly(entity) for entity in made]


def _exactly(value: Any) -> Any:
    """A value with the kind of everything in it, props with their type and key order."""
    if isinstance(value, LiveEntity):
        props = [(key, _exactly(each)) for key, each in value.props.items()]
        return (value.id, value.parent_id, value.type, type(value.props).__name__, props)
    if isinstance(value, dict):
        return ("dict", [(key, _exactly(each)) for key, each in value.items()])
    if isinstance(value, list):
        return ("list", [_exactly(each) for each in value])
    return (type(value).__name__, repr(value))


def _assert_shared(entity: LiveEntity, answered: dict[str, Any]) -> None:
    """Each value the one the read's tables hold (a text, a map of at most four texts, the type and
    parent; a SERIAL_NO equal to a known refId, that refId; a NAME beside it equal to the name declared
    with it, that name), any other the very one answered."""
    declared = answered.get("SERIAL_NO") == KNOWN and type(answered["SERIAL_NO"]) is str
    for key, value in entity.props.items():
        if key == "SERIAL_NO" and declared:
            assert value is DECLARED.ref_id
        elif key == "NAME" and declared and type(value) is str and value == KNOWN_NAME:
            assert value is DECLARED.fields["name"]
        elif key in ("NAME", "SERIAL_NO"):
            assert value is answered[key]
        elif type(value) is str:
            assert value is read._SHARED[value]
        elif type(value) is dict and len(value) <= 4 and all(type(each) is str for each in value.values()):
            assert value is read._SHARED[tuple(value.items())]
        else:
            assert value is answered[key]
    for value in (entity.type, entity.parent_id):
        assert value is None or value is read._SHARED[value]


@pytest.mark.parametrize(
    "same_from", [read._SAME_ON_A_PAGE, 1], ids=["usual", "every page's one values held once"]
)
@SETTINGS
@given(page=pages(), device_list=st.booleans())
def test_a_page_kept_at_once_is_the_page_kept_item_by_item(
    same_from: int, page: list[Any], device_list: bool
) -> None:
    keep = (read._KEEP_DEVICE if device_list else read._KEEP_SENSOR)("p", "for a test")
    usual, read._SAME_ON_A_PAGE = read._SAME_ON_A_PAGE, same_from  # the pages drawn hold few items
    try:
        assert _kept(keep, page, at_once=True) == _kept(keep, page, at_once=False)
    finally:
        read._SAME_ON_A_PAGE = usual


def test_a_page_of_the_platforms_usual_shape_is_kept_at_once() -> None:
    """The property above holds trivially if every page went item by item: the usual page must not."""
    props = {"NAME": "s", "SERIAL_NO": KNOWN, "UNKNOWN_METRICS": {"0": "t"}, "OBSERVATION_COUNT": 0}
    page = [{"id": f"s{n}", "props": dict(props), "type": "DYNAMIC", "device": "/api/A/d"} for n in range(3)]
    assert read._page_fields(page, ("device",)) is not None


def _page_with(key: str, values: list[Any]) -> list[Any]:
    """A usual page whose items' `key` prop (or `type`) takes these values in turn."""
    page = []
    for number, value in enumerate(values):
        props = {"NAME": f"s{number}", "SERIAL_NO": f"{KNOWN}{number}", "NODE_ID": "/api/A/node", key: value}
        item = {"id": f"s{number}", "props": props, "type": "DYNAMIC", "device": "/api/A/d"}
        if key == "type":
            item["type"] = props.pop("type")
        page.append(item)
    return page


ODD_COLUMNS = {
    "a known refId beside numbers": ("SERIAL_NO", [KNOWN, 1, KNOWN, None]),
    "known refIds only": ("SERIAL_NO", [KNOWN, KNOWN, "other"]),
    "maps equal as Python sees them": ("UNKNOWN_METRICS", [{"0": 1}, {"0": True}, {"0": "a"}, {"0": 1}]),
    "one map of a number": ("UNKNOWN_METRICS", [{"0": 1}, {"0": 1}, {"0": 1}]),
    "one map of a number and a text": ("UNKNOWN_METRICS", [{"0": "a", "1": 1}, {"0": "a", "1": 1}]),
    "equal maps in two key orders": ("UNKNOWN_METRICS", [{"0": "a", "1": "b"}, {"1": "b", "0": "a"}] * 2),
    "one map of five texts": ("UNKNOWN_METRICS", [dict.fromkeys("01234", "a")] * 3),
    "maps of five texts and of one": ("UNKNOWN_METRICS", [dict.fromkeys("01234", "a"), {"0": "a"}] * 2),
    "maps holding lists": ("UNKNOWN_METRICS", [{"0": ["a"]}, {"0": ["a"]}, {"0": "a"}]),
    "one map holding a list": ("UNKNOWN_METRICS", [{"0": ["a"]}] * 3),
    "empty maps": ("UNKNOWN_METRICS", [{}, {}, {"0": "a"}]),
    "texts beside null": ("CREATION_DATE", ["a", None, "a"]),
    "texts beside maps": ("CREATION_DATE", ["a", {"0": "a"}, "a"]),
    "numbers of every kind": ("OBSERVATION_COUNT", [1, 1.0, True, 10**20, None]),
    "lists": ("OBSERVATION_COUNT", [["a"], ["a"], []]),
    "types of every kind": ("type", ["DYNAMIC", 3, None, "DYNAMIC"]),
    # One value all along (`_one_value`): equal values of several kinds, runs ending as they began.
    "one text all along": ("CREATION_DATE", ["a", "a", "a"]),
    "a text ending as it began": ("CREATION_DATE", ["a", "b", "a"]),
    "one number in every kind": ("OBSERVATION_COUNT", [1, 1.0, True, 1]),
    "one number as a number and a boolean": ("OBSERVATION_COUNT", [1, True, 1]),
    "zeros of two signs": ("OBSERVATION_COUNT", [0.0, -0.0, 0.0]),
    "one whole number all along": ("OBSERVATION_COUNT", [0, 0, 0]),
    "one map equal in every kind": ("UNKNOWN_METRICS", [{"0": 1}, {"0": True}, {"0": 1.0}]),
    "one map of text in two key orders": ("UNKNOWN_METRICS", [{"0": "a", "1": "b"}, {"1": "b", "0": "a"}]),
    "one list all along": ("OBSERVATION_COUNT", [["a"], ["a"], ["a"]]),
    "nulls only": ("CREATION_DATE", [None, None]),
    "one type in every kind": ("type", [1, 1.0, True]),
    "one type all along": ("type", ["DYNAMIC", "DYNAMIC"]),
    "serials null beside names": ("SERIAL_NO", [None, KNOWN, None]),
    "names null beside serials": ("NAME", [None, "s", None]),
    "a known name beside null": ("NAME", [KNOWN_NAME, None, KNOWN_NAME]),
    "known names beside others": ("NAME", [KNOWN_NAME, "b", KNOWN_NAME]),
}


@pytest.mark.parametrize("same_from", [read._SAME_ON_A_PAGE, 1], ids=["usual", "one values held once"])
@pytest.mark.parametrize(("key", "values"), ODD_COLUMNS.values(), ids=ODD_COLUMNS)
def test_a_column_of_odd_values_is_kept_as_item_by_item(
    key: str, values: list[Any], same_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read, "_SAME_ON_A_PAGE", same_from)
    keep = read._KEEP_SENSOR("p", "for a test")
    page = _page_with(key, values)
    assert _kept(keep, page, at_once=True) == _kept(keep, page, at_once=False)


@pytest.mark.parametrize("orders", [2, read._ORDERS_A_PAGE, read._ORDERS_A_PAGE + 1])
def test_a_page_of_props_in_several_key_orders_is_kept_as_item_by_item(orders: int) -> None:
    page = _page_with("CREATION_DATE", ["a"] * (orders * 2))
    for number, item in enumerate(page):  # each order: one more key, for two items
        item["props"].update({f"EXTRA_{extra}": "b" for extra in range(number % orders)})
    keep = read._KEEP_SENSOR("p", "for a test")
    assert _kept(keep, page, at_once=True) == _kept(keep, page, at_once=False)
