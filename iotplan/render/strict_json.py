"""A saved plan's or drift report's JSON read only as iotplan writes it: each key once in an object,
and nested no deeper than MAX_DEPTH. What else JSON allows is an edit, refused as one.

A key given twice is kept once by every JSON reader, but not the same one: Python's json module and
orjson keep the last, a person reading the file (or another tool) may take the first, so a file can
show its reviewer one value and have iotplan read another. Nesting past what a manifest allows is no
value iotplan writes, and deep enough it ran the json module out of recursion (a traceback, not a
refusal); iotplan's own readers of values (masking, comparing) recurse too.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

import orjson

from iotplan import exact_json

# A manifest nests 32 levels at most (manifest/nesting.py `MAX_DEPTH`), and a saved plan holds its
# values six levels down at most (document → changes → change → fields → field → after): twice the
# manifest's bound is room to spare, and far from where the json module (about 1,000 levels) runs out.
MAX_DEPTH = 64
TOO_DEEP = f"it nests deeper than {MAX_DEPTH} levels, twice as deep as a manifest may"


class NotAsWritten(ValueError):
    """JSON that iotplan never writes in a plan or drift report: a key repeated, or too deep."""


def loads_line(raw: bytes, within: int = 0) -> Any:
    """One line of a saved document (its head, or one item of its last list, `within` levels down),
    decoded; NotAsWritten for what `loads_whole` refuses, ValueError for what is no JSON. A line as
    iotplan wrote it is told by writing its value again, which gives the same text: one that does not
    (edited by hand) is decoded once more, by the json module, to find a key it repeats. Both checks
    cost 1.5 µs a line: a no-op plan of 111,000 changes is read in 0.72 s of CPU, not 0.55."""
    refuse_too_deep(raw, within)
    value = exact_json.loads_utf8(raw)
    if exact_json.dumps(value, option=orjson.OPT_NON_STR_KEYS) != raw:
        json.loads(raw, object_pairs_hook=refuse_repeated_keys)
    return value


def loads_whole(text: str) -> Any:
    """A whole document decoded by the json module; NotAsWritten for a key it repeats in an object,
    or where it nests deeper than MAX_DEPTH; json.JSONDecodeError for what is no JSON. Its depth is
    found once it is decoded, a level at a time (0.25 s of a 80 MB plan, where a scan of its text
    that leaves its strings out took 1.1 s); the json module raises RecursionError past about 1,000."""
    try:
        value = json.loads(text, object_pairs_hook=refuse_repeated_keys)
    except RecursionError:
        raise NotAsWritten(TOO_DEEP) from None
    if exact_json.nests_deeper(value, MAX_DEPTH):
        raise NotAsWritten(TOO_DEEP)
    return value


def refuse_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The json module's `object_pairs_hook`: the object, or NotAsWritten naming a key it repeats."""
    held = dict(pairs)
    if len(held) != len(pairs):
        raise NotAsWritten(_repeated_said(pairs))
    return held


def _repeated_said(pairs: list[tuple[str, Any]]) -> str:
    return (
        f"the key {json.dumps(_repeated(pairs), ensure_ascii=False)} is given twice in one object: JSON "
        "readers keep one of the two, not all the same one (iotplan the last; a person reading the file, or "
        "another tool, may take the first), so it may show values other than those iotplan reads"
    )


def _repeated(pairs: list[tuple[str, Any]]) -> str:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    raise AssertionError("no key repeated")  # asked only of pairs whose dict is smaller


def refuse_too_deep(raw: bytes, within: int = 0) -> None:
    """NotAsWritten where `raw`, `within` levels down its document, nests deeper than MAX_DEPTH.
    A text opening no more brackets than that cannot, and is not read further: a plan's line opens
    a dozen."""
    most = MAX_DEPTH - within
    if raw.count(b"[") + raw.count(b"{") > most and deepest(raw) > most:
        raise NotAsWritten(TOO_DEEP)


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKETS = bytes(set(range(256)) - set(b"[]{}"))
_STEP = [0] * 256
_STEP[ord("[")] = _STEP[ord("{")] = 1
_STEP[ord("]")] = _STEP[ord("}")] = -1


def deepest(raw: bytes) -> int:
    """How deep JSON text nests, its strings left out: counted, not recursed into."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)
