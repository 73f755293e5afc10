"""Where a template's unclosed block was opened.

Jinja2 tells a `{% for %}` or `{% if %}` never closed at the end of the template (or at the end tag
of the block around it), the line it gave up on, not the line the block began: in a long template
that line says nothing. Its lexer's tokens say where each tag was opened (`{% raw %}` and comments
already read as text), so the blocks are walked again to find the one left open. An end tag typed
wrong (`{% endfro %}`) or crossed (`{% endfor %}` before the `{% endif %}` that follows) is that
tag's own mistake: Jinja2's words at its line stay, told with the line the block was opened at.
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
_AT_THE_END = "Unexpected end of template"

Token = tuple[int, str, str]
Tag = tuple[int, str, bool]


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


@dataclass(frozen=True)
class _Stop:
    """Where the walk stopped, as Jinja2 did: the blocks open there (innermost last), the end tag that
    closes none of them in turn (None at the end) and the tags after it."""

    opened: list[OpenBlock]
    end_tag: str | None
    after: list[Tag]

    def closes_around_unclosed(self) -> bool:
        """The end tag closes a block around the innermost one, and no end tag after it closes that
        one: left open, not crossed (`{% endfor %}{% endif %}` is told at the `{% endfor %}`)."""
        around = {block.tag for block in self.opened[:-1]}
        if self.end_tag is None or self.end_tag[3:] not in around:
            return False
        return not _closed_in(self.opened[-1].tag, self.after)


def unclosed_block(
    environment: jinja2.Environment, text: str, error: jinja2.TemplateSyntaxError
) -> OpenBlock | None:
    """The block `error` says is never closed, found where it was opened; None for any other error
    (an end tag typed wrong or crossed among them), or one the lexer cannot read either."""
    stop = _stop(environment, text, error)
    if stop is None:
        return None
    at_the_end = stop.end_tag is None and (error.message or "").startswith(_AT_THE_END)
    return stop.opened[-1] if at_the_end or stop.closes_around_unclosed() else None


def opener_named(environment: jinja2.Environment, text: str, error: jinja2.TemplateSyntaxError) -> str:
    """Jinja2's message, the innermost block it names told with the line it was opened at: the tag
    in error may be far below it."""
    message = error.message or ""
    stop = _stop(environment, text, error)
    if stop is None:
        return message
    opened = f", opened at line {stop.opened[-1].line}"
    return _INNERMOST.sub(lambda found: found.group(0) + opened, message, count=1)


def _stop(environment: jinja2.Environment, text: str, error: jinja2.TemplateSyntaxError) -> _Stop | None:
    """Where Jinja2 stopped, walked again; None where `error` names no block to close, the walk finds
    another innermost, or the lexer cannot read the template either."""
    innermost = _INNERMOST.search(error.message or "")
    if innermost is None:
        return None
    try:
        stop = _walk(list(_tags(environment.lex(text))), error.lineno)
    except jinja2.TemplateSyntaxError:
        return None
    return stop if stop.opened and stop.opened[-1].tag == innermost.group(1) else None


def _walk(tags: list[Tag], last_line: int) -> _Stop:
    """The blocks open at the first end tag that does not close the innermost, or at Jinja2's line."""
    opened: list[OpenBlock] = []
    for index, (line, tag, assigns) in enumerate(tags):
        if line > last_line:
            break
        if tag.startswith("end"):
            if not opened or opened[-1].tag != tag[3:]:
                return _Stop(opened, tag, tags[index + 1 :])
            opened.pop()
        elif _opens(tag, assigns):
            opened.append(OpenBlock(tag, line))
    return _Stop(opened, None, [])


def _closed_in(block: str, tags: Iterable[Tag]) -> bool:
    """Whether an end tag among `tags` closes a `block` opened before them."""
    depth = 1
    for _, tag, assigns in tags:
        if tag == f"end{block}":
            depth -= 1
        elif tag == block and _opens(tag, assigns):
            depth += 1
        if depth == 0:
            return True
    return False


def _opens(tag: str, assigns: bool) -> bool:
    return tag in _BLOCK_TAGS and not (tag == "set" and assigns)


def _tags(tokens: Iterable[Token]) -> Iterator[Tag]:
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
