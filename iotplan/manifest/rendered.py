"""A rendered template: YAML with a placeholder for each value.

Placeholders (and the line marks of an error's second render) are built from Unicode
noncharacters (U+FDD0..U+FDD3), which text is never meant to hold, and a random nonce per
render, so a value cannot forge either. A template that contains a noncharacter is refused.

- `text` is the YAML that is parsed: the template's structure, a placeholder where a text value
  goes. The loader puts each value back into the scalar holding its placeholder (`ScalarHook`).
- `final_text()` is the same YAML with every value written as a double-quoted scalar where its
  placeholder was (what `iotplan render` prints).
- `locate()` turns a line and column of `text` into the template's line and column, and the
  site the render was at there. Both are only needed when something is wrong, so they come from
  a second render that marks each line of the template's text, and each place the site changes
  (a loop's next row or its end, a value printed from another row: SiteWatch tells which).
"""

from __future__ import annotations

import datetime
import json
import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from iotplan.manifest.limits import MAX_PRODUCED, Budget
from iotplan.manifest.template_data import AmbiguousBoolean, SiteChange, SiteRow, SiteWatch, distinct_sites
from iotplan.wording import printable

VALUE_START, VALUE_END, LINE_START, LINE_END = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
RESERVED = re.compile("[\ufdd0-\ufdef]")
# The benchmark's 111,000 entities render to 5.8 MB: eleven times that is 1.2 million entities.
MAX_OUTPUT = 64 * 1024 * 1024
_RAW = frozenset({int, float, bool})  # True/False print as YAML booleans
# What a double-quoted YAML scalar must escape beyond JSON: C1 controls, DEL, the Unicode line
# separators (YAML 1.1 breaks lines there), the byte-order mark and non-characters.
_YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufdd0-\ufdef\ufffe\uffff\ud800-\udfff]")
_TAG = re.compile(r"\{[{%#]")


class NullPrinted(ValueError):
    """A `{{ }}` printed a null (`~` or empty in YAML, None in Python): it would be written to the
    platform as the text 'None'."""

    def __init__(self, spelled: str | None = None) -> None:
        self.unnamed = spelled is None  # finalize's: a second render names it
        spelled = spelled or "a value printed here"
        super().__init__(
            f"{spelled} is null: give it a value, or leave its line out with {{% if ... is not none %}} "
            "(a null would be written as the text 'None')"
        )


class CallBody(str):
    """A {% call %} body's text, as `caller()` gives it (sandbox.py): `{{ }}` prints it as one value."""


class CallBodyPrinted(ValueError):
    """`{{ caller() }}` printed a body of several lines: its line breaks and indentation would be one
    value's text (`notes: Managed by iotplan\\n  name: ...`, with `{{-`), where a reader sees keys."""

    def __init__(self) -> None:
        super().__init__(
            "caller() prints the {% call %} body as one value, and this body spans lines (its line breaks "
            "and indentation would be part of the value; a body never adds keys): write the keys in the "
            "macro and pass their values as arguments, or make the body one line, trimmed with "
            "{% call ... -%} and {%- endcall %}"
        )


class StructurePrinted(ValueError):
    """A `{{ }}` printed a mapping or a list whole: Python would write its repr (`{'a': 1}`) into
    the YAML, text that reads as something else or fails later far from its cause."""

    def __init__(self, value: Any, spelled: str | None = None) -> None:
        self.unnamed = spelled is None  # finalize's: a second render names it
        super().__init__(self.explain(value, spelled or "a value printed here"))

    @staticmethod
    def explain(value: Any, spelled: str) -> str:
        return (
            f"{spelled} is {_structure_kind(value)}, which {{{{ }}}} cannot print as one value: print one "
            f"{_part_name(value)} of it, or `| tojson` to write it as JSON/YAML flow text"
        )


class ObjectPrinted(StructurePrinted):
    """A `{{ }}` printed what is no value at all: a method not called, a filter's generator, `loop`,
    `self`... Python would write its description (`<built-in method upper of str object at 0x7f...>`),
    whose address differs every run. A StructurePrinted, so that it is named where one is."""

    @staticmethod
    def explain(value: Any, spelled: str) -> str:
        return _object_explained(value, spelled)


STRUCTURES = (dict, list, tuple, set, frozenset)  # a SiteRow is a dict


def _structure_kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    return "a set" if isinstance(value, set | frozenset) else "a list"


def _part_name(value: Any) -> str:
    """What of a structure `{{ }}` can print: a mapping's field, a list's or a set's item."""
    return "field" if isinstance(value, dict) else "item"


