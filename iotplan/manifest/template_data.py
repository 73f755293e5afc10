"""--vars and --sites: the data a template renders, read as data and nothing else.

YAML is read by the manifest's own loader (aliases bounded, nesting bounded, duplicate keys
refused at their line). A CSV cell is text, exactly as written: `No`, `0123` and `1:30` stay
`"No"`, `"0123"` and `"1:30"` (a template converts with `| int`, `| float` or `| bool`, which
refuse what they cannot read). Excel's byte-order mark is read; a duplicated or empty header, a
row with the wrong number of cells, a `;`-separated file are told at their line; a row of empty
cells is skipped. An empty file is refused: a CSV header alone, or `[]` in YAML, says "no sites".

A bare yes, no, on or off in YAML is a boolean to YAML 1.1 (iotplan) and text to YAML 1.2 (most
editors): `country: NO` is Norway to its writer and false to iotplan. It is kept as an AmbiguousBoolean,
the boolean wherever a condition, `is true` or `| bool` asks (as in a manifest's `protect: yes`), and
refused where it is printed or compared with text, which it would turn into Python's `False`.
"""

from __future__ import annotations

import csv
import datetime
import functools
import io
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from iotplan.errors import TemplateError
from iotplan.manifest.files import NotText, read_text
from iotplan.manifest.source import SourceMap, YamlSyntaxError, load_yaml
from iotplan.manifest.yaml_numbers import ambiguous_numbers
from iotplan.manifest.yaml_walk import YAML11_BOOLEAN_WORDS
from iotplan.secrets import credential_named_withheld, masked_in_place, shown_live
from iotplan.wording import quoted

MAX_LABEL = 40
# How a --sites file of no .csv, .yaml or .yml name (stdin, a pipe, sites.txt) is told as YAML: its
# first line that is neither blank nor a comment starts a list, a flow collection, a directive or a key.
# A CSV header does none of these: it starts with a column's name, and a comma comes before any colon.
_STARTS_AS_YAML = re.compile(r"[-\[{%]|[^,;\t|\"]*:(?:\s|$)")
# What a one-column header holds when the file is not comma-separated: ';' (Excel where the comma is the
# decimal mark), tabs (Excel's "Unicode Text"), '|'. Read as CSV, each row is one cell: every column missing.
_OTHER_SEPARATORS = ((";", "';'"), ("\t", "tabs (a 'Unicode Text' export)"), ("|", "'|'"))
# Excel's first line naming the separator of its export (`sep=,`, `sep=;`): no header, so the header is
# below it. Matched on the line as the comma-reading parser rebuilds it.
_SEPARATOR_LINE = re.compile(r"sep=.?", re.IGNORECASE)
_BYTE_ORDER_MARK = "\ufeff"  # a second export joined below the first keeps its own, at its header
_YAML_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # where YAML 1.1 counts a new line
# Read as a boolean, a scalar written so (after its anchor) is a word YAML 1.2 reads as text.
_YAML11_WORD = re.compile(rf"(?:&\S+\s+)?(?:{'|'.join(YAML11_BOOLEAN_WORDS)})\b", re.IGNORECASE)


class AmbiguousBooleanUsed(Exception):
    """An AmbiguousBoolean printed, or compared with text: either would take YAML 1.1's reading of a
    word its writer may have meant as text. Not a ValueError: a filter's `default` must not swallow it."""


@functools.total_ordering
class AmbiguousBoolean:
    """A bare yes, no, on or off of --vars or --sites: the boolean `value` to conditions, refused as text."""

    __slots__ = ("text", "value", "where")

    def __init__(self, text: str, value: bool, where: str) -> None:
        self.text, self.value, self.where = text, value, where  # where: "--vars FILE:LINE:COLUMN"

    def __bool__(self) -> bool:
        return self.value

    def __eq__(self, other: object) -> bool:
        return self.value == self._compared_with(other)

    def __lt__(self, other: object) -> bool:  # `| sort`, `| groupby`, `| max` order it as its boolean
        return self.value < self._compared_with(other)

    def _compared_with(self, other: object) -> Any:
        if isinstance(other, str):  # `country == 'NO'`
            raise self.refused()
        return other.value if isinstance(other, AmbiguousBoolean) else other

    def __hash__(self) -> int:
        return hash(self.value)

    def __repr__(self) -> str:  # what a message quoting the value shows: the word as written
        return self.text

    def refused(self) -> AmbiguousBooleanUsed:
        boolean = str(self.value).lower()
        return AmbiguousBooleanUsed(
            f"{self.text} ({self.where}) is read by YAML 1.1 (iotplan) as the boolean {boolean} and by "
            f"YAML 1.2 as text: if it is text, write it quoted: '{self.text}'; if a boolean, write {boolean}"
        )

    def _refuse(self, *_: Any) -> Any:
        raise self.refused()

    # Printed, joined, formatted or made a number, it would be `False` (or 0), never the word written.
    __str__ = __format__ = __int__ = __float__ = __index__ = _refuse


