"""JSON decoded by orjson where it gives the json module's objects, by the json module elsewhere."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan import exact_json


@pytest.mark.parametrize(
    "text",
    [
        '{"a": [1, 2.5, -0.0, 1e300, "é", null, true], "b": {"c": {}}}',
        '{"u64": 18446744073709551615, "i64": -9223372036854775808}',  # the largest orjson keeps
        '{"big": 18446744073709551616}',  # 2**64: orjson alone would make it a float
        '{"big": -123456789012345678901234567890}',
        '{"below_i64": -9223372036854775809, "n": -9999999999999999999}',  # 19 digits, past -(2**63)
        '{"nan": NaN, "inf": -Infinity}',  # only the json module reads these
        '{"lone": "\\ud800"}',
        '{"k": 1, "k": 2}',
        '{"serial": "12345678901234567890123", "n": 5}',  # twenty digits in a string: the json module
        '{"n": -1234567890123456789}',  # a minus and 19 digits, orjson's too: the json module all the same
        '{"n": 9999999999999999999}',  # 19 digits, below 2**64: orjson
        '{"at": "2026-12-05-1234567890"}',  # digits and minuses, twenty in a row: the json module
    ],
)
def test_it_decodes_to_the_json_modules_objects(text: str) -> None:
    assert repr(exact_json.loads(text.encode())) == repr(json.loads(text))  # repr: NaN is not itself


EDGES = [2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**19, -(10**19), 10**19 - 1]
NUMBERS = st.one_of(st.integers(-(10**25), 10**25), st.sampled_from(EDGES), st.floats(allow_nan=False))
TEXTS = st.text(alphabet="0123456789-.eé ", max_size=24)
DOCUMENTS = st.recursive(
    st.one_of(NUMBERS, TEXTS, st.booleans(), st.none()),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXTS, inner, max_size=3),
    max_leaves=10,
)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(document=DOCUMENTS, compact=st.booleans())
def test_any_document_of_numbers_and_digits_decodes_to_the_json_modules_objects(
    document: object, compact: bool
) -> None:
    """Whichever decoder the scan for long runs of digits sends it to."""
    text = json.dumps(document, separators=(",", ":") if compact else None)
    assert repr(exact_json.loads(text.encode())) == repr(json.loads(text))


def test_an_integer_past_64_bits_keeps_every_digit() -> None:
    assert exact_json.loads(b'{"count": 18446744073709551617}') == {"count": 2**64 + 1}


def test_a_run_of_digits_across_two_scanned_slices_is_seen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exact_json, "_SLICE", 8)
    assert exact_json.loads(b'{"n": 18446744073709551617}') == {"n": 2**64 + 1}


def test_what_is_not_json_is_refused_by_the_json_module_saying_where() -> None:
    with pytest.raises(json.JSONDecodeError) as caught:
        exact_json.loads(b'{\n  "stack": "s",,\n}')
    assert (caught.value.lineno, caught.value.colno) == (2, 16)


@pytest.mark.parametrize(
    "value",
    [
        {"name": "Piézomètre Ø3", "n": [1, 2.5, None, True], "m": {}},
        {"big": 2**70, "small": -(2**63)},  # orjson refuses the first: the json module writes both
        {"keys": {1: "one"}},  # a key that is not text: the json module writes it as one
    ],
)
def test_encoded_as_compact_utf8_json_as_httpx_sends_a_body(value: dict[str, object]) -> None:
    assert exact_json.dumps(value) == json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def test_encoding_passes_orjsons_options_on() -> None:
    assert exact_json.dumps({1: "one"}, option=orjson.OPT_NON_STR_KEYS) == b'{"1":"one"}'
    assert exact_json.dumps({"a": 1}, option=orjson.OPT_INDENT_2) == b'{\n  "a": 1\n}'


# Bytes no strict UTF-8 reader takes: a surrogate's, overlong, past U+10FFFF, a stray or cut byte.
NOT_UTF8 = [b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xff", b"\x80", b"\xe2\x82"]
TEXTS_IN_BYTES = st.one_of(
    st.binary(max_size=12),
    st.sampled_from([*NOT_UTF8, b"\\ud800", b"\xef\xbb\xbf", b"NaN", b"12345678901234567890", b"\xc3\xa9"]),
)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(document=DOCUMENTS, at=st.integers(0, 200), inserted=TEXTS_IN_BYTES)
def test_strictly_utf8_json_is_read_as_decoding_it_first_and_then_loads_reads_it(
    document: object, at: int, inserted: bytes
) -> None:
    """What a saved plan's line reader did: `raw.decode()`, then `loads`; orjson, which then reads
    it without that decode, refuses every byte the decode refuses."""
    text = json.dumps(document).encode()
    raw = text[:at] + inserted + text[at:]
    assert _outcome(exact_json.loads_utf8, raw) == _outcome(
        lambda raw: (raw.decode(), exact_json.loads(raw))[1], raw
    )


def _outcome(read: object, raw: bytes) -> tuple[object, str]:
    try:
        return "read", repr(read(raw))  # type: ignore[operator]
    except ValueError as refused:
        return type(refused).__name__, str(refused)


@pytest.mark.parametrize(
    ("value", "levels"),
    [
        ("text", 0),
        ([], 1),
        ({"a": 1, "b": "c"}, 1),
        ({"error": {"details": [{"message": "m"}]}}, 4),  # the platform's documented error shape
        ([[1], {"a": [[[]]]}, []], 5),  # the deepest branch counts, wherever it is
    ],
)
def test_nesting_counts_the_outermost_dict_or_list_as_its_first_level(value: object, levels: int) -> None:
    assert exact_json.nests_deeper(value, levels - 1) is (levels > 0)
    assert not exact_json.nests_deeper(value, levels)


def test_nesting_deeper_than_the_recursion_limit_is_told_without_recursing() -> None:
    deep: list[object] = []
    for _ in range(100_000):  # built, not decoded: the json module recurses as deep
        deep = [deep]
    assert exact_json.nests_deeper(deep, 64)