def check_printable(value: Any, spelled: str | None = None) -> None:
    """Refuse what cannot be written as text as it is: a null, a structure, any other Python object.
    Text and the numbers and booleans finalize prints raw pass; so does an undefined value, whose
    own error ('x' is undefined) comes as it is made text."""
    from jinja2 import Undefined  # here: a plan of a plain manifest imports this module, not jinja2

    if value is None:
        raise NullPrinted(spelled)
    if not isinstance(value, str | Undefined) and value.__class__ not in _RAW and not _a_date(value):
        raise unprintable(value, spelled)


def _a_date(value: Any) -> bool:
    """A YAML 1.1 date (`2026-03-01`, the one spelling it reads as a date alone): printed as written."""
    return value.__class__ is datetime.date


def unprintable(value: Any, spelled: str | None = None) -> Exception:
    """The refusal of a value that is neither text, a number, a boolean nor a null."""
    if value.__class__ is AmbiguousBoolean:  # its own words: a boolean to YAML 1.1, text to YAML 1.2
        return value.refused()
    return (
        StructurePrinted(value, spelled) if isinstance(value, STRUCTURES) else ObjectPrinted(value, spelled)
    )


def _object_explained(value: Any, spelled: str) -> str:
    if isinstance(value, datetime.datetime):  # YAML 1.1's unquoted 2026-03-01 10:00: Python respells it
        read = value.isoformat()
        return (
            f"{spelled} is an unquoted date and time, read as one ({read}), not text: quote it where it is "
            "written"
        )
    if isinstance(value, bytes):
        return f"{spelled} is binary data (a !!binary tag), not text: write it as text where it is given"
    from jinja2.runtime import LoopContext

    if isinstance(value, LoopContext):  # callable too, for a recursive loop
        return f"{spelled} is the loop itself, not a value: print one of its fields, such as loop.index"
    if callable(value):
        call = f"`{spelled}()`" if _NAMED.fullmatch(spelled) else "with `()` after its name"
        return f"{spelled} is {_callable_kind(value)}, not a value: call it, {call}"
    if isinstance(value, Iterable):
        return (
            f"{spelled} is an iterator over items (what | map, | select, | reverse or .items() give), "
            "which {{ }} cannot print as one value: end it with `| join(', ')` to print its items as one "
            "text, or `| list | tojson` to write them as JSON"
        )
    return (
        f"{spelled} is a {type(value).__name__} object, not a value: Python would print its description; "
        "print one of its fields"
    )


_NAMED = re.compile(r"[A-Za-z_][\w.]*")  # a name spelled as the template wrote it: `site.site.upper`


def _callable_kind(value: Any) -> str:
    from jinja2.runtime import Macro

    if isinstance(value, Macro):
        return "a macro"
    owner = getattr(value, "__self__", None)
    return "a method" if owner is not None and not isinstance(owner, ModuleType) else "a function"


@dataclass
class Placeholders:
    """The values of one render, each printed as a placeholder."""

    nonce: str
    values: list[str] = field(default_factory=list)
    sites: list[SiteRow | None] = field(default_factory=list)  # a marked render's site of each site mark

    @classmethod
    def new(cls) -> Placeholders:
        return cls(secrets.token_hex(4))

    def finalize(self, budget: Budget, watch: SiteWatch, marked: bool = False) -> Callable[[Any], str]:
        """Jinja2's finalize: what every `{{ ... }}` prints; in a `marked` render, with a site mark
        before it when the site changed (numbers print as themselves: only a mark tells their site)."""
        placeholder = self._placeholder(budget)
        if not marked:
            return placeholder

        def marked_placeholder(value: Any) -> str:
            mark = self._site_mark(watch.current())
            return mark if value.__class__ is SiteChange else mark + placeholder(value)

        return marked_placeholder

    def _placeholder(self, budget: Budget) -> Callable[[Any], str]:
        expanded = self.expander()
        numbers = 0  # characters of numbers printed, counted here: the benchmark prints 430,000

        # The defaults bind globals as locals: this runs once per {{ }}, 430,000 times for the benchmark.
        def placeholder(value: Any, raw: frozenset[type] = _RAW, as_text: type[str] = str) -> str:
            nonlocal numbers
            if value.__class__ in raw:  # a number or a boolean: printed as it is
                text = as_text(value)
                if value.__class__ is float and "e" in text:
                    text = yaml_float(text)
                numbers += len(text)
                if numbers > MAX_PRODUCED:
                    budget.produce(numbers)
                return text
            if value.__class__ is not as_text:  # a null, a structure, an object: refused, named by a
                check_printable(value)  # second render; text (nearly all) passes at no cost
                if value.__class__ is CallBody and "\n" in value:
                    raise CallBodyPrinted
            budget.tick()
            text = str(value)
            if VALUE_START in text or LINE_START in text:  # text with values of its own: one value now
                text = expanded(text)
            budget.produce(len(text))
            self.values.append(text)
            return f"{VALUE_START}{self.nonce}{len(self.values) - 1}{VALUE_END}"

        return placeholder

    def expander(self) -> Callable[[str], str]:
        """Text the template made by printing values (a macro's, a `{% set %}` block's): the same text
        with its values in place and its marks gone, the text plain Jinja2 would have made, for a
        template that compares, filters or slices it as a value."""
        pattern, marks = self.pattern(), self.mark_pattern()

        def expanded(text: str) -> str:
            if VALUE_START not in text and LINE_START not in text:
                return text
            return pattern.sub(lambda match: self.values[int(match.group(1))], marks.sub("", text))

        return expanded

    def pattern(self) -> re.Pattern[str]:
        return re.compile(f"{VALUE_START}{self.nonce}([0-9]+){VALUE_END}")

    def mark_pattern(self) -> re.Pattern[str]:
        """A line mark or a site mark."""
        return re.compile(f"{LINE_START}{self.nonce}s?[0-9]+{LINE_END}")

    def site_prefix(self) -> str:
        return f"{LINE_START}{self.nonce}s"

    def _site_mark(self, site: SiteRow | None) -> str:
        """A mark naming `site`, or nothing when the last mark named it."""
        if (self.sites[-1] if self.sites else None) is site:
            return ""
        self.sites.append(site)
        return f"{self.site_prefix()}{len(self.sites) - 1}{LINE_END}"

    def mark_lines(self, data: str, lineno: int) -> str:
        """Template text with each of its new lines marked with the template line it starts."""
        if "\n" not in data:
            return data
        lines = data.split("\n")
        marked = [lines[0]]
        for offset, line in enumerate(lines[1:], 1):
            marked.append(f"{LINE_START}{self.nonce}{lineno + offset}{LINE_END}{line}")
        return "\n".join(marked)


