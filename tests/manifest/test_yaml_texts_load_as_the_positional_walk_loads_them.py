"""Whatever the YAML text, load_yaml's quick paths (the event stream, the node walk without
positions) give what its positional walk alone gives: the same data with the same types, the same
duplicate keys and flags, or the same refusal at the same place.

Property-based (hypothesis, a fixed derandomized set of examples): lines made of the scalars YAML
1.1 reads otherwise than text (yes, 0777, 1:30, .inf, dates, `=`, `<<`), every quoting style,
flow collections, block scalars, comments, anchors and tags, misplaced tabs and a second document.
Such texts found the stream refusing an impossible date (2026-13-01) before the syntax error below
it that the walk tells, and a key `=` refused by the stream but read as text by the walk (the
examples below).
"""

from __future__ import annotations

from typing import Any
from unittest import mock

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from iotplan.manifest import source
from iotplan.manifest.positions import YamlSyntaxError
from iotplan.manifest.yaml_walk import NeedsPositions

SCALARS = st.one_of(
    st.sampled_from(
        [
            *("yes", "no", "on", "off", "~", "null", "Null", "true", "True", "", "=", "<<"),
            *("0777", "1_000", "1:30", ".inf", "-.inf", ".NaN", "nan", "1e3", "1.0e+3", ".5", "-.5", "+1"),
            *("0x1F", "0b101", "0o7", "2001-01-01", "2001-12-14t21:59:43.10-05:00", "2026-13-01"),
            *("a b", "a #b", "a#b", "a: b", '"', "'", "#", ":", "-", "é", "\U0001f600"),
            *("&a x", "*a", "!!str 1", '!!int "3"', "? a"),
        ]
    ),
    st.text(alphabet="ab01.:-# é'\"_+eE\\t", max_size=6),
    st.text(max_size=3),
)
STYLES = st.sampled_from(["plain", "plain", "single", "double"])


def written(text: str, style: str) -> str:
    if style == "single":
        return "'" + text.replace("'", "''") + "'"
    if style == "double":
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


@st.composite
def yaml_texts(draw: st.DrawFn) -> str:
    lines: list[str] = []

    def scalar() -> str:
        return written(draw(SCALARS), draw(STYLES))

    def block(indent: int, depth: int) -> None:
        items = draw(st.booleans()) and depth > 0
        for _ in range(draw(st.integers(1, 3))):
            start = " " * indent + ("- " if items else f"{scalar()}:")
            kind = draw(
                st.sampled_from(["scalar", "nested", "flow", "two lines", "block", "comment", "node"])
            )
            if kind == "nested" and depth < 3:
                lines.append(start.rstrip())
                block(indent + draw(st.sampled_from([0, 1, 2, 4])), depth + 1)
            elif kind == "flow":
                pairs = draw(st.lists(st.sampled_from(["", ": v", ":x", ": [1, a]"]), max_size=3))
                inside = ", ".join(scalar() + pair for pair in pairs)
                lines.append(f"{start} " + draw(st.sampled_from(["{%s}", "[%s]"])) % inside)
            elif kind == "two lines":
                lines.extend([f"{start} {scalar()}", " " * draw(st.integers(0, indent + 4)) + draw(SCALARS)])
            elif kind == "block":
                lines.append(f"{start} " + draw(st.sampled_from(["|", ">", "|-", ">+", "|2"])))
                lines.extend(
                    " " * (indent + draw(st.integers(1, 4))) + draw(SCALARS)
                    for _ in range(draw(st.integers(0, 2)))
                )
            elif kind == "comment":
                lines.append(f"{start} {draw(SCALARS)}" + draw(st.sampled_from([" # c", "#c", ""])))
            elif kind == "node":
                lines.append(
                    f"{start} " + draw(st.sampled_from(["&a x", "*a", "!!str 12", "&b {c: d}", "<<: {e: f}"]))
                )
            else:
                lines.append(f"{start} {scalar()}" + draw(st.sampled_from(["", " ", "\t"])))

    block(0, 0)
    head = draw(st.sampled_from(["", "---\n", "\ufeff", "# c\n"]))
    tail = draw(st.sampled_from(["", "\n", "\n\n", "\n---\nx: 1\n", "\n...\n"]))
    return head + "\n".join(lines) + tail


def typed(data: Any) -> Any:
    """Each value with its type: `==` alone takes 1, 1.0 and True, or text and NumberLikeText, alike."""
    if isinstance(data, dict):
        return [(typed(key), typed(value)) for key, value in data.items()]
    if isinstance(data, list):
        return [typed(value) for value in data]
    return type(data).__name__, repr(data)


def outcome(text: str) -> Any:
    try:
        data, found, duplicates = source.load_yaml(text, "x.yaml")
    except YamlSyntaxError as refused:
        return "refused", refused.position, str(refused)
    return typed(data), duplicates, found.ambiguous_numbers, found.yaml11_booleans


def walked_outcome(text: str) -> Any:
    """load_yaml's outcome with its quick paths left out: the positional walk reads every text."""
    with mock.patch.object(source, "_load_fast", side_effect=NeedsPositions):
        return outcome(text)


@settings(max_examples=400, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=yaml_texts())
@example(text='when: 2026-13-01\n"\\1": y\n')  # the syntax error below told, not the date
@example(text="when: 2026-13-01\n---\nb: 1\n")  # the second document told, not the date
@example(text="a: b\n=: x\t\n")  # `=` a key, and a tab libyaml reads as space
def test_yaml_texts_load_as_the_positional_walk_loads_them(text: str) -> None:
    assert outcome(text) == walked_outcome(text)