TRUE_WORDS = frozenset({"true", "yes", "y", "on", "1"})  # what `| bool` reads as true, any case


class DataText(str):
    """Text read from a CSV cell, a --var or a --vars or --sites file, carried through the render as it
    is: it prints, slices and filters as the text it is; `| int`, `| float` and `| bool` make it a plain
    number or boolean, and a text filter (`| trim`, `| string`) plain text (sandbox.py).
    Compared by `==` or `!=` with a number or a boolean, whichever side it stands (Python asks the text
    when the number cannot tell), it is refused: Python calls them unequal, so `site.piezometers == 3` on
    the cell '3' is false without a word, and the entities under that `{% if %}` would be planned for
    removal. Whatever compares so is refused with it: `in` a list, `selectattr('x', 'eq', 3)`, `select`,
    `| default(0) == 3`, `(site.x or 0) == 3`, `site.get('x') == 3`.
    Its name and origin hide behind '_', which the sandbox never lets a template read."""

    _iotplan_name: str  # as a template would read it: `piezometers`, `regions.north.count`
    _iotplan_origin: str  # "a CSV cell", "a --var value", "from --vars FILE", "from --sites FILE"

    def __new__(cls, text: str, name: str, origin: str) -> DataText:
        made = super().__new__(cls, text)
        made._iotplan_name, made._iotplan_origin = name, origin
        return made

    __hash__ = str.__hash__  # a key as its text is: `mapping[site.region]` finds the plain text key

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int | float):  # a boolean is an int
            raise MixedComparison(self, other, "==")
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        if isinstance(other, int | float):
            raise MixedComparison(self, other, "!=")
        return str.__ne__(self, other)

    def __bool__(self) -> bool:
        """`{% if not site.retired %}` on the cell 'false' is false, as any text but '' is true: a cell
        that reads false is refused as a condition. Other text ('0' given a default by `or`, a name) is
        Python's."""
        if self.strip().lower() in READ_FALSE:
            raise MixedComparison(self, True, AS_A_CONDITION)
        return bool(len(self))


# Python's and Jinja2's errors name a value's type (`'str' object cannot be interpreted as an integer`),
# and template.py's hint that a value is text looks for 'str': a DataText is named as the text it is.
DataText.__name__ = DataText.__qualname__ = "str"
DataText.__module__ = "builtins"


UNNAMED = "this expression"  # a compared value no name reads: `(site.x or 0) == 3`, `a ~ b == 3`
TESTED = ("is true", "is false")  # the tests that ask for a boolean itself: text never is one
AS_A_CONDITION = "as a condition"  # `{% if site.x %}`, `not`, `and`, `or`: any text but '' is true
READ_FALSE = frozenset({"false", "no", "off"})  # what a cell asked as a condition likely means false by
LOOKED_UP = "as a key"  # the operator of a lookup: `mapping[site.x]`, `mapping.get(site.x)`
_SHOWN = 10  # the items of a list a message shows: `range(100)` is not written out


