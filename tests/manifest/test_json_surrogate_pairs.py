"""A JSON manifest as `json.dumps` (and `jq -a`) writes it, a character outside the BMP as two `\\u`
escapes (`"\\ud83c\\udf0a"`), reads as JSON readers read it: one character. A lone half is refused,
named, where it is written."""

from __future__ import annotations

import json

import pytest
import yaml

from iotplan.manifest import parse_manifest
from iotplan.manifest.source import YamlSyntaxError, _load, load_yaml

MANIFEST = {
    "apiVersion": "iotplan/v1",
    "stack": "js",
    "projects": [
        {
            "id": "6ee68656-ce20-452c-a4e6-b6b3a3b55537",
            "nodes": [{"key": "n1", "name": "\U00020bb7\u91ce Dam \U0001f30a", "devices": []}],
        }
    ],
}
ESCAPED = json.dumps(MANIFEST, indent=1)  # ensure_ascii: "\ud842\udfb7\u91ce Dam \ud83c\udf0a"


def test_a_json_manifest_with_surrogate_pair_escapes_reads_as_json_readers_read_it() -> None:
    assert "\\ud83c\\udf0a" in ESCAPED
    assert load_yaml(ESCAPED, "m.json")[0] == MANIFEST
    parse_manifest(ESCAPED, "m.json")  # valid: a name holding lone halves was refused


def test_a_lone_half_is_refused_named_where_it_is_written() -> None:
    text = ESCAPED.replace("\\ud842\\udfb7", "\\udfb7")
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text, "m.json")
    line = next(number for number, written in enumerate(text.splitlines(), 1) if "\\udfb7" in written)
    assert caught.value.position == (line, 14)
    assert str(caught.value).startswith("\\uDFB7 is half of a character")


@pytest.mark.parametrize("loaded", ["deferred", "walked"])
def test_a_key_written_with_a_pair_is_located_by_its_character(loaded: str) -> None:
    """A later problem in it (an unknown field `k🌊y`) points at its line, not its parent's."""
    text = '{"a": {"b": 1,\n  "k\\ud83c\\udf0ay": 2}}'
    _, source, _ = (
        load_yaml(text, "m.json") if loaded == "deferred" else _load(text, "m.json", yaml.SafeLoader)
    )
    assert source.locate(("a", "k\U0001f30ay"), at_key=True) == (2, 3)


def test_a_key_written_once_as_a_pair_and_once_as_the_character_is_a_duplicate() -> None:
    """YAML reads two keys; joined they are one, and the data would keep only the last."""
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml('{"k\U0001f30a": 1,\n "k\\ud83c\\udf0a": 2}', "m.json")
    assert str(caught.value).startswith("duplicate key 'k\U0001f30a'")
