"""Problems found in a rendered template, told at the template's line, once per mistake.

A mistake on one template line repeats for every site the line is rendered for: the fifty
problems become one, at the template's line and column, naming the sites it was found for.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import partial
from typing import NamedTuple

from iotplan.errors import Problem
from iotplan.manifest.errors import shown_problem
from iotplan.manifest.rendered import Rendered, ScalarHook, source_line
from iotplan.manifest.template_data import SiteRow, distinct_sites
from iotplan.wording import first

MAX_LISTED_SITES = 50  # the sites of a mistake are listed up to this many, then counted
# A site's own values in a message: quoted text and numbers, not the digits of a word or a file:line
# (`k3.csv:3`, the row a message names: two rows' messages naming two other rows are two mistakes).
# A number written with thousands separators (`{count:,}`: `4,100`) is one, not `4` and `100`.
_LITERALS = re.compile(
    r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|(?<![\w.:])-?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
)
MAX_SHOWN_VALUES = MAX_LISTED_SITES  # the values a mistake's sites differ in, likewise

Key = tuple[int, int, str]


def map_problems(rendered: Rendered, hook: ScalarHook, problems: list[Problem]) -> list[Problem]:
    groups: dict[Key, list[tuple[str, str, SiteRow | None]]] = {}
    for problem in problems:
        message = _printed_into_a_mark(hook.expand(problem.message))
        address = hook.expand(problem.address)
        found = rendered.locate(problem.line, problem.column)
        if found is None:  # told at the rendered text's line, as a last resort
            return [_unmapped(rendered.name, problem, hook) for problem in problems]
        line, column, site = found
        message = _RENDERED_LINE.sub(partial(_at_template_line, rendered, site=site), message)
        message += _text_value_hint(message, rendered.source, line, column)
        message += _printed_macro_hint(message, rendered.source, line) or _caller_hint(
            message, rendered.source, line
        )
        key = (line, column, _LITERALS.sub("…", message))
        groups.setdefault(key, []).append((address, message, site))
    naming = _naming_labels(rendered)
    return [_one(rendered.name, key, found, naming) for key, found in groups.items()]


def _naming_labels(rendered: Rendered) -> set[str]:
    """The first cells that each pick out one row among the rows the render read (each row of the
    CSV a loop over `sites` went through, every row a message names among them): `A` on two rows
    names neither, even where a message lists only one of them."""
    counts = Counter(site.site_info().label for site in rendered.sites_read())
    return {label for label, count in counts.items() if label and count == 1}


# A value printed where YAML scans an anchor's or an alias's name or a tag (`&{{ x }}`): the scanner meets
# the value's placeholder (rendered.py), which the message would name as the character it starts with.
_MARK_PRINTED = re.compile(
    r"invalid YAML: expected [^,]*, but found '\\ufdd0' \(while (?:scanning|parsing) an? (anchor|alias|tag) "
    r"(started at line [0-9]+\))"
)
_MARKS = {"anchor": ("an anchor", "&"), "alias": ("an alias", "*"), "tag": ("a tag", "!")}


def _printed_into_a_mark(message: str) -> str:
    """Said as what it is: a printed value is one scalar, never part of YAML's own syntax."""
    found = _MARK_PRINTED.match(message)
    if found is None:
        return message
    kind, started = found.groups()
    named, sign = _MARKS[kind]
    return (
        f"invalid YAML: a value the template prints cannot be part of {named} ({sign}{{{{ ... }}}}, "
        f"{started}: {named} is the template's own text; to print text starting with '{sign}', "
        f'quote the scalar: "{sign}{{{{ ... }}}}"'
    )


_STARTED_AT = re.compile(r" started at line ([0-9]+)\)")
# A line of the rendered text a message names: an invalid-YAML error's "started at line N", a
# duplicate key's "first written at line N".
_RENDERED_LINE = re.compile(r"\b(started|first written) at line ([0-9]+)\)")


def _at_template_line(rendered: Rendered, found: re.Match[str], *, site: SiteRow | None) -> str:
    """The rendered line a message names, told as the template's, with the site that first wrote a
    duplicate when another than the message's (a key two rows make: the template's line alone is
    both rows'); as the rendered text's, said so, when a template that is not deterministic leaves
    it unplaced."""
    said, line = found.groups()
    located = rendered.locate(int(line), 1)
    if located is None:
        return f"{said} at line {line} of the rendered text)"
    template_line, _, other = located
    written_for = ""
    if said == "first written" and other is not None and other is not site:
        written_for = f", for {other.site_info().named()}"
    return f"{said} at line {template_line}{written_for})"