class MixedComparison(Exception):
    """Text compared (`==`, `!=`, `in`, `is sameas`, a mapping's key) with a number, a boolean or a date,
    or tested `is true`/`is false`: Python calls them unequal without a word. Raised by a DataText compared
    anywhere, and by sandbox.compared for any value a line compares with a literal of another kind;
    `spelled` is how that line reads it (`site.piezometers`, `site.piezometers | trim`), else UNNAMED, for
    which a DataText gives its own name. `against` is how the line names the list or mapping the value is
    looked for in (`active`), when it is no literal; `keys` says the literal list holds a mapping's keys.
    `message` takes where a value that is no DataText came from (template.py)."""

    def __init__(
        self,
        value: Any,
        literal: Any,
        operator: str,
        spelled: str = UNNAMED,
        *,
        against: str = "",
        keys: bool = False,
    ) -> None:
        super().__init__(value, literal, operator, spelled)
        self.value, self.literal, self.operator = value, literal, operator
        self.spelled = str(getattr(value, "_iotplan_name", spelled)) if spelled == UNNAMED else spelled
        # A site's cell named by its column alone: the template reaches it only through its loop variable,
        # whose name is the template's own, so the advice cannot write it (`piezometers` is undefined).
        self.column_only = spelled == UNNAMED and _of_a_site(value)
        self.against, self.keys = against, keys

    def message(self, origin: str) -> str:
        origin = getattr(self.value, "_iotplan_origin", origin)
        given = f" ({origin})" if origin else ""
        advice = f"`{self._advice()}` as the key" if self.operator == LOOKED_UP else f"`{self._advice()}`"
        value = f"{_kind(self.value)} {jinja_literal(self.value)}{given}"
        named = f"the site's {self.spelled}" if self.column_only else self.spelled
        return f"{named} is {value}, {self._met()}: write {advice}"

    def _met(self) -> str:
        """What the value met that it can never pass."""
        if self.operator == AS_A_CONDITION:
            return "read as a condition, where any text but the empty one is true"
        if self.operator in TESTED:
            return f"tested `{self.operator}` (never true of text, whatever it reads)"
        compared = _kind_of_literal(self.literal, self.keys)
        if self.operator == LOOKED_UP:
            return f"looked up in a mapping with {compared} (never found, whatever it reads)"
        return f"compared with {compared} (never equal, whatever they read)"

    def _advice(self) -> str:
        unwritable = self.spelled == UNNAMED or self.column_only
        subject = "(...)" if unwritable else self.spelled  # the expression, in brackets
        if self.operator == AS_A_CONDITION:
            return f"{subject} | bool"
        if self.operator in TESTED:
            return f"{subject} | bool {self.operator}"
        if isinstance(self.value, str):  # the literal's kind decides: read the text as one
            return self._read_as_literal(subject)
        if isinstance(self.value, bool) and not isinstance(self.literal, list):
            return f"{subject} {self.operator} {jinja_literal(self.literal.strip().lower() in TRUE_WORDS)}"
        # A boolean is written `True` by `| string`: lowered, it reads as YAML and `| bool` write it.
        as_text = f"{subject} | string | lower" if isinstance(self.value, bool) else f"{subject} | string"
        return as_text if self.operator == LOOKED_UP else f"{as_text} {self.operator} {self._other()}"

    def _read_as_literal(self, subject: str) -> str:
        sample = self.literal[0] if isinstance(self.literal, list) else self.literal
        converter = "bool" if isinstance(sample, bool) else "float" if isinstance(sample, float) else "int"
        if self.operator == LOOKED_UP:
            return f"{subject} | {converter}"
        if self.operator == "is sameas" and converter != "bool":  # a number made by `| int` is no literal's
            return f"{subject} | {converter} == {self._other()}"
        return f"{subject} | {converter} {self.operator} {self._other()}"

    def _other(self) -> str:
        return self.against or jinja_literal(self.literal)


def _of_a_site(value: Any) -> bool:
    """A DataText of a --sites row (a CSV cell, or text of a YAML or JSON sites file)."""
    origin = str(getattr(value, "_iotplan_origin", ""))
    return origin == "a CSV cell" or origin.startswith("from --sites")


def _kind(value: Any) -> str:
    if isinstance(value, str):
        return "the text"
    if isinstance(value, bool):
        return "the boolean"
    return "the date" if isinstance(value, datetime.date) else "the number"


def _kind_of_literal(literal: Any, keys: bool = False) -> str:
    if isinstance(literal, list):
        shown = jinja_literal(literal[:_SHOWN])
        shown = f"{shown[:-1]}, ...]" if len(literal) > _SHOWN else shown
        return f"the keys {shown}" if keys else f"the list {shown}"
    return f"{_kind(literal)} {jinja_literal(literal)}"


