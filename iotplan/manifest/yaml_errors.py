"""A YAML syntax error's place and wording.

libyaml finds an error fast but words it tersely (`did not find expected key`); PyYAML's own parser
words it better (`expected <block end>, but found ...`) but reads a 50 MB manifest in minutes and
gigabytes. A short file is read again whole by PyYAML; a long one only in a window of lines around
libyaml's mark, and libyaml's own wording stands when the window does not meet the same error.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import yaml

from iotplan.manifest.positions import Position, YamlSyntaxError, position_of

WHOLE_BELOW_LINES = 5_000  # read again whole by PyYAML in about half a second
_LINES_BEFORE = 200  # enough to hold the start of the block the error is in, nearly always


def near_mark(
    text: str, error: yaml.MarkedYAMLError, reread: Callable[[str], object]
) -> yaml.MarkedYAMLError:
    """The error `reread` (PyYAML) meets around libyaml's `error`, placed in the whole text; else `error`.

    A window starts where a block begins: at the least indented line before the error, else at the
    error's first line. An error at another place, of another kind or in a context the window cut
    is the window's own, not the file's.
    """
    for first, window in _windows(text, error):
        try:
            reread(window)
        except yaml.MarkedYAMLError as found:
            same = _same_error(_moved(found, first), error, first)
            if same:
                return same
        except yaml.YAMLError:
            pass
    return error


def syntax_error(error: yaml.MarkedYAMLError) -> YamlSyntaxError:
    mark = _mistake_mark(error)
    return YamlSyntaxError(position_of(mark) if mark else Position(1, 1), _syntax_message(error))


def _mistake_mark(error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """Where the mistake was written: a simple key lacks its ':' where it starts, not where that shows."""
    if error.context == "while scanning a simple key" and error.context_mark:
        return error.context_mark
    return error.problem_mark or error.context_mark


def _windows(text: str, error: yaml.MarkedYAMLError) -> list[tuple[int, str]]:
    """Each window's first line (0-based) and text: lines before the error, and one after it."""
    marks = [mark.line for mark in (error.problem_mark, error.context_mark) if mark]
    nearest = max(marks) - _LINES_BEFORE
    top = min(line for line in marks if line >= nearest)  # a context far above is not read again
    first = max(0, top - _LINES_BEFORE)
    starts = _line_starts(text, first, max(marks) + 2)
    lines = [text[start:end] for start, end in itertools.pairwise(starts)]
    indents = [_indent(line) for line in lines[: top - first]]
    least = min((indent for indent in indents if indent is not None), default=None)
    skips = [indents.index(least)] if least is not None else []
    return [(first + skip, "".join(lines[skip:])) for skip in [*skips, top - first]]


def _line_starts(text: str, first: int, end: int) -> list[int]:
    """The offsets where lines `first` .. `end` begin (0-based); the text's end if it is shorter."""
    offset = 0
    for _ in range(first):
        offset = text.find("\n", offset) + 1
        if offset == 0:
            return [len(text)]
    starts = [offset]
    for _ in range(first, end):
        newline = text.find("\n", offset)
        offset = len(text) if newline < 0 else newline + 1
        starts.append(offset)
        if newline < 0:
            break
    return starts


def _indent(line: str) -> int | None:
    """The spaces a line starts with; None for a blank or comment line, which starts no block."""
    content = line.lstrip(" ")
    return None if not content.strip() or content.startswith("#") else len(line) - len(content)


def _moved(error: yaml.MarkedYAMLError, lines: int) -> yaml.MarkedYAMLError:
    return type(error)(
        error.context,
        _moved_mark(error.context_mark, lines),
        error.problem,
        _moved_mark(error.problem_mark, lines),
    )


def _moved_mark(mark: Any, lines: int) -> Any:
    if mark is None:
        return None
    return yaml.Mark(mark.name, mark.index, mark.line + lines, mark.column, mark.buffer, mark.pointer)


def _same_error(
    found: yaml.MarkedYAMLError, error: yaml.MarkedYAMLError, first: int
) -> yaml.MarkedYAMLError | None:
    """The window's error if it is libyaml's: same kind and place, and a context the window did not cut.

    Both parsers name the same context alike ("while parsing a block mapping"); libyaml, which read the
    whole text, knows where it started.
    """
    if type(found) is not type(error) or _place(found.problem_mark) != _place(error.problem_mark):
        return None
    if found.context is None or found.context_mark is None:
        return None if isinstance(found, yaml.parser.ParserError) else found  # e.g. the window's root ended
    if found.context == error.context:
        return type(found)(found.context, error.context_mark, found.problem, found.problem_mark)
    return found if found.context_mark.line > first else None  # one started at the cut may start earlier


def _place(mark: Any) -> tuple[int, int] | None:
    return None if mark is None else (mark.line, mark.column)


# YAML 1.1 reads a bare `=` as its "value" type, which no loader builds, and a bare `<<` as a merge key
# even where it is a value; YAML 1.2 and editors read both as text. PyYAML names the tag, unwritten.
_NO_CONSTRUCTOR = "could not determine a constructor for the tag 'tag:yaml.org,2002:{}'"
_SPECIAL_WORDS = {
    _NO_CONSTRUCTOR.format("value"): (
        "=",
        "a bare '=' is a special value in YAML 1.1 (iotplan): quote it, '='",
    ),
    _NO_CONSTRUCTOR.format("merge"): (
        "<<",
        "a bare '<<' is a merge key to YAML 1.1 (iotplan), not a value: quote it, '<<'",
    ),
}


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    word, special = _SPECIAL_WORDS.get(str(error.problem), ("", ""))
    if word and _written_at(error.problem_mark, word):
        return special  # a tag written out (`!!value x`) is named as written
    message = f"invalid YAML: {error.problem or error.context}"
    if error.problem and error.context and error.context_mark:
        message += f" ({error.context} started at line {error.context_mark.line + 1})"
    return message + _hint(str(error.problem))


# PyYAML's and libyaml's words for the mistakes a YAML newcomer makes most, said plainly after them
_TABS = (
    "found character '\\t' that cannot start any token",
    "found a tab character that violates indentation",
)
_UNKNOWN_TAG = "could not determine a constructor for the tag"
# PyYAML's words for a line indented more or less than its block's: they name tokens, not the indent.
# A key after `key: value` on one line (`name: Lake: dam`) is worded as a deeper indent is.
_CHECK_INDENT = "; check this line's indentation against the lines above it"
_INDENTATION = {
    "expected <block end>, but found '?'": _CHECK_INDENT,
    "mapping values are not allowed here": f"{_CHECK_INDENT} (or quote a value that holds ': ')",
}


def _hint(problem: str) -> str:
    if problem in _TABS:
        return "; YAML indents with spaces, not tabs"
    if problem.startswith(_UNKNOWN_TAG):
        return "; tags and includes are not supported: write the value itself (a template can repeat text)"
    return _INDENTATION.get(problem, "")


def _written_at(mark: yaml.Mark | None, word: str) -> bool:
    """Whether `word` is written at `mark` (the pure-Python loader keeps the text in its marks)."""
    buffer = getattr(mark, "buffer", None)
    return mark is not None and isinstance(buffer, str) and buffer.startswith(word, mark.pointer)
