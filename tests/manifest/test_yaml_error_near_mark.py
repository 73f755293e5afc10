"""A syntax error in a long manifest is worded by PyYAML from the lines around libyaml's mark only.

Reading a 50 MB manifest again whole with the pure-Python parser took 110 s and 3.3 GB to word an
error at its end; the lines around the mark word it the same, or libyaml's own words stand.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from iotplan.manifest import source
from iotplan.manifest.source import YamlSyntaxError, load_yaml

# more lines than WHOLE_BELOW_LINES, so the error after them is worded from a window
LONG = "nodes:\n" + "".join(f"  - key: n{i}\n    name: Node {i}\n" for i in range(3000))
NOTES = "  - key: big\n    notes: |\n" + "".join(
    f"      line {i}: with: colons\n      - a dash\n" for i in range(200)
)
WORDED_ALIKE = {
    "a key without its colon": "  - key: last\n    name Lake Ellen dam\n    kind: api\n",
    "a tab after a block scalar": NOTES + "  - key: z\n\tkind: api\n",
    "a list item indented too far": "  - key: x\n    name: y\n   kind: z\n",
    "an unclosed flow sequence": "  - key: [1, 2\n  - x: 3\n",
    "an unknown tag": "  - key: !include other.yaml\n",
    "a bare '='": "  - key: =\n",
    "an undefined alias": "  - &a x\n  - *b\n",
}
# the window cannot see where the block began: libyaml's words, at the same place
WORDED_BY_LIBYAML = {
    "a key outdented below its list": "  - key: x\n name: y\n",
    "a list inside a block scalar's reach": NOTES + "    - bad\n",
}


def _error(text: str) -> YamlSyntaxError:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text, "m.yaml")
    return caught.value


def _whole_read_error(text: str, monkeypatch: pytest.MonkeyPatch) -> YamlSyntaxError:
    with monkeypatch.context() as patch:
        patch.setattr(source, "WHOLE_BELOW_LINES", 10**9, raising=False)
        return _error(text)


@pytest.mark.parametrize("tail", WORDED_ALIKE.values(), ids=WORDED_ALIKE.keys())
def test_the_window_words_the_error_as_the_whole_text_does(
    tail: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _whole_read_error(LONG + tail, monkeypatch)
    with monkeypatch.context() as patch:
        patch.setattr(yaml, "SafeLoader", _short_reads_only())
        near = _error(LONG + tail)
    assert (near.position, str(near)) == (whole.position, str(whole))


@pytest.mark.parametrize("tail", WORDED_BY_LIBYAML.values(), ids=WORDED_BY_LIBYAML.keys())
def test_a_window_that_cut_the_block_leaves_libyamls_words(
    tail: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = _whole_read_error(LONG + tail, monkeypatch)
    with monkeypatch.context() as patch:
        patch.setattr(yaml, "SafeLoader", _short_reads_only())
        near = _error(LONG + tail)
    assert near.position == whole.position
    assert str(near).startswith("invalid YAML: did not find expected key (while parsing a block")
    assert str(near).endswith(str(whole).rpartition(" (")[2])  # the same block, started at the same line


def _short_reads_only() -> type[yaml.SafeLoader]:
    parent = yaml.SafeLoader

    class ShortReadsOnly(parent):  # type: ignore[valid-type,misc]
        def __init__(self, stream: Any) -> None:
            assert stream.count("\n") < 1_000, "the whole manifest was read again by PyYAML"
            super().__init__(stream)

    return ShortReadsOnly