def jinja_literal(value: Any) -> str:
    """A value as a template writes it."""
    if isinstance(value, list):
        return f"[{', '.join(jinja_literal(item) for item in value)}]"
    if isinstance(value, bool):
        return str(value).lower()
    if value is None:
        return "none"
    if isinstance(value, str):
        return repr(str(value))
    return str(value)


@dataclass(frozen=True)
class SiteInfo:
    label: str  # how messages name the site: its first cell, or "" when that cannot (padded, too long)
    where: str  # file:line of its row
    columns: tuple[str, ...] = ()  # its own column names (a YAML row's keys), not the vars under them
    header: str = ""  # file:line of the CSV header naming its columns; "" for a YAML row, its own keys

    def named(self) -> str:
        """`site x, sites.csv:4`; `site at sites.csv:3` when its first cell cannot name it."""
        return f"site {self.label}, {self.where}" if self.label else f"site at {self.where}"


def distinct_sites(sites: Iterable[SiteRow | None]) -> list[SiteRow]:
    """Each site once, in the order first met: told apart by identity, as two rows may hold equal
    values."""
    return list({id(site): site for site in sites if site is not None}.values())


class SiteRow(dict[str, Any]):
    """One row of --sites laid over the vars; tells a SiteWatch when the template reads it.

    A dict, so the template reads `site.name` as before; the bookkeeping hides in one slot whose
    name starts with '_', which the sandbox never lets a template see.
    """

    __slots__ = ("_iotplan",)

    def __init__(self, values: dict[str, Any], info: SiteInfo) -> None:
        super().__init__(values)
        self._iotplan: tuple[SiteInfo, SiteWatch | None] = (info, None)

    def site_info(self) -> SiteInfo:
        return self._iotplan[0]

    def watch(self, watch: SiteWatch) -> None:
        self._iotplan = (self._iotplan[0], watch)

    def __getitem__(self, key: str) -> Any:
        watch = self._iotplan[1]
        if watch is not None:
            watch.read(self)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        if key not in self:
            return default
        return self[key]


class SiteChange:
    """What a loop's site hooks return: in a render that marks its lines, the place to mark the site."""


SITE_CHANGE = SiteChange()


class SiteWatch:
    """Which site the render is at, to name the site of a value or of an error.

    Inside a loop over sites it is that loop's row, whatever else the body reads (a lookup in
    another row); outside every such loop it is the row read last, and a loop's end forgets the
    rows read inside it, so the lines after a loop are no site's. The template's loops call
    `enter`, `item` and `leave` (template.py); a `range()` loop, which holds no site, does not.
    """

    def __init__(self, sites: Any) -> None:
        self.last: SiteRow | None = None
        self.loops: list[SiteRow | None] = []  # each loop the render is in: its row, when it is a site
        for row in sites if isinstance(sites, list) else []:
            if isinstance(row, SiteRow):
                row.watch(self)

    def read(self, row: SiteRow) -> None:
        self.last = row

    def enter(self, _context: Any) -> SiteChange:
        self.loops.append(None)
        return SITE_CHANGE

    def item(self, names: tuple[Any, ...]) -> SiteChange:
        """A loop's next iteration: `names` are the values of its loop variables."""
        self.loops[-1] = next((value for value in names if isinstance(value, SiteRow)), None)
        return SITE_CHANGE

    def leave(self, _context: Any) -> SiteChange:
        self.loops.pop()
        self.last = None
        return SITE_CHANGE

    def current(self) -> SiteRow | None:
        for row in reversed(self.loops):
            if row is not None:
                return row
        return self.last


Variables = tuple[tuple[str, str], ...]  # --var KEY=VALUE, in the order given
# The functions the sandbox gives every template (sandbox.py): a variable so named would hide one, and
# `range(3)` would call the variable.
TEMPLATE_FUNCTIONS = ("cycler", "dict", "joiner", "namespace", "range")


class TemplateVariables(dict[str, Any]):
    """What a template sees, and where its values are text however they read (`text_from`: "a --var
    value", "a CSV cell"), so that an error using one as a number can say to convert it; `given_by`
    names the option that gave each variable of the command line (`--var`, `--vars FILE`); `columns`,
    the names the rows of `sites_file` hold."""

    text_from: tuple[str, ...] = ()
    given_by: Mapping[str, str] = MappingProxyType({})
    columns: tuple[str, ...] = ()  # the names the rows of --sites hold, in the order first met
    in_every_row: frozenset[str] = frozenset()  # the names every row holds (none without a row)
    sites_file: str | None = None  # --sites, whose rows are `sites`


