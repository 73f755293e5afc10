"""Characters outside the BMP written as two `\\u` escapes, as JSON writes them (`json.dumps`, `jq -a`:
`"\\ud83c\\udf0a"` for 🌊), read as JSON readers read them: one character. YAML reads each escape
as a character of its own, a lone half of the pair that no string can hold; a half left alone
is refused, named, at its file:line:col.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from iotplan.manifest.positions import Path, Position, YamlSyntaxError

Locate = Callable[[Path, bool], Position]  # a joined path (a key's, when True) → where it was written

_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_HALF = re.compile("[\ud800-\udfff]")
# `\uD83C` or `\U0000D83C`: only a text holding one can load a half, so only then is the data walked.
_HALF_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")


def may_hold_halves(text: str) -> bool:
    return _HALF_ESCAPE.search(text) is not None


def joined_path(path: Path) -> Path:
    return tuple(_PAIR.sub(_one_character, step) if isinstance(step, str) else step for step in path)


def pairs_joined(value: Any, locate: Locate, path: Path = ()) -> Any:
    """`value` with each pair joined, in keys too; a lone half or a key written twice refused."""
    if isinstance(value, str):
        return _joined_text(value, locate, path, at_key=False)
    if isinstance(value, list):
        return [pairs_joined(item, locate, (*path, index)) for index, item in enumerate(value)]
    if isinstance(value, dict):
        return _mapping_joined(value, locate, path)
    return value


def _mapping_joined(mapping: dict[Any, Any], locate: Locate, path: Path) -> dict[Any, Any]:
    joined: dict[Any, Any] = {}
    for key, item in mapping.items():
        new_key = _joined_text(key, locate, (*path, key), at_key=True) if isinstance(key, str) else key
        if new_key in joined:  # one spelled with the escapes, one with the character: YAML saw two keys
            raise YamlSyntaxError(
                locate((*path, new_key), True),
                f"duplicate key {new_key!r} (once written with its \\u escapes)",
            )
        joined[new_key] = pairs_joined(item, locate, (*path, new_key))
    return joined


def _joined_text(text: str, locate: Locate, path: Path, *, at_key: bool) -> str:
    if _HALF.search(text) is None:
        return text
    joined = _PAIR.sub(_one_character, text)
    half = _HALF.search(joined)
    if half is not None:
        raise YamlSyntaxError(
            locate(joined_path(path), at_key),
            f"\\u{ord(half.group()):04X} is half of a character (a surrogate) with no other half beside it: "
            "write the character itself, or both \\u escapes of its pair",
        )
    return joined


def _one_character(pair: re.Match[str]) -> str:
    return pair.group().encode("utf-16", "surrogatepass").decode("utf-16")
