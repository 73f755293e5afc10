"""The streamed load gives what the node walk gives, or leaves the text to it: never other data."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
import yaml

from iotplan.manifest.positions import Position
from iotplan.manifest.source import _FAST_LOADER, YamlSyntaxError, _load
from iotplan.manifest.yaml_numbers import AmbiguousNumber
from iotplan.manifest.yaml_stream import load_streamed
from iotplan.manifest.yaml_walk import NeedsPositions

ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    path
    for folder in ("examples", "tests/cases", "iotplan/sim", "benchmarks")
    for pattern in ("*.yaml", "*.yml")
    for path in (ROOT / folder).rglob(pattern)
)


def streamed(text: str) -> Any:
    return streamed_and_duplicated(text)[0]


def streamed_and_duplicated(text: str) -> tuple[Any, bool]:
    loader = _FAST_LOADER(text)
    try:
        return load_streamed(loader, None)
    finally:
        loader.dispose()


def _streamed_refusal(text: str) -> tuple[Position, str] | None:
    """Where and why the stream refuses `text`; None when it leaves it to the node walk."""
    try:
        streamed(text)
    except NeedsPositions:
        return None
    except YamlSyntaxError as refused:
        return refused.position, str(refused)
    raise AssertionError("the stream accepted what the node walk refuses")


def walked(text: str) -> Any:
    return _load(text, "x.yaml", _FAST_LOADER)[0]


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_yaml_file_of_the_project_streams_to_what_the_node_walk_builds_or_is_left_to_it(
    path: Path,
) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        expected = walked(text)
    except yaml.YAMLError:
        with pytest.raises((yaml.YAMLError, NeedsPositions)):
            streamed(text)
        return
    except YamlSyntaxError as refused:  # refused by the walk: by the stream too, as told, or left to the walk
        assert _streamed_refusal(text) in (None, (refused.position, str(refused)))
        return
    except Exception:  # refused by the walk (an alias bomb, nesting): the stream must not accept it
        with pytest.raises((NeedsPositions, yaml.YAMLError)):
            streamed(text)
        return
    with contextlib.suppress(NeedsPositions):  # left to the node walk: also right
        assert streamed(text) == expected


def test_a_plain_manifest_is_streamed_with_every_scalar_typed_as_yaml_1_1_reads_it() -> None:
    text = (
        "stack: site\nprojects:\n  - id: p\n    nodes:\n"
        "      - {key: a, name: 'yes', notes: yes, count: 010, at: 2024-01-02, x: ~, y: 1.5e+3, z: '1'}\n"
    )
    data = streamed(text)
    assert data == walked(text)
    node = data["projects"][0]["nodes"][0]
    # 010: octal 8 to YAML 1.1, 10 to YAML 1.2; kept as written, for validation to refuse
    count = AmbiguousNumber("010", 8)
    assert (node["name"], node["notes"], node["count"], node["x"], node["z"]) == (
        "yes",
        True,
        count,
        None,
        "1",
    )


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: 2\n",  # an anchor
        "a: !!str 1\n",  # a tag
        "a: {b: 1}\n<<: {c: 2}\n",  # a merge key
        "1: a\n",  # a key that is not text
        "[a]: 1\n",  # a key that is a list
        "a: 1\n---\nb: 2\n",  # two documents
        "",  # nothing at all
        "a:" + " [" * 40 + "]" * 40 + "\n",  # nested past MAX_DEPTH
    ],
    ids=["anchor", "tag", "merge", "integer key", "list key", "two documents", "empty", "deep"],
)
def test_what_only_the_node_walks_tell_well_is_left_to_them(text: str) -> None:
    with pytest.raises(NeedsPositions):
        streamed(text)


def test_a_duplicate_key_is_streamed_as_the_node_walk_reads_it_and_said() -> None:
    text = "a: 1\nb: {c: 1, c: 2}\na: 3\n"
    assert streamed_and_duplicated(text) == (walked(text), True) == ({"a": 3, "b": {"c": 2}}, True)
    assert streamed_and_duplicated("a: 1\nb: 2\n")[1] is False


def typed(data: Any) -> list[tuple[str, str]]:
    """Type and repr of each value: `==` alone takes 1, 1.0 and True for one another."""
    return [(type(value).__name__, repr(value)) for value in data]


# Texts YAML 1.1 reads as numbers, and near misses it reads otherwise.
NUMBER_LIKE = [
    *("0", "-0", "+0", "7", "-7", "+7", "10", "12345678901234567890123"),  # decimal integers
    *("010", "0x1F", "0b101", "0o7", "1_000", "190:20:30"),  # octal, bases, underscores, sexagesimal
    *("1.5", "-1.5", "+1.5", "1.", "-1.", ".5", "0.0", "-0.0", "45.00100", "-0.1278"),  # decimals
    *("1.5e+3", "1.5E-3", "1e5", "1.5_0", ".inf", "-.inf", ".nan"),  # exponents, underscores, inf, nan
    *("-.5", "+.5", "1.2.3", "1-2", "2024-01-02", "."),  # a signed leading dot is text; dates
]


def test_plain_numbers_are_typed_as_the_node_walk_types_them() -> None:
    text = "values: [" + ", ".join(NUMBER_LIKE) + "]\n"
    assert typed(streamed(text)["values"]) == typed(walked(text)["values"])


def test_a_text_seen_plain_and_quoted_keeps_each_reading_and_past_the_remembered_ones_too() -> None:
    unique = [f"u{number}" for number in range(25_000)]  # more distinct texts than are remembered
    values = ["yes", "'yes'", "1.5", '"1.5"', "~", *unique, "yes", "'yes'", "1.5", '"1.5"', "~"]
    text = "values: [" + ", ".join(values) + "]\n"
    loaded = streamed(text)["values"]
    assert typed(loaded) == typed(walked(text)["values"])
    assert loaded[-5:] == [True, "yes", 1.5, "1.5", None]


def test_a_repeated_plain_text_is_one_string() -> None:
    # 100,000 sensors each write `key:` and `name:`: one string for each text, not one per mapping
    data = streamed("- {key: s0, name: a}\n- {key: s0, name: b}\n- 's0'\n")
    first, second = (list(each) for each in data[:2])
    assert all(a is b for a, b in zip(first, second, strict=True))
    assert data[0]["key"] is data[1]["key"] and data[2] == "s0"


class _Bracketing:
    """A hook as a rendered template's: rewrites each text scalar holding its marker."""

    marker = "@@"

    def __call__(self, node: yaml.Node) -> str:
        return f"<{node.value}>"


def test_a_hook_rewrites_the_scalars_the_node_walk_rewrites_plain_quoted_and_repeated() -> None:
    # The stream hands out a plain text read before, and takes a quoted one, without a call: never
    # one that holds the marker, which the hook rewrites each time.
    values = ["a@@", "'a@@'", '"b@@"', "plain", "'plain'", "'q'", "1.5", "yes", "x@@y"]
    text = "k@@: [" + ", ".join(values * 2) + "]\nplain: v@@\nk: plain\n"
    loader = _FAST_LOADER(text)
    try:
        loaded, _ = load_streamed(loader, _Bracketing())
    finally:
        loader.dispose()
    assert loaded == _load(text, "x.yaml", _FAST_LOADER, _Bracketing())[0]
    assert loaded["<k@@>"][:3] == ["<a@@>", "<a@@>", "<b@@>"] and loaded["plain"] == "<v@@>"