def template_variables(
    vars_file: str | None,
    sites_file: str | None,
    overrides: Iterable[tuple[str, str]] = (),
    template: tuple[str, str] | None = None,
) -> TemplateVariables:
    """--vars, then each --var KEY=VALUE over it (a value is text, as a CSV cell is), then each
    --sites row over both; a credential among them withheld (template_credentials.py). `template`
    (its name, its text) lets a stop about a --sites column the template never reads say to drop it."""
    from iotplan.manifest.template_credentials import (  # it reads AmbiguousBoolean
        refuse_a_secret_held_elsewhere,
        withhold_credentials,
    )

    variables = TemplateVariables(_read_vars(vars_file, sites_file) if vars_file else {})
    vars_named, sites_named = _named(vars_file), _named(sites_file)
    given = {name: DataText(value, name, "a --var value") for name, value in overrides}
    for name in sorted(given.keys() & set(TEMPLATE_FUNCTIONS)):
        raise TemplateError(f"--var {name}: {_hides_a_function(name)}")
    variables.given_by = {name: f"--vars {vars_named}" for name in variables} | dict.fromkeys(given, "--var")
    rows, csv_sites = _read_sites(sites_file) if sites_file else ([], False)
    refuse_a_secret_held_elsewhere(
        [
            (variables, f"--vars {vars_named}", False, None),
            (given, "--var", False, None),
            *((row, f"--sites {sites_named}", csv_sites, info) for row, info in rows),
        ],
        template,
    )
    withhold_credentials(variables, f"--vars {vars_named}")
    withhold_credentials(given, "--var")
    variables.update(given)
    if sites_file:
        for row, _ in rows:  # after _info: the site is named as before (its first cell)
            withhold_credentials(row, f"--sites {sites_named}", columns=csv_sites)
        variables["sites"] = [SiteRow({**variables, **row}, info) for row, info in rows]
        variables.sites_file = sites_named  # named in the template's messages and warnings
        variables.columns = tuple(dict.fromkeys(name for row, _ in rows for name in row))
        variables.in_every_row = (
            frozenset.intersection(*(frozenset(row) for row, _ in rows)) if rows else frozenset()
        )
    variables.text_from = ("a --var value",) * bool(given) + ("a CSV cell",) * csv_sites
    return variables


def _named(path: str | None) -> str | None:
    """A --vars or --sites file as every message after its read names it: masked in place, as where it
    cannot be read (`_read`), since a file may be named by a URL holding a credential."""
    return path and masked_in_place(path)


def _read_vars(path: str, sites_file: str | None) -> dict[str, Any]:
    text, path, sites_file = _read(path), masked_in_place(path), _named(sites_file)  # opened as given
    data, source = _yaml(path, text, "--vars")
    if data is None:  # as an empty --sites: what a failed export leaves says nothing
        raise TemplateError(
            f"{path}:1:1: --vars: the file is empty: it is never read as no variables; write {{}} to mean no "
            "variables"
        )
    if not isinstance(data, dict):
        raise TemplateError(f"{path}:1:1: --vars must be a YAML mapping of variable names to values")
    _carry_texts(data, f"from --vars {path}")
    for name in TEMPLATE_FUNCTIONS:
        if name in data:
            where = source.locate((name,), at_key=True)
            raise TemplateError(f"{path}:{where.line}:{where.column}: --vars: {_hides_a_function(name)}")
    if sites_file and "sites" in data:  # the rows of --sites would replace these without a word
        where = source.locate(("sites",), at_key=True)
        raise TemplateError(
            f"{path}:{where.line}:{where.column}: --vars: `sites` holds the rows of --sites {sites_file}: "
            "keep every site in one of the two files, or name this variable otherwise"
        )
    return data


def _hides_a_function(name: str) -> str:
    return f"a variable named {name} would hide the template's function {name}(): name it otherwise"


