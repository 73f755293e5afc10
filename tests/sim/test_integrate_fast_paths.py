"""The emulator's fast paths for a cold apply's integrate calls answer as the slow ones they stand for:
a new sensor's duplicate refId under a device the call made (asked of memory, not the store), an
integrate answer's JSON (orjson where it writes the json module's bytes), its entities read back (one
parse for the lot) and the ids it draws (the OS's bytes taken a thousand ids at a time), and
a generic sensor's metric maps matched to a combination by one lookup."""

from __future__ import annotations

import itertools
import json
import math
import re
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.responses import JSONResponse

from iotplan.sim import integrate
from iotplan.sim.calls import decoded_json_answer
from iotplan.sim.props import _COMBINATION_OF, COMBINATIONS, METRIC_MAPS
from iotplan.sim.store import _decoded, _decoded_all
from tests.sim.test_integrate_rules import Platform, device, sensor

# --- a new sensor's duplicate refId -----------------------------------------------------------


def _slow_duplicate_check(self: integrate.Integrate, device_id: str, ref_id: Any) -> None:
    self._no_duplicate("sensor", device_id, ref_id)  # the store asked, as before the fast path


def _renamed(ref: str, to: str) -> dict[str, Any]:
    return sensor(ref, state="update", SERIAL_NO=to)


# Each: one call's devices, made under a new connection (the same device may come more than once).
CALLS: dict[str, list[dict[str, Any]]] = {
    "distinct sensors": [device("d", sensor("s1"), sensor("s2"))],
    "a sensor twice": [device("d", sensor("s1"), sensor("s1"))],
    "a sensor twice, the device twice": [
        device("d", sensor("s1")),
        device("d", sensor("s1"), state="update"),
    ],
    "renamed, then made again": [
        device("d", sensor("s1")),
        device("d", _renamed("s1", "s2"), sensor("s1"), state="update"),
    ],
    "renamed onto, then made": [
        device("d", sensor("s1")),
        device("d", _renamed("s1", "s2"), sensor("s2"), state="update"),
    ],
    "removed, then made again": [
        device("d", sensor("s1")),
        device("d", sensor("s1", state="remove"), sensor("s1"), state="update"),
    ],
    "a device removed, made again": [
        device("d", sensor("s1")),
        device("d", state="remove"),
        device("d", sensor("s1")),
    ],
    "two devices, one refId each": [device("d1", sensor("s")), device("d2", sensor("s"))],
    "a refId that is no text": [device("d", sensor(7), sensor("7"))],  # type: ignore[arg-type]
    "a refId of SERIAL_NO alone": [
        device("d", {"changeState": "new", "props": {**sensor("x")["props"], "SERIAL_NO": "s"}}, sensor("s"))
    ],
}
CALLS["a SERIAL_NO that is no text"] = [
    device(
        "d", *({"changeState": "new", "props": {**sensor("x")["props"], "SERIAL_NO": n}} for n in (7, "7", 7))
    )
]
VARIANTS = [(), ("duplicate-refid-400",), ("integrate-partial",), ("serial-is-uuid",)]


def _shape(response: httpx.Response) -> Any:
    """What an answer says, without the ids and dates drawn afresh for each platform."""
    if response.status_code != 200:
        return response.status_code, re.sub(r"/api/[0-9A-F/a-z]*", "<id>", response.text)
    groups = response.json()["integration"]["devices"]
    return [[_serial(sensor_) for sensor_ in [group["device"], *group["sensors"]]] for group in groups]


def _serial(entity: dict[str, Any] | None) -> str | None:
    """An entity's SERIAL_NO (None: gone by the time it was answered), a uuid drawn afresh
    (`serial-is-uuid`) shown as such."""
    if entity is None:
        return None
    return re.sub(
        "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        "<uuid>",
        str(entity["props"].get("SERIAL_NO")),
    )