_MACRO = re.compile(r"\{%-?\s*macro\s+(\w+).*?(-?)%\}(.*?)\{%(-?)\s*endmacro", re.S)
_SET_BLOCK = re.compile(r"\{%-?\s*set\s+(\w+)\s*(-?)%\}(.*?)\{%(-?)\s*endset", re.S)
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


class _Macro(NamedTuple):
    """A macro, or a `{% set %}` block, whose text spans lines."""

    name: str
    first_line: int
    last_line: int
    set_block: bool

    def printed(self) -> re.Pattern[str]:
        """Where {{ }} prints it: `{{ name(` for a macro, `{{ name }}` for a set block."""
        after = r"\s*-?\}\}" if self.set_block else r"\s*\("
        return re.compile(rf"\{{\{{-?\s*{self.name}{after}")

    def advice(self, printed_line: int) -> str:
        if self.set_block:
            return (
                f"; the {{% set {self.name} %}} block is printed with {{{{ }}}} at line {printed_line}, "
                "which makes its text one value: make it a macro and write "
                f"{{% call {self.name}() %}}{{% endcall %}} to print it as the template's own"
            )
        return (
            f"; the macro {self.name} is printed with {{{{ }}}} at line {printed_line}, which makes "
            f"its text one value: write {{% call {self.name}(...) %}}{{% endcall %}} to print it as "
            "the template's own"
        )


def _printed_macro_hint(message: str, template: str, line: int) -> str:
    """A macro (or `{% set %}` block) of several lines printed with {{ }} is one text value, lines and
    all, so the YAML around it breaks far from the cause (at the end of the file, often): name it
    and the way that works. A one-line macro printed inline is a value like any other."""
    if not message.startswith("invalid YAML"):
        return ""
    started = _STARTED_AT.search(message)
    lines = (line, int(started.group(1))) if started else (line,)
    for macro in _multiline_macros(template):
        printed_line = _printed_line_before(macro, template, lines)
        if printed_line is not None:
            return macro.advice(printed_line)
    return ""


_CALLER_PRINTED = re.compile(r"\{\{-?\s*caller\(\s*\)")


def _caller_hint(message: str, template: str, line: int) -> str:
    """`{{ caller() }}` where keys go (on a line of its own, as a macro's advice may be read): the body
    is one value, which YAML cannot read there, and its message alone names no cause."""
    if not (message.startswith("invalid YAML") and _CALLER_PRINTED.search(source_line(template, line))):
        return ""
    return (
        "; {{ caller() }} prints the {% call %} body as one value, never keys: write the keys in the macro "
        "and pass their values as arguments"
    )


def _printed_line_before(macro: _Macro, template: str, lines: tuple[int, ...]) -> int | None:
    """The first line printing `macro` with {{ }} that can have broken the YAML at `lines` (where the
    error is told, and where the YAML scanner started what broke: in a loop, the next row's line
    tells it above the print): a line at or before one, or any, when told in the macro's own text."""
    in_macro = any(macro.first_line <= line <= macro.last_line for line in lines)
    for printed in macro.printed().finditer(template):
        printed_line = template.count("\n", 0, printed.start()) + 1
        if _joined_line(template, printed.start()) <= max(lines) or in_macro:
            return printed_line
    return None


def _joined_line(template: str, start: int) -> int:
    """The line a print's text begins on in the rendered text: `{{-` joins it to the line before."""
    if template.startswith("{{-", start):
        start = len(template[:start].rstrip())
    return template.count("\n", 0, start) + 1


def _multiline_macros(template: str) -> list[_Macro]:
    """The macros and set blocks whose own text (outside tags, after `-` trims) spans lines."""
    macros = []
    for pattern in (_MACRO, _SET_BLOCK):
        for found in pattern.finditer(template):
            name, trim_body_start, body, trim_body_end = found.groups()
            body = body.lstrip() if trim_body_start else body
            body = body.rstrip() if trim_body_end else body
            if "\n" in _TAG.sub("", body):
                first_line = template.count("\n", 0, found.start()) + 1
                last_line = first_line + found.group().count("\n")
                macros.append(_Macro(name, first_line, last_line, pattern is _SET_BLOCK))
    return macros


