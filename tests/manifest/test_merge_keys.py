"""A merge key listing mappings that set one key: YAML tools disagree on which one wins, unless the
mapping sets that key itself or merges one mapping."""

from __future__ import annotations

import pytest

from iotplan.manifest.positions import YamlSyntaxError
from iotplan.manifest.source import load_yaml

ANCHORS = "a: &a {kk: 1, k: 1}\nb: &b {kk: 2, k: 2}\n"


@pytest.mark.parametrize("key", ["kk", "k"])
def test_merged_mappings_that_share_a_key_are_refused_at_the_merge_key(key: str) -> None:
    text = ANCHORS + f"r:\n  own: 1\n  <<: [*a, {{{key}: 3}}]\n"
    with pytest.raises(YamlSyntaxError, match=f"two mappings this merge key lists set '{key}'") as caught:
        load_yaml(text, "m.yaml")
    assert (caught.value.position.line, caught.value.position.column) == (5, 3)


def test_a_key_the_mapping_sets_itself_is_not_refused_and_its_value_wins() -> None:
    data, _, _ = load_yaml(ANCHORS + "r: {kk: 0, k: 0, <<: [*a, *b]}\n", "m.yaml")
    assert data["r"] == {"kk": 0, "k": 0}


def test_a_single_merged_mapping_is_not_refused() -> None:
    data, _, _ = load_yaml(ANCHORS + "r: {own: 5, <<: *a}\n", "m.yaml")
    assert data["r"] == {"kk": 1, "k": 1, "own": 5}
