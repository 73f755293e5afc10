"""A duplicate key is told from the streamed load and one more read of libyaml's events, with the
positional walk's words, order and positions: a 7 MB manifest with one at its end composed the whole
node tree twice more to say so (11.5 s, 822 MB)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from iotplan.manifest import source
from iotplan.manifest.source import _FAST_LOADER, _load, load_yaml

TEXTS = [
    "a: 1\na: 2\n",
    "a: 1\nb: {c: 1, c: 2}\na: 3\n",  # the outer mapping's duplicate is told first, as the walk tells it
    "- {x: 1}\n- {x: 1, y: 2, x: 3, y: 4, x: 5}\n",
    "p:\n  - n:\n      - {k: a}\n      - k: b\n        k: c\n  - {}\nq: {r: [1, {s: 1, s: 2}]}\n",
    "'a': 1\n\"a\": 2\nb: 'é'\nb: 3\n",
]


def walked(text: str, hook: Any = None) -> list[tuple[Any, str, Any]]:
    _, found, duplicates = _load(text, "x.yaml", _FAST_LOADER, hook)
    return [(path, message, found.locate(path, at_key=True)) for path, message in duplicates]


def told(text: str, hook: Any = None) -> list[tuple[Any, str, Any]]:
    _, found, duplicates = load_yaml(text, "x.yaml", hook)
    return [(path, message, found.locate(path, at_key=True)) for path, message in duplicates]


@pytest.fixture
def no_positional_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*_: Any) -> None:
        raise AssertionError("the positional walk ran")

    monkeypatch.setattr(source, "Walker", refused)


@pytest.mark.parametrize("text", TEXTS)
def test_duplicates_are_told_as_the_positional_walk_tells_them(text: str) -> None:
    expected = walked(text)
    assert expected
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(source, "Walker", None)  # told without it
        assert told(text) == expected


def test_a_duplicate_key_reads_no_node_tree(no_positional_walk: None) -> None:
    text = "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: p\n    nodes:\n"
    text += "      - {key: a, name: x, name: y}\n"
    ((path, message, where),) = told(text)
    assert path == ("projects", 0, "nodes", 0, "name", "#duplicate")
    assert (message, where.line, where.column) == ("duplicate key 'name' (first written at line 6)", 6, 27)


class _Bracketing:
    """A hook as a rendered template's: rewrites each text scalar holding its marker."""

    marker = "@@"

    def __call__(self, node: yaml.Node) -> str:
        return node.value.replace("@@", "")


def test_a_rendered_key_is_compared_with_its_values_put_back(no_positional_walk: None) -> None:
    text = "a: 1\nb@@: 2\nb: 3\n"
    ((path, message, where),) = told(text, _Bracketing())
    assert (path, message, where.line) == (
        ("b", "#duplicate"),
        "duplicate key 'b' (first written at line 2)",
        3,
    )