def _read_sites(path: str) -> tuple[list[tuple[dict[str, Any], SiteInfo]], bool]:
    """The rows of --sites, and whether they were read as CSV. Read once: stdin or a pipe gives
    nothing the second time."""
    text = _read(path)
    as_csv, why = _sites_format(path, text)
    path = masked_in_place(path)  # opened as given, named masked from here on (`_named`)
    try:
        return (_csv_rows(path, text) if as_csv else _yaml_rows(path, text)), as_csv
    except TemplateError as error:
        if not why or text.strip() == "":
            raise
        raise TemplateError(f"{error} ({why})") from None


def _sites_format(path: str, text: str) -> tuple[bool, str]:
    """Whether --sites is CSV, by its name (any case) or else by its first line (_STARTS_AS_YAML),
    and, when its content decided, why: an error says which way it was read."""
    extension = os.path.splitext(path)[1].lower()
    if extension in (".csv", ".yaml", ".yml"):
        return extension == ".csv", ""
    lines = (line.strip() for line in text.splitlines())
    first = next((line for line in lines if line and not line.startswith("#")), "")
    if _STARTS_AS_YAML.match(first):
        return (
            False,
            f"read as YAML: its name is not .csv and its first line {quoted(first)} starts as YAML does",
        )
    return (
        True,
        "read as CSV: its name is not .yaml and its first line starts as no YAML list or mapping does",
    )


def _yaml_rows(path: str, text: str) -> list[tuple[dict[str, Any], SiteInfo]]:
    data, _ = _yaml(path, text, "--sites")
    if data is None:
        raise _empty_sites(path)
    rows = data.get("sites") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise TemplateError(f"{path}:1:1: --sites must be a CSV file or a YAML list of mappings")
    for row in rows:
        _carry_texts(row, f"from --sites {path}")
    lines = _row_lines(text, len(rows))
    return [(row, _info(row, path, index, lines[index])) for index, row in enumerate(rows)]


def _yaml(path: str, text: str, option: str) -> tuple[Any, SourceMap]:
    try:
        data, source, duplicates = load_yaml(text, path)
    except YamlSyntaxError as error:
        where = error.position
        raise TemplateError(f"{path}:{where.line}:{where.column}: {option}: {error}") from None
    if duplicates:
        where = source.locate(duplicates[0][0], at_key=True)
        raise TemplateError(f"{path}:{where.line}:{where.column}: {option}: {duplicates[0][1]}")
    _refuse_ambiguous_numbers(data, source, path, option)
    _keep_ambiguous_booleans(data, source, text, option)
    return data, source


def _refuse_ambiguous_numbers(data: Any, source: SourceMap, path: str, option: str) -> None:
    """A template would print 8 for `010`, where a YAML 1.2 reader of the file sees 10 (yaml_numbers.py).
    The loader says whether it kept any such number, so a large file of plain numbers is not walked."""
    if not source.ambiguous_numbers:
        return
    found = next(ambiguous_numbers(data), None)
    if found is not None:
        at, number = found
        where = source.locate(at)
        raise TemplateError(
            f"{path}:{where.line}:{where.column}: {option}: {number.text} is {number.readings()}: "
            f"{number.as_number()}; if it is text, {number.as_text()}"
        )


def _keep_ambiguous_booleans(data: Any, source: SourceMap, text: str, option: str) -> None:
    """Each boolean written as a bare yes, no, on or off becomes an AmbiguousBoolean, in place. Only
    a file the loader says holds one is read again for where its values stand (a second parse: a
    100,000-row file of `true` took 60% longer and twice the memory)."""
    if not source.yaml11_booleans:
        return
    lines = _YAML_LINE_BREAK.split(text)
    for container, key, value, path in _booleans(data):
        line, column = source.locate(path)
        word = _YAML11_WORD.match(lines[line - 1], column - 1) if line <= len(lines) else None
        if word is not None:
            where = f"{option} {source.file}:{line}:{column}"
            container[key] = AmbiguousBoolean(word.group().split()[-1], value, where)


