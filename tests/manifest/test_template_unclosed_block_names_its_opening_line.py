"""A block never closed is told at the line of its opening tag, not where Jinja2 gave up looking."""

from __future__ import annotations

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template

LOOP = "{% for s in sites %}\n  - refId: x{{ s }}\n"
AFTER = "".join(f"k{n}: {n}\n" for n in range(20))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\n" + LOOP + AFTER,
            r"^t\.j2:2:1: template syntax error: `\{% for %\}` opened here is never closed "
            r"\(expected `\{% endfor %\}`\)$",
        ),
        (
            "a: 1\n" + LOOP + "{% if s %}\n  b: 2\n{% endfor %}\n" + AFTER,
            r"^t\.j2:4:1: .*`\{% if %\}` opened here",
        ),
        (
            "{% raw %}{% for x in y %}{% endraw %}\n{% set v = 1 %}\n{% if v %}\na: 1\n" + AFTER,
            r"^t\.j2:3:1: .*`\{% if %\}`",
        ),
        ("{% set v %}x{% endset %}\n{% for s in sites %}\n" + AFTER, r"^t\.j2:2:1: .*`\{% for %\}`"),
        ("a: 1\r\nb: {{ x }} {%- if x %}\r\nc: 2\n", r"^t\.j2:2:12: .*`\{% if %\}`"),
        # where the line holds no one such tag, the line alone: the lexer gives no column
        ("a: 1\n{%-\n  if x %}\nb: 2\n", r"^t\.j2:2: .*`\{% if %\}`"),
        ("{% raw %}{% for a %}{% endraw %} {% for s in sites %}\n" + AFTER, r"^t\.j2:1: .*`\{% for %\}`"),
    ],
    ids=[
        "for-at-the-end",
        "if-inside-a-closed-for",
        "after-raw-and-inline-set",
        "after-a-block-set",
        "after-a-tag-on-its-line",
        "tag-over-lines",
        "beside-raw-text-like-it",
    ],
)
def test_an_unclosed_block_is_told_at_its_opening_line(text: str, expected: str) -> None:
    with pytest.raises(TemplateError, match=expected):
        render_template(text, "t.j2", {"sites": [], "x": 1})


def test_other_syntax_errors_keep_jinja2s_own_words() -> None:
    with pytest.raises(
        TemplateError, match=r"^t\.j2:2:4: template syntax error: Encountered unknown tag 'endfor'\.$"
    ):
        render_template("a: 1\nb: {% endfor %}\n", "t.j2", {})
