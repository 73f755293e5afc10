"""JSON decoded and encoded fast and exactly: orjson, except where it would not give what the json
module gives. Used for the platform's answers and iotplan's request bodies and plans, and by the
emulator for what it stores.

In a plan of 111,100 entities orjson decodes the 60 MB of answers in about 0.2 s of CPU, the json
module in 0.33 s (the scan below adds 0.05 s). But orjson reads an integer past 64 bits as a float,
silently (ijl/orjson#308: `18446744073709551616` becomes `1.8446744073709552e+19`). Such an integer
has twenty digits in a row, or a minus and nineteen, which a scan of the bytes finds in about 1 ms
per MB: an answer that has them, anywhere (a serial number in a string is enough), goes to the json
module, which keeps every digit. So does one orjson refuses (NaN, a lone surrogate, or no JSON at
all: the json module's error then says where). A saved plan is read a change line at a time through
here (render/json_plan.py `plan_from_lines`); read whole, as a plan laid out otherwise is, by the
json module itself: on a 73 MB plan orjson was slower (2.5 against 1.8 s) and peaked higher (629
against 456 MiB).

Encoding, orjson writes compact UTF-8 JSON ten times faster than the json module, and refuses what
it cannot write exactly (an integer past 64 bits, a key that is not text), which the json module
then writes. orjson writes NaN and infinities as null. No request body holds one (the manifest and
the emulator's requests refuse them); a live value the platform answered so can, and is shown null
in a saved plan's `before` (never written back), while a drift report writes such an entry with the
json module (render/drift_json.py `_entry_line`), as it always did.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# 2**64 has 20 digits, and every integer orjson keeps exact fewer; from -(2**63) - 1 down, a minus
# and 19 digits are already too many. Read with the minus as a digit, either is a run of 20: one
# search, not two (a run of digits and minuses that is no such number, `2026-12-05-...` as text, only
# sends its answer to the json module, exact as ever).
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789-", b"0000000000")
_RUN = 20
_A_RUN = b"0" * _RUN
_SLICE = 1024 * 1024  # scanned a slice at a time: no second copy of a large answer


def loads(raw: bytes) -> Any:
    if _has_a_long_digit_run(raw):
        return json.loads(raw)
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return json.loads(raw)


def loads_utf8(raw: bytes) -> Any:
    """`loads` of bytes that must be UTF-8 strictly (a file's line), else UnicodeDecodeError, as
    `raw.decode()` before it says: the json module reads a surrogate's bytes. orjson reads none of
    those (tests/test_exact_json.py), so only what goes to the json module is decoded first: a
    saved plan's 111,000 lines were each decoded twice."""
    if not _has_a_long_digit_run(raw):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    raw.decode()
    return json.loads(raw)


def _has_a_long_digit_run(raw: bytes) -> bool:
    if len(raw) <= _SLICE:  # most answers, and each line of a saved plan: one search, no slice copied
        return _A_RUN in raw.translate(_DIGITS_AS_ZERO)
    for start in range(0, len(raw), _SLICE):
        piece = raw[start : start + _SLICE + _RUN - 1]  # overlapping: a run across two slices is seen
        if _A_RUN in piece.translate(_DIGITS_AS_ZERO):
            return True
    return False


def dumps(value: Any, option: int = 0) -> bytes:
    """Compact UTF-8 JSON, as httpx sends a `json=` body; `option`: orjson's options."""
    try:
        return orjson.dumps(value, option=option)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        pass
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    except UnicodeEncodeError:  # a lone surrogate (the platform's `"\ud800"`): UTF-8 has no spelling of it
        return json.dumps(value, separators=(",", ":")).encode()


def nests_deeper(value: Any, most: int) -> bool:
    """Whether a decoded value's dicts and lists nest more than `most` levels, its outermost dict or
    list the first (a value of neither nests none): walked a level at a time, not recursed into, as a
    value nested deeper than the recursion limit allows can be decoded (from a saved plan, or an
    answer of the platform's) and must be told apart, not walked to a RecursionError."""
    level = [value] if type(value) is dict or type(value) is list else []
    for _ in range(most):
        if not level:
            return False
        level = [
            held
            for each in level
            for held in (each.values() if type(each) is dict else each)
            if type(held) is dict or type(held) is list
        ]
    return bool(level)
