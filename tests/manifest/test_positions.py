"""Positions are found only when asked for, and then agree with a walk that records them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iotplan.manifest.source import _FAST_LOADER, SourceMap, YamlSyntaxError, _load, load_yaml

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


# What PyYAML's constructors cannot make (an impossible date, an explicit tag the text does not
# fit) raise ValueError, KeyError or AttributeError, not a YAMLError.
UNBUILDABLE = {
    "2026-13-01": "'2026-13-01' is read as a date, and there is no such date (month must be in 1..12)",
    "2026-02-30": "'2026-02-30' is read as a date, and there is no such date (day is out of range for month)",
    "2026-02-03T25:00:00Z": "'2026-02-03T25:00:00Z' is read as a date, and there is no such date (hour must",
    '!!int "abc"': "'abc' cannot be read as an integer, as its tag !!int asks",
    '!!float "x"': "'x' cannot be read as a number, as its tag !!float asks",
    '!!timestamp "nope"': "'nope' cannot be read as a date, as its tag !!timestamp asks",
    "!!bool maybe": "'maybe' cannot be read as a boolean, as its tag !!bool asks",
    '!!int ""': "'' cannot be read as an integer, as its tag !!int asks",
}


def _refusal(load: Callable[[str], object], text: str) -> tuple[tuple[int, int], str]:
    with pytest.raises(YamlSyntaxError) as caught:
        load(text)
    return caught.value.position, str(caught.value)


@pytest.mark.parametrize("value", UNBUILDABLE, ids=str)
def test_a_value_yaml_cannot_build_is_refused_at_its_position_by_every_walk(value: str) -> None:
    import yaml

    text = f"apiVersion: iotplan/v1\nname: {value}\n"
    walks: list[Callable[[str], object]] = [
        lambda text: load_yaml(text, "x.yaml"),  # the streamed load
        lambda text: load_yaml(text.replace("apiVersion:", "apiVersion: &a"), "x.yaml"),  # the fast node walk
        lambda text: _load(text, "x.yaml", _FAST_LOADER),  # the positional walk
        lambda text: _load(text, "x.yaml", yaml.SafeLoader),  # and with the pure-Python parser
    ]
    refusals = {_refusal(load, text) for load in walks}
    assert len(refusals) == 1
    ((position, message),) = refusals
    assert position == (2, 7)
    assert message.startswith(UNBUILDABLE[value])
