"""A merge key listing mappings that set one key: YAML tools disagree on which one wins."""

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