def _booleans(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, Any, bool, tuple[Any, ...]]]:
    """Each boolean within `data`: its mapping or list, its key there, its value and its path."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(value, bool):
            yield data, key, value, (*path, key)
        else:
            yield from _booleans(value, (*path, key))


def _carry_texts(data: Any, origin: str, name: str = "") -> None:
    """Each text within `data` made a DataText, in place, named by its path (`regions.north.count`)."""
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:  # replacing a key's value, never adding one: the mapping may be iterated
        inner = f"{name}.{key}" if name and isinstance(key, str) else f"{name}[{key}]" if name else str(key)
        if isinstance(value, str):
            data[key] = DataText(value, inner, origin)
        else:
            _carry_texts(value, origin, inner)


def _row_lines(text: str, count: int) -> list[int]:
    """The line of each row of a YAML list of mappings (its `-`), best effort."""
    lines = [number for number, line in enumerate(text.splitlines(), 1) if line.lstrip().startswith("- ")]
    return (lines + [0] * count)[:count]


# A site is named in messages by its first cell, unless that is a credential: its column is named as
# one (`password`, `api_key`; an identifier's `key` aside, as secrets.py credential_word_withheld reads
# it), or views would hide its value (a token by its shape, `Password:x`). Refusals reach CI logs and PR
# comments.
def _holds_a_credential(column: str, label: str) -> bool:
    return _column_named_as_a_credential(column) or shown_live(label) != label


@functools.lru_cache(maxsize=256)  # every row of a CSV asks of the same first column
def _column_named_as_a_credential(column: str) -> bool:
    return credential_named_withheld(column)


def _info(row: dict[str, Any], path: str, index: int, line: int, header: str = "") -> SiteInfo:
    column, first = next(iter(row.items()), ("", None))
    readable = isinstance(first, str) and first.isprintable() and first.strip() == first
    label = str(first) if readable and 0 < len(str(first)) <= MAX_LABEL else ""
    if label and _holds_a_credential(str(column), label):
        label = ""  # named by its file:line alone
    columns = tuple(key for key in row if isinstance(key, str))
    return SiteInfo(label, f"{path}:{line}" if line else f"{path} row {index + 1}", columns, header)


def _empty_sites(path: str) -> TemplateError:
    """What a failed export or download leaves is no statement that there are no sites: read as
    none, it would plan to remove every site."""
    return TemplateError(
        f'{path}:1:1: --sites: the file is empty: it is never read as "no sites"; '
        "to mean none, write the CSV header alone, or [] in YAML"
    )


def _csv_rows(path: str, text: str) -> list[tuple[dict[str, Any], SiteInfo]]:
    if text.strip() == "":  # 0 bytes, a byte-order mark alone, blank lines
        raise _empty_sites(path)
    records = _csv_records(path, text)
    header_line, header = next(records)
    names = _header(path, header)
    rows: list[tuple[dict[str, Any], SiteInfo]] = []
    for first_line, cells in records:
        if all(cell.strip() == "" for cell in cells):
            continue  # a blank row, as spreadsheets leave after the data
        if len(cells) != len(names):
            raise TemplateError(_width_message(path, first_line, cells, names))
        if _repeats_header(cells, names):
            raise TemplateError(
                f"{path}:{first_line}:1: --sites: this row repeats the header (two files joined?): "
                "it would be read as a site"
            )
        _refuse_swallowed_rows(path, first_line, cells, names)
        row = {name: DataText(cell, name, "a CSV cell") for name, cell in zip(names, cells, strict=True)}
        rows.append((row, _info(row, path, len(rows), first_line, f"{path}:{header_line}")))
    return rows


def _csv_records(path: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record of the file with the line it starts on. Strict: a lenient reader takes a quote never
    closed to the end of the file, every row after it one cell of the last column, and `"A"x` as Ax."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    line = 0
    try:
        for cells in reader:
            yield line + 1, cells
            line = reader.line_num
    except csv.Error as error:
        raise TemplateError(_csv_error_message(path, line + 1, reader.line_num, str(error))) from None


def _csv_error_message(path: str, first_line: int, line: int, error: str) -> str:
    if error == "unexpected end of data":  # a quoted cell still open at the end of the file
        return (
            f"{path}:{first_line}:1: --sites: a quote opened on this row is never closed: it would swallow "
            f'every row after it (close it; a quote inside a quoted cell is written twice: "")'
        )
    if error.endswith("expected after '\"'"):  # `"A"x`, or a quote opened above closed here
        opened = f" (its quote opened on line {first_line})" if line != first_line else ""
        return (
            f"{path}:{line}:1: --sites: a quoted cell goes on after its closing quote{opened}: quote the "
            f'whole cell, writing a quote inside it twice ("5"" pipe")'
        )
    return f"{path}:{line}:1: --sites: not readable as CSV: {error}"


def _repeats_header(cells: list[str], names: list[str]) -> bool:
    first, *rest = cells
    return [first.strip().lstrip(_BYTE_ORDER_MARK).strip(), *(cell.strip() for cell in rest)] == names


def _refuse_swallowed_rows(path: str, first_line: int, cells: list[str], names: list[str]) -> None:
    """A quoted cell may hold line breaks, but one holding a line that reads as a whole row is most
    likely a quote left open that closes rows later, swallowing the rows between: those sites would be
    planned for removal. A line of prose is no row: its commas are followed by a blank, as a
    spreadsheet's never are (`upper bay, west bank, level 2`, a cell written with Alt+Enter)."""
    for name, cell in zip(names, cells, strict=True):
        held = cell.splitlines()[1:]
        if any(_reads_as_a_row(line, len(names)) for line in held):
            raise TemplateError(
                f"{path}:{first_line}:1: --sites: the quoted cell {quoted(name)} of this row holds a line "
                "that reads as a row: a quote left open swallows the rows after it up to the next quote "
                '(close it; a quote inside a quoted cell is written twice: ""); '
                "a cell meant to hold such lines goes in a YAML --sites file"
            )