def yaml_float(text: str) -> str:
    """Python's `5e-05` as YAML 1.1 reads a float, `5.0e-05`: without the point it is text."""
    mantissa, exponent = text.split("e")
    return text if "." in mantissa else f"{mantissa}.0e{exponent}"


class ScalarHook:
    """Given to the YAML loader: puts values back into the scalars that hold their placeholders."""

    marker = VALUE_START

    def __init__(self, placeholders: Placeholders) -> None:
        self.values = placeholders.values
        self.pattern = placeholders.pattern()
        self.spans: dict[int, tuple[int, int, str, bool]] = {}

    def __call__(self, node: Any) -> str:
        value = self.pattern.sub(lambda match: self.values[int(match.group(1))], node.value)
        block = node.style in ("|", ">")
        self.spans[node.start_mark.index] = (node.start_mark.index, node.end_mark.index, value, block)
        return value

    def expand(self, text: str, write: Callable[[str], str] = printable) -> str:
        return self.pattern.sub(lambda match: write(self.values[int(match.group(1))]), text)


def double_quoted(value: str) -> str:
    """`value` as a double-quoted YAML scalar on one line (JSON's escapes, and YAML's few more)."""
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


@dataclass
class Rendered:
    name: str
    source: str
    text: str
    placeholders: Placeholders
    remark: Callable[[], tuple[str, list[SiteRow | None]]]  # the render again, lines and sites marked
    _marked: str | None = None
    _marked_sites: list[SiteRow | None] = field(default_factory=list)
    # Where each line of `text` and of the marked text starts: a mistake repeated in each of
    # 10,000 rows is located 10,000 times, each a look-up, not a walk from the text's start.
    _text_lines: list[int] | None = None
    _marked_lines: list[int] = field(default_factory=list)

    def hook(self) -> ScalarHook:
        return ScalarHook(self.placeholders)

    def final_text(self, hook: ScalarHook) -> str:
        """The YAML with values in place, from the spans `hook` recorded while the text was loaded."""
        pieces, end = [], 0
        for start, stop, value, block in sorted(hook.spans.values()):
            pieces.append(hook.expand(self.text[end:start]))  # placeholders left are in comments
            pieces.append(double_quoted(value) + ("\n" if block else ""))
            end = stop
        pieces.append(hook.expand(self.text[end:]))
        return "".join(pieces)

    def locate(self, line: int, column: int) -> tuple[int, int, SiteRow | None] | None:
        """The template's line and column for a line and column of `text`, and the site read there.

        None when the second render did not print the same text (a template that is not
        deterministic): the rendered position is then all there is.
        """
        marked = self._marked_text()
        if marked is None:
            return None
        start, end = _line_span(marked, self._marked_lines, line)
        found = re.match(f"{LINE_START}{self.placeholders.nonce}([0-9]+){LINE_END}", marked[start:end])
        template_line = int(found.group(1)) if found else _first_data_line(self.source)
        if self._text_lines is None:
            self._text_lines = line_starts(self.text)
        rendered_start, rendered_end = _line_span(self.text, self._text_lines, line)
        source_lines = self.source.split("\n")
        source_line = source_lines[template_line - 1] if template_line <= len(source_lines) else ""
        template_col = _align(source_line, self.text[rendered_start:rendered_end], column)
        offset = start + _marked_offset(marked[start:end], column, self.placeholders.mark_pattern())
        return template_line, template_col, self._site_at(marked, offset)

    def _marked_text(self) -> str | None:
        if self._marked is None:
            marked, sites = self.remark()
            same = self.placeholders.mark_pattern().sub("", marked) == self.text
            self._marked, self._marked_sites = (marked, sites) if same else ("", [])
            self._marked_lines = line_starts(self._marked)
        return self._marked or None

    def sites_read(self) -> list[SiteRow]:
        """Each row the render read (a loop over `sites` went through it), once, in the order read;
        none before `locate` has marked the render again, or where that render printed other text."""
        return distinct_sites(self._marked_sites)

    def _site_at(self, marked: str, offset: int) -> SiteRow | None:
        """The site of the last site mark before `offset` of the marked text."""
        prefix = self.placeholders.site_prefix()
        found = marked.rfind(prefix, 0, offset)
        if found < 0:
            return None
        number = marked[found + len(prefix) : marked.index(LINE_END, found)]
        return self._marked_sites[int(number)]


