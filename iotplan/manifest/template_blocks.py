"""Where a template's unclosed block was opened.

Jinja2 tells a `{% for %}` or `{% if %}` never closed at the end of the template (or at the end tag
of the block around it), the line it gave up on, not the line the block began: in a long template
that line says nothing. Its lexer's tokens say where each tag was opened (`{% raw %}` and comments
already read as text), so the blocks are walked again to find the one left open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import jinja2

from iotplan.manifest.rendered import source_line

# The tags Jinja2 reads up to an end tag of their own (`set` only without `=`: `{% set x %}...`).
_BLOCK_TAGS = frozenset({"for", "if", "macro", "call", "filter", "block", "with", "autoescape", "set"})
_NEWLINES = re.compile(r"\r\n|\r")
_INNERMOST = re.compile(r"The innermost block that needs to be closed is '(\w+)'")

Token = tuple[int, str, str]


@dataclass(frozen=True)
class OpenBlock:
    tag: str
    line: int

    def words(self) -> str:
        return f"`{{% {self.tag} %}}` opened here is never closed (expected `{{% end{self.tag} %}}`)"

    def where(self, text: str) -> str:
        """`line:column`, or the line alone where its text holds no one tag like it: the lexer gives
        lines only, and the same words in a `{% raw %}` or a string on that line could be taken."""
        line = source_line(_NEWLINES.sub("\n", text), self.line)  # the lexer's line breaks, CRLF and CR too
        found = list(re.finditer(rf"\{{%[-+]?\s*{self.tag}\b", line))
        return f"{self.line}:{found[0].start() + 1}" if len(found) == 1 else str(self.line)


def unclosed_block(
    environment: jinja2.Environment, text: str, error: jinja2.TemplateSyntaxError
) -> OpenBlock | None:
    """The block `error` says is never closed, found where it was opened; None for any other error,
    or one the lexer cannot read either."""
    innermost = _INNERMOST.search(error.message or "")
    if innermost is None:
        return None
    try:
        found = _left_open(_tags(environment.lex(text)))
    except jinja2.TemplateSyntaxError:
        return None
    return found if found is not None and found.tag == innermost.group(1) else None


def _left_open(tags: Iterable[tuple[int, str, bool]]) -> OpenBlock | None:
    """The innermost block still open at the first end tag that does not close it, or at the end."""
    opened: list[OpenBlock] = []
    for line, tag, assigns in tags:
        if tag.startswith("end"):
            if not opened or opened[-1].tag != tag[3:]:
                return opened[-1] if opened else None
            opened.pop()
        elif tag in _BLOCK_TAGS and not (tag == "set" and assigns):
            opened.append(OpenBlock(tag, line))
    return opened[-1] if opened else None


def _tags(tokens: Iterable[Token]) -> Iterator[tuple[int, str, bool]]:
    """Each `{% tag ... %}`: its line, its tag name and whether it holds an `=` (an inline set)."""
    tag: tuple[int, str] | None = None
    assigns, begun = False, 0
    for line, kind, value in tokens:
        if kind == "whitespace":
            continue
        if kind == "block_begin":
            tag, assigns, begun = None, False, line
        elif begun:  # the tag's name, told at the line of its `{%`
            tag, begun = ((begun, value) if kind == "name" else None), 0
        elif kind == "operator" and value == "=":
            assigns = True
        elif kind == "block_end" and tag is not None:
            yield tag[0], tag[1], assigns
            tag = None
