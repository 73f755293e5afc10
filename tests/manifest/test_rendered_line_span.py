"""A line of a rendered text is found from the offsets its lines start at, built once: the same
span a walk from the text's start gave, for every line, past the last one and before the first."""

from __future__ import annotations

import pytest

from iotplan.manifest.rendered import _line_span, line_starts


def walked_span(text: str, line: int) -> tuple[int, int]:
    """The span as found by walking the text's line breaks from its start."""
    lines = text.split("\n")
    if line > len(lines):
        return len(text), len(text)
    start = sum(len(before) + 1 for before in lines[: max(line, 1) - 1])
    return start, start + len(lines[max(line, 1) - 1])


@pytest.mark.parametrize("text", ["", "a", "a\n", "\n\n", "ab\ncd\n\nef", "x\n" * 5])
def test_each_line_span_is_the_walked_one(text: str) -> None:
    starts = line_starts(text)
    for line in range(0, text.count("\n") + 4):
        assert _line_span(text, starts, line) == walked_span(text, line), (text, line)
