"""Positions are found only when asked for, and then agree with a walk that records them."""

from __future__ import annotations

import pytest

from iotplan.manifest.source import SourceMap, YamlSyntaxError, _load, load_yaml

TEXT = """apiVersion: iotplan/v1
projects:
  - id: p
    nodes:
      - key: dam-a
        devices:
          - {key: logger-1, name: Crest}
"""


def test_a_clean_load_defers_positions_until_one_is_asked_for() -> None:
    data, source, duplicates = load_yaml(TEXT, "site.yaml")
    assert duplicates == []
    assert data["projects"][0]["nodes"][0]["devices"][0]["name"] == "Crest"
    assert source.values == {}
    path = ("projects", 0, "nodes", 0, "devices", 0, "name")
    assert (source.locate(path), source.locate((*path[:-1], "key"), at_key=True)) == ((7, 35), (7, 14))


def test_deferred_positions_equal_those_recorded_while_walking() -> None:
    import yaml

    _, eager, _ = _load(TEXT, "site.yaml", yaml.SafeLoader)
    lazy = SourceMap("site.yaml", text=TEXT)
    for path in eager.values:
        assert lazy.locate(path) == eager.locate(path)


def test_a_duplicate_key_is_still_found_with_its_position() -> None:
    _, _, duplicates = load_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert duplicates == [(("a", "#duplicate"), "duplicate key 'a' (first written at line 1)")]


def test_a_bad_merge_is_told_at_its_position() -> None:
    text = "apiVersion: iotplan/v1\nprojects:\n  - id: p\n    <<: 1\n"
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text, "bad.yaml")
    assert caught.value.position == (4, 9)
    assert str(caught.value).startswith("invalid YAML: expected a mapping or list of mappings for merging")