def line_starts(text: str) -> list[int]:
    """The offset each line of `text` starts at: line 1's is 0."""
    return [0, *(found.end() for found in re.finditer("\n", text))]


def _line_span(text: str, starts: list[int], line: int) -> tuple[int, int]:
    """Where line `line` (1-based) of `text` starts and ends (its newline excluded); past the text's
    last line, its end."""
    line = max(line, 1)
    if line > len(starts):
        return len(text), len(text)
    return starts[line - 1], starts[line] - 1 if line < len(starts) else len(text)


def _marked_offset(line: str, column: int, marks: re.Pattern[str]) -> int:
    """Where the character at `column` of a rendered line is in the same line marked: after the
    marks before it. Past the line's last character, right after it: the marks ending a line (a
    loop's end) are the next line's."""
    wanted, seen, content_end, start = column - 1, 0, 0, 0
    for stop, after in [(mark.start(), mark.end()) for mark in marks.finditer(line)] + [(len(line), 0)]:
        if wanted < seen + stop - start:
            return start + wanted - seen
        seen += stop - start
        content_end = stop if stop > start else content_end
        start = after
    return content_end


def _first_data_line(source: str) -> int:
    """The line the output starts at, when the template opens with a comment or a tag."""
    stripped = re.sub(r"\{#.*?#\}|\{%.*?%\}", lambda m: "\n" * m.group().count("\n"), source, flags=re.S)
    for number, line in enumerate(stripped.split("\n"), 1):
        if line.strip():
            return number
    return 1


def template_column(source: str, line: int) -> int:
    """The column of the first Jinja2 tag on `line` of the template (1 when it has none)."""
    found = _TAG.search(source_line(source, line))
    return found.start() + 1 if found else 1


def source_line(source: str, line: int) -> str:
    """Line `line` (1-based) of the template's text; empty past its end."""
    lines = source.split("\n")
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _align(source_line: str, rendered_line: str, column: int) -> int:
    """`column` of the rendered line as a column of the template line that printed it.

    The template line is literal text and `{{ }}` tags; the rendered line has the same literal
    text, with a placeholder (or a printed number) for each tag. Walking both side by side finds
    the literal text or the tag that printed the column; when they part ways (whitespace control,
    a tag printing nothing), the first tag of the line is the best guess.
    """
    position, source_position = 0, 0
    for piece in re.split(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", source_line):
        tag_column = source_position + 1
        source_position += len(piece)
        if piece.startswith(("{%", "{#")) or not piece:
            continue
        if piece.startswith("{{"):
            printed = _printed_length(rendered_line, position)
            if position < column <= position + printed:
                return tag_column
            position += printed
        elif rendered_line.startswith(piece, position):
            if position < column <= position + len(piece):
                return tag_column + column - position - 1
            position += len(piece)
        else:
            break
    return template_column(source_line, 1) if _TAG.search(source_line) else min(column, len(source_line) + 1)


def _printed_length(rendered_line: str, position: int) -> int:
    if rendered_line.startswith(VALUE_START, position):
        end = rendered_line.find(VALUE_END, position)
        return end - position + 1 if end >= 0 else 1
    found = re.match(r"[^\s,}\]#]*", rendered_line[position:])
    return max(len(found.group()) if found else 0, 1)