@pytest.mark.parametrize("variants", VARIANTS, ids=lambda variants: ",".join(variants) or "none")
@pytest.mark.parametrize("name", list(CALLS))
def test_a_new_sensors_duplicate_is_told_as_the_store_tells_it(
    name: str, variants: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    call = {"changeState": "new", "refId": "t:n", "devices": CALLS[name]}
    fast = Platform(*variants).integrate(call)
    monkeypatch.setattr(integrate.Integrate, "_no_duplicate_sensor", _slow_duplicate_check)
    slow = Platform(*variants).integrate(call)
    assert _shape(fast) == _shape(slow)


def test_a_sensor_twice_under_a_new_device_is_refused_and_nothing_is_made() -> None:
    platform = Platform()
    twice = platform.integrate(
        {"changeState": "new", "refId": "t:n", "devices": [device("d", sensor("s"), sensor("s"))]}
    )
    assert twice.status_code == 409 and twice.json()["error"]["code"] == "DuplicateRefId"
    assert (
        platform.call(
            "GET", "/api/sensors/all", params={"projectIds": "6ee68656-ce20-452c-a4e6-b6b3a3b55537"}
        ).json()
        == []
    )


# --- the answer's JSON ---------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


def _rendered(make: Any, value: Any) -> tuple[bytes, list[tuple[bytes, bytes]]] | str:
    try:
        response = make(value)
    except (ValueError, UnicodeEncodeError) as error:  # NaN, a lone surrogate: refused alike
        return type(error).__name__
    return bytes(response.body), response.raw_headers


@settings(max_examples=500)
@given(JSON_VALUES)
def test_an_answer_is_written_in_the_bytes_json_response_writes(value: Any) -> None:
    assert _rendered(decoded_json_answer, value) == _rendered(JSONResponse, value)


@pytest.mark.parametrize(
    "value",
    [
        {"props": {"NAME": "Sensor 0.0.1", "SIZE": 3, "X": 1.5, "Y": -0.0, "on": True}},
        [1e-4, 1.5e-5, 2.5e-7, 1e16, 1e22, 5e-324, 1.7976931348623157e308, 123456789012345680.0],
        {"big": 2**64, "biggest 64-bit": 2**64 - 1, "least": -(2**63)},
        {"nan": math.nan},
        {"inf": -math.inf},
        {"controls": '\x00\x1f\x7f\u2028"\\\n\t', "lone": "\ud800"},
        {"a null": None, "text like a small float": "3e-5 and 0.00001"},
    ],
)
def test_what_orjson_would_write_otherwise_is_written_by_json_response(value: Any) -> None:
    assert _rendered(decoded_json_answer, value) == _rendered(JSONResponse, value)


def test_a_cold_apply_answer_is_written_by_orjson() -> None:
    answer = Platform().integrate(
        {"changeState": "new", "refId": "t:n", "devices": [device("d", sensor("s"))]}
    )
    assert answer.status_code == 200
    assert answer.content == json.dumps(answer.json(), ensure_ascii=False, separators=(",", ":")).encode()


# --- the entities read back, and the ids drawn -------------------------------------------------------


def test_stored_texts_read_at_once_are_read_as_each_alone() -> None:
    texts = [
        '{"id":"a","props":{"N":1.5}}',
        '{"id":"b","props":{"RAW":18446744073709551616}}',  # past 64 bits: the json module reads it
        '{"id":"c","props":{"V":NaN,"W":"\\ud800"}}',  # what only the json module reads
        "{}",
    ]
    for chosen in ([], texts[:1], texts[::3], texts):
        read = _decoded_all(chosen)
        alone = [_decoded(text) for text in chosen]
        assert json.dumps(read) == json.dumps(alone)
        assert [type(v) for e in read for v in e.get("props", {}).values()] == [
            type(v) for e in alone for v in e.get("props", {}).values()
        ]


def test_ids_are_six_upper_hex_digits_drawn_past_one_pool_of_bytes() -> None:
    drawn = [integrate.new_hex() for _ in range(3 * integrate.IDS_DRAWN_AT_ONCE)]
    assert all(re.fullmatch("[0-9A-F]{6}", hex_id) for hex_id in drawn)
    assert len(set(drawn)) > len(drawn) * 0.99  # 24 random bits each: a few collide, not a pool's worth


# --- a generic sensor's metric maps ----------------------------------------------------------------


@pytest.mark.parametrize(
    "present",
    [
        combination
        for n in range(len(METRIC_MAPS) + 1)
        for combination in itertools.combinations(METRIC_MAPS, n)
    ],
)
def test_the_maps_present_find_the_combination_a_scan_of_them_finds(present: tuple[str, ...]) -> None:
    scanned = next((pair for pair in COMBINATIONS if set(pair) == set(present)), None)
    assert _COMBINATION_OF.get(frozenset(present)) == scanned