def _reads_as_a_row(line: str, width: int) -> bool:
    cells = next(csv.reader([line]), [])
    return len(cells) == width and not any(cell[:1].isspace() for cell in cells[1:])


def _header(path: str, header: list[str]) -> list[str]:
    _refuse_separator_line(path, header)
    names = [cell.strip() for cell in header]
    one = names[0] if len(names) == 1 else ""
    separator = next((name for mark, name in _OTHER_SEPARATORS if mark in one), None)
    if separator:
        raise TemplateError(
            f"{path}:1:1: --sites: the header is one column {quoted(one)}: iotplan reads "
            f"comma-separated CSV; this file looks separated by {separator} "
            "(save it as 'CSV UTF-8 (comma delimited)')"
        )
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if name == "":
            raise TemplateError(f"{path}:1:1: --sites: column {index + 1} of the header has no name")
        first = seen.setdefault(name, index + 1)
        if first != index + 1:
            raise TemplateError(
                f"{path}:1:1: --sites: column {quoted(name)} appears twice in the header "
                f"(columns {first} and {index + 1}): which one a site means cannot be told"
            )
    return names


def _refuse_separator_line(path: str, header: list[str]) -> None:
    """Read as the header, Excel's `sep=,` line is a column `sep=` and one with no name (`sep=;` looks
    ';'-separated): said as what it is."""
    line = ",".join(header).lstrip(_BYTE_ORDER_MARK).strip()
    if _SEPARATOR_LINE.fullmatch(line):
        raise TemplateError(
            f"{path}:1:1: --sites: the first line is Excel's separator line {quoted(line)}, not the header: "
            "delete that line, so that the header is the first line"
        )


def _width_message(path: str, line: int, cells: list[str], names: list[str]) -> str:
    """A row short of cells is told of a quote left open only where one took a line break into a cell:
    a row merely missing its last cells holds none."""
    message = f"{path}:{line}:1: --sites: this row has {len(cells)} cells, the header {len(names)}"
    swallowed = len(cells) < len(names) and any("\n" in cell or "\r" in cell for cell in cells)
    return message + " (an unclosed quote swallows the rows after it)" if swallowed else message


def _read(path: str) -> str:
    try:
        return read_text(path)
    except OSError as error:
        raise TemplateError(f"{masked_in_place(path)}: cannot read: {error.strerror}") from None
    except NotText as error:
        raise TemplateError(f"{masked_in_place(path)}:{error.line}:{error.column}: {error}") from None


__all__ = [
    "LOOKED_UP",
    "SITE_CHANGE",
    "TEMPLATE_FUNCTIONS",
    "TESTED",
    "UNNAMED",
    "AmbiguousBoolean",
    "AmbiguousBooleanUsed",
    "DataText",
    "MixedComparison",
    "SiteChange",
    "SiteInfo",
    "SiteRow",
    "SiteWatch",
    "TemplateVariables",
    "jinja_literal",
    "template_variables",
]