_TEXT_WHERE_A_NUMBER = re.compile(
    r"expected (a number|an integer|true or false), got a string(?: \('([^'\\]*)'\))?"
)


def _text_value_hint(message: str, template: str, line: int, column: int) -> str:
    """A value the template printed (`{{ lat }}`) is text, as a CSV cell is: where a number belongs
    it needs a filter, which the message alone would not tell."""
    expected = _TEXT_WHERE_A_NUMBER.search(message)
    printed = source_line(template, line)[column - 1 :].startswith("{{")
    if not (expected and printed):
        return ""
    wanted = {"a number": "float", "an integer": "int", "true or false": "bool"}[expected.group(1)]
    if wanted != "bool" and _not_finite(expected.group(2)):  # `| float` refuses it too: no filter helps
        return "; it is no finite number, which no number field takes: give a finite one where it is written"
    return f"; a value the template prints is text: convert it there, {{{{ ... | {wanted} }}}}"


def _not_finite(text: str | None) -> bool:
    """`inf`, `-Infinity`, `nan`: text Python reads as a number that is none a field takes."""
    try:
        return text is not None and not math.isfinite(float(text))
    except ValueError:
        return False


def _unmapped(name: str, problem: Problem, hook: ScalarHook) -> Problem:
    address, message = hook.expand(problem.address), hook.expand(problem.message)
    return shown_problem(f"{name}[rendered]", problem.line, problem.column, address, message)


def _one(file: str, key: Key, found: list[tuple[str, str, SiteRow | None]], naming: set[str]) -> Problem:
    line, column, _ = key
    address = found[0][0]
    message = _each_value([said for _, said, _ in found])
    sites = distinct_sites(site for _, _, site in found)
    suffix = _suffix(len(found), sites, naming)
    return shown_problem(file, line, column, address, message + suffix)


def _each_value(messages: list[str]) -> str:
    """The first of a mistake's messages, each value the sites differ in shown in it: `' x-y' or
    'x-y '`, in the order of the sites listed after it (a message showing the first site's value
    alone hid the others', which may each be wrong in their own way)."""
    first_said = messages[0]
    literals = [_LITERALS.findall(said) for said in messages]
    if any(len(found) != len(literals[0]) for found in literals):  # no message folds so; kept whole
        return first_said
    pieces = iter(_LITERALS.split(first_said))
    shown = [next(pieces)]
    for index, piece in enumerate(pieces):
        values = list(dict.fromkeys(found[index] for found in literals))
        shown += [_either(values), piece]
    return "".join(shown)


def _either(values: list[str]) -> str:
    """`a`, `a or b`, `a, b or c`, `a, b, ... or 7 more`."""
    if len(values) > MAX_SHOWN_VALUES:
        return f"{', '.join(values[:MAX_SHOWN_VALUES])} or {len(values) - MAX_SHOWN_VALUES} more"
    return values[0] if len(values) == 1 else f"{', '.join(values[:-1])} or {values[-1]}"


def _suffix(count: int, sites: list[SiteRow], naming: set[str]) -> str:
    times = f"{count} times" if count > 1 and count != len(sites) else ""
    if not sites:
        return f" ({times})" if times else ""
    if len(sites) == 1:
        where = sites[0].site_info().named()
        return f" ({times}; {where})" if times else f" ({where})"
    listed = first(_names(sites, naming), MAX_LISTED_SITES)
    return f" ({times + ' ' if times else ''}in {len(sites)} sites: {listed})"


def _names(sites: list[SiteRow], naming: set[str]) -> list[str]:
    """The sites by their first cells when each names its row alone (`naming`), else each by its
    row's file:line: one kind of name in a list, where a padded first cell was `row 2` (its second
    row, on line 3) beside `x`, the first cell of two rows; and a listed `A` beside `first written
    ... for site A, e3.csv:2` read as that row, where it was line 4."""
    infos = [site.site_info() for site in sites]
    labels = [info.label for info in infos]
    return labels if all(label in naming for label in labels) else [info.where for info in infos]
