"""Jinja2 manifests for many sites, rendered so that data can never be structure.

The template sees every variable of `--vars` at top level, and `sites`: the rows of `--sites`,
each row laid over the vars. A missing variable is an error, never ''.

The rule that keeps a --sites cell from rewriting the manifest: everything a `{{ ... }}` prints
is one YAML scalar, or part of one, whatever the template does with it. The render prints a
placeholder for each text value instead of the value (see rendered.py); the YAML is parsed with
the placeholders, so only the template's own text decides its structure, and each value is put
back into the scalar that holds its placeholder. Numbers and booleans print as they are (a float
as YAML 1.1 reads one: `5.0e-05`, not Python's `5e-05`); a null is an error naming it (Python
would print the text 'None'), and so is a mapping or a list (its Python repr would be written:
the template prints one field of it, or `| tojson`).
Structure is written with the template's own text: `{% for %}`, `{% if %}`, `{% call %}`.

Each template line is marked in the output (rendered.py removes the marks), so errors in the
rendered YAML are told at the template's line, for the site that produced it: every loop tells
the SiteWatch when it starts, moves to its next row and ends.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterator, Mapping
from typing import Any

import jinja2
import jinja2.meta
from jinja2 import nodes
from jinja2.sandbox import MAX_RANGE
from jinja2.visitor import NodeTransformer

from iotplan.errors import TemplateError
from iotplan.manifest.errors import masked
from iotplan.manifest.limits import Budget, LimitExceeded
from iotplan.manifest.positions import position_at
from iotplan.manifest.rendered import (
    MAX_OUTPUT,
    RESERVED,
    CallBodyPrinted,
    NullPrinted,
    Placeholders,
    Rendered,
    StructurePrinted,
    source_line,
    template_column,
)
from iotplan.manifest.sandbox import CALL_BLOCK, COMPARING_TESTS, BadValue, BoundedEnvironment
from iotplan.manifest.template_blocks import opener_named, unclosed_block
from iotplan.manifest.template_data import (
    UNNAMED,
    AmbiguousBooleanUsed,
    MixedComparison,
    SiteRow,
    SiteWatch,
    jinja_literal,
)
from iotplan.wording import did_you_mean

LOG = logging.getLogger(__name__)  # a warning: Python's last-resort handler writes it on stderr
_SITE_ROW = re.compile(r"'[\w.]*SiteRow object' has no attribute ('[^']*')")
_AMBIGUOUS_BOOLEAN = re.compile(r"'[\w.]*AmbiguousBoolean object'")  # a bare yes or no: a boolean
RESERVED_PREFIX = "iotplan_"  # the sandbox's own globals: a template that redefined one would escape it
_NAMES_STR = re.compile(r"\bstr\b")
_UNEXPECTED_CHARACTER = re.compile(r"(unexpected char .*) at ([0-9]+)")
_NEWLINES = re.compile(r"\r\n|\r")  # what Jinja2's lexer reads as a line break, made `\n`
# What a template's own mistakes raise, told at its line. Jinja2's filters given a value of the wrong
# type raise AttributeError (`"x" | xmlattr`) or AssertionError (`| truncate(-1)`); the sandbox refuses
# unsafe attributes with its own SecurityError, a TemplateError, so an AttributeError is never that.
_ERRORS = (
    ArithmeticError,
    TypeError,
    ValueError,
    LookupError,
    AttributeError,
    AssertionError,
    RecursionError,
    MemoryError,
    SyntaxError,
)


def render_template(
    text: str, name: str, variables: dict[str, Any], budget: Budget | None = None
) -> Rendered:
    """Render `text` (read from `name`); every error names the template's line (and the site)."""
    _refuse_reserved(text, name)
    placeholders = Placeholders.new()
    output = _run(text, name, variables, placeholders, budget or Budget(), marked=False)
    _check_inputs_read(text, name, variables)

    def remark() -> tuple[str, list[SiteRow | None]]:
        """The same render with the template's lines and sites marked: done again only when an error
        asks where."""
        again = Placeholders(placeholders.nonce)
        return _run(text, name, variables, again, Budget(), marked=True), again.sites

    return Rendered(name, text, output, placeholders, remark)


def _check_inputs_read(text: str, name: str, variables: Mapping[str, Any]) -> None:
    """--vars, --var and --sites, each read by the template. Parsed by the render's own environment:
    one that lacks a filter the sandbox adds (`| bool`) refuses the template."""
    given_by, sites_file = getattr(variables, "given_by", {}), getattr(variables, "sites_file", None)
    if not given_by and not sites_file:
        return
    tree = BoundedEnvironment(Budget(), str).parse(text)
    if sites_file:
        _refuse_unread_sites(tree, name, sites_file)
    _warn_unread(tree, name, given_by)
    if sites_file:
        _warn_misspelt_columns(tree, name, variables, sites_file)
        _warn_overridden_by_columns(tree, name, variables, sites_file)


def names_sites(text: str) -> bool:
    """Whether a template names `sites` (the rows --sites gives it), as `_refuse_unread_sites` asks.
    One that does not parse is taken to: its render says where it fails."""
    try:
        tree = BoundedEnvironment(Budget(), str).parse(text)
    except (jinja2.TemplateError, RecursionError):
        return True
    return _reads_sites(tree)


def _reads_sites(tree: nodes.Template) -> bool:
    return "sites" in jinja2.meta.find_undeclared_variables(tree)


def _refuse_unread_sites(tree: nodes.Template, name: str, sites_file: str) -> None:
    """--sites to a template that never names `sites` (a plain manifest, most often) rendered as if
    not given: a plan of one manifest where one per row was meant, removing the other sites' entities."""
    if not _reads_sites(tree):
        raise TemplateError(
            f"{name}: --sites {sites_file} is never read: the template names no `sites` (a plain "
            "manifest, or one that does not loop over its rows), so its rows would change nothing; "
            "drop --sites, or give the template that loops over `sites`"
        )


def _warn_unread(tree: nodes.Template, name: str, given_by: Mapping[str, str]) -> None:
    """A variable given on the command line that the template never names is a typo, most often
    (`--var keep_legasy=true` beside `keep_legacy | default(false)` renders without the flag): said on
    stderr, not refused, as one --vars file or --var may serve several templates."""
    read = _names_read(tree)
    for variable, option in given_by.items():
        if variable not in read:
            LOG.warning("Warning: %s", _unread_words(variable, option, name, read))


def _warn_misspelt_columns(
    tree: nodes.Template, name: str, variables: Mapping[str, Any], sites_file: str
) -> None:
    columns: tuple[str, ...] = getattr(variables, "columns", ())
    for column, meant in _misspelt_columns(columns, _names_read(tree), _fields_read(tree), set(variables)):
        LOG.warning(
            "Warning: column %s of --sites %s is never read by %s (did you mean %s?)",
            column,
            sites_file,
            name,
            meant,
        )


def _warn_overridden_by_columns(
    tree: nodes.Template, name: str, variables: Mapping[str, Any], sites_file: str
) -> None:
    """A variable given on the command line that a --sites column of its name holds in every row never
    reaches a site, each row being laid over the variables: read only through the rows, the value given
    changes nothing (`--var piezometers=5` beside a piezometers column). One read nowhere is told as
    never read; one the template reads itself (`default(piezometers)`) is used."""
    given_by: Mapping[str, str] = getattr(variables, "given_by", {})
    in_every_row: frozenset[str] = getattr(variables, "in_every_row", frozenset())
    free, read = jinja2.meta.find_undeclared_variables(tree), _names_read(tree)
    for variable, option in given_by.items():
        if variable in in_every_row and variable in read and variable not in free:
            LOG.warning(
                "Warning: %s is overridden by column %s of --sites %s in every row: %s never sees its "
                "value (a row's cell wins over --var and --vars)",
                _given(variable, option),
                variable,
                sites_file,
                name,
            )


def _misspelt_columns(
    columns: tuple[str, ...], read: set[str], fields: set[str], given: set[str]
) -> Iterator[tuple[str, str]]:
    """Each --sites column the template never reads that is spelled like a field it reads which no row
    or variable holds (`piezometrs` beside `site.piezometers | default('3')`, which every site then
    takes), with that field. A column like no such field is left unsaid: a file may carry columns for
    other uses."""
    missing = sorted(fields - set(columns) - given)
    for column in columns:
        close = difflib.get_close_matches(column, missing, n=1) if column not in read else []
        if close:
            yield column, close[0]


def names_read_in(text: str) -> set[str] | None:
    """The names `text` could read a variable by (_names_read), or None where it does not parse: its
    own error is then said by the render."""
    try:
        return _names_read(BoundedEnvironment(Budget(), str).parse(text))
    except jinja2.TemplateError:
        return None


def _names_read(tree: nodes.Template) -> set[str]:
    """Every name the template could read a variable by: its free names, and the fields and text
    constants it reads a row with (`site.x`, `site['x']`, `selectattr('x')`), as a row holds the
    variables too."""
    names = set(jinja2.meta.find_undeclared_variables(tree))
    names.update(node.attr for node in tree.find_all(nodes.Getattr))
    names.update(node.value for node in tree.find_all(nodes.Const) if isinstance(node.value, str))
    return names


def _fields_read(tree: nodes.Template) -> set[str]:
    """The fields the template reads of a value by name (`site.x`, `site['x']`): what a column of
    --sites is read by, unlike a text constant (`default('none')`)."""
    fields = {node.attr for node in tree.find_all(nodes.Getattr)}
    keys = (node.arg for node in tree.find_all(nodes.Getitem))
    return fields | {key.value for key in keys if isinstance(key, nodes.Const) and isinstance(key.value, str)}


def _unread_words(variable: str, option: str, name: str, read: set[str]) -> str:
    close = difflib.get_close_matches(variable, sorted(n for n in read if n.isidentifier()), n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"{_given(variable, option)} is never read by {name}{hint}"


def _given(variable: str, option: str) -> str:
    return f"--var {variable}" if option == "--var" else f"{variable} of {option}"


def _run(
    text: str,
    name: str,
    variables: dict[str, Any],
    placeholders: Placeholders,
    budget: Budget,
    marked: bool,
    name_values: bool = False,
) -> str:
    watch = SiteWatch(variables.get("sites"))
    environment = BoundedEnvironment(
        budget,
        placeholders.expander(),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
        finalize=placeholders.finalize(budget, watch, marked),
    )
    environment.filters.update(
        iotplan_site_enter=watch.enter, iotplan_site_item=watch.item, iotplan_site_leave=watch.leave
    )
    template = _compile(environment, text, name, placeholders if marked else None, name_values)
    try:
        output = str(template.render(variables))
    except (NullPrinted, StructurePrinted) as error:
        if error.unnamed and not name_values:  # rendered again to name it: only a failing render pays
            _run(text, name, variables, Placeholders(placeholders.nonce), Budget(), marked, name_values=True)
        raise _error(error, name, text, watch, str(error)) from None
    except jinja2.UndefinedError as error:
        missing, site = _SITE_ROW.fullmatch(error.message or ""), watch.current()
        if missing and site is not None:
            raise _missing_column(error, name, text, watch, site, missing.group(1)[1:-1]) from None
        message = _SITE_ROW.sub(r"a --sites row has no column \1", error.message or str(error))
        message = _AMBIGUOUS_BOOLEAN.sub("'bool object'", message)
        if message == "'sites' is undefined":  # only --sites gives it
            message += ": pass --sites FILE (a CSV file, or a YAML list of mappings)"
        raise _error(error, name, text, watch, message) from None
    except BadValue as error:
        raise _bad_value_error(error, name, text, watch) from None
    except (AmbiguousBooleanUsed, CallBodyPrinted) as error:
        raise _error(error, name, text, watch, str(error)) from None
    except MixedComparison as error:
        raise _error(error, name, text, watch, error.message(_origin(error, variables, watch))) from None
    except (jinja2.TemplateError, LimitExceeded) as error:
        raise _error(error, name, text, watch, str(error)) from None
    except _ERRORS as error:
        message = _describe(error) + _text_hint(error, getattr(variables, "text_from", ()))
        message += _vars_text_hint(error, _vars_texts_read(variables, text, _template_line(error, name)))
        raise _error(error, name, text, watch, message) from None
    if len(output) > MAX_OUTPUT:
        line = _first_loop_line(text)
        message = (
            f"the rendered manifest is {len(output):,} characters, more than the limit of {MAX_OUTPUT:,}"
        )
        raise TemplateError(f"{name}:{line}:{template_column(text, line)}: {message}")
    return output


def _compile(
    environment: BoundedEnvironment, text: str, name: str, marks: Placeholders | None, name_values: bool
) -> Any:
    try:
        tree = environment.parse(text, name, name)
        _Bounded(marks, name_values).visit(tree)
        code = environment.compile(tree, name, name)
    except jinja2.TemplateSyntaxError as error:
        raise _syntax_error(error, environment, text, name) from None
    except (RecursionError, MemoryError, SyntaxError):  # Python refuses the code: nesting too deep
        line = _most_nested_line(text)
        message = "the template nests too deeply to compile (brackets, loops or blocks)"
        raise TemplateError(f"{name}:{line}:{template_column(text, line)}: {message}") from None
    return environment.template_class.from_code(environment, code, environment.make_globals(None), None)


def _syntax_error(
    error: jinja2.TemplateSyntaxError, environment: BoundedEnvironment, text: str, name: str
) -> TemplateError:
    """Told at the template's line; Jinja2's lexer names an unexpected character by its offset in the
    whole template (each line break one character, CRLF too), which gives the character's own column.
    A block never closed is told where it was opened: Jinja2 tells where it gave up looking."""
    block = unclosed_block(environment, text, error)
    if block:
        return TemplateError(f"{name}:{block.where(text)}: template syntax error: {block.words()}")
    unexpected = _UNEXPECTED_CHARACTER.fullmatch(error.message or "")
    if unexpected:
        line, column = position_at(_NEWLINES.sub("\n", text), int(unexpected.group(2)))
        return TemplateError(f"{name}:{line}:{column}: template syntax error: {unexpected.group(1)}")
    line = error.lineno or 1
    where = f"{name}:{line}:{template_column(text, line)}"
    return TemplateError(f"{where}: template syntax error: {opener_named(environment, text, error)}")


def _first_loop_line(text: str) -> int:
    found = re.search(r"\{%-?\s*for\b", text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _error(error: BaseException, name: str, text: str, watch: SiteWatch, message: str) -> TemplateError:
    line = _template_line(error, name)
    site = watch.current()
    where = f"{name}:{line}:{template_column(text, line)}"
    suffix = f" ({_site_words(site)})" if site is not None else ""
    return TemplateError(masked(f"{where}: {message}{suffix}"))


def _missing_column(
    error: BaseException, name: str, text: str, watch: SiteWatch, site: SiteRow, column: str
) -> TemplateError:
    """A column the template reads that the site's row lacks, with the row's nearest column. A CSV
    row has its header's columns, as every row has: told at the header's line, not at a row's."""
    info = site.site_info()
    close = did_you_mean(column, info.columns)
    hint = f" (did you mean {close!r}?)" if close else ""
    if not info.header:  # a YAML row has its own keys: told at the row
        return _error(error, name, text, watch, f"a --sites row has no column {column!r}{hint}")
    line = _template_line(error, name)
    message = f"a --sites row has no column {column!r}: the header, {info.header}, has none{hint}"
    return TemplateError(masked(f"{name}:{line}:{template_column(text, line)}: {message}"))


def _bad_value_error(error: BadValue, name: str, text: str, watch: SiteWatch) -> TemplateError:
    """A value `| int`, `| float` or `| bool` refused, told at the tag that converts it and named:
    a line may convert several (lat, lon, elevation), and an empty cell's message alone names none."""
    line = _template_line(error, name)
    site = watch.current()
    column = _csv_column(site, error.value)
    converting = _converting_tags(text, line, error.converter)
    if column:  # the tag reading the cell's column, or none: a conversion in a {% %} reads it
        chosen = [tag for tag in converting if re.search(rf"\b{re.escape(column)}\b", tag[1])]
    else:
        chosen = converting if _conversions_on(text, line, error.converter) == len(converting) else []
    if len(chosen) != 1:
        return _error(error, name, text, watch, str(error))
    tag_column, expression = chosen[0]
    suffix = f" ({_site_words(site)})" if site is not None else ""
    return TemplateError(masked(f"{name}:{line}:{tag_column}: {expression}: {error}{suffix}"))


def _csv_column(site: SiteRow | None, value: object) -> str | None:
    """The one column of the site's row holding `value`, if one alone does."""
    if site is None:
        return None
    if not isinstance(value, str):  # a cell is text: `| bool` refusing a --vars number reads none
        return None
    columns = [key for key, held in dict.items(site) if isinstance(held, str) and held == value]
    return columns[0] if len(columns) == 1 else None


def _converting_tags(text: str, line: int, converter: str) -> list[tuple[int, str]]:
    """Each `{{ expression | converter }}` on `line` of the template: its column and expression."""
    found = []
    for tag in re.finditer(r"\{\{-?(.*?)-?\}\}", source_line(text, line)):
        expression = re.split(rf"\|\s*{converter}\b", tag.group(1))
        if len(expression) > 1:
            found.append((tag.start() + 1, _innermost(expression[0])))
    return found


def _conversions_on(text: str, line: int, converter: str) -> int:
    """How many times `line` converts with `converter`, in {{ }} and {% %} tags alike."""
    return len(re.findall(rf"\|\s*{converter}\b", source_line(text, line)))


def _innermost(expression: str) -> str:
    """What a filter applies to, of the text before it: past the last bracket left open and the
    last comma at its level (`(s.b | int) + 1` and `f(a, s.b | int)` convert `s.b`)."""
    start, opened = 0, []
    for index, character in enumerate(expression):
        if character in "([":
            opened.append(start)
            start = index + 1
        elif character in ")]" and opened:
            start = opened.pop()
        elif character == ",":
            start = index + 1
    return expression[start:].strip()


def _origin(error: MixedComparison, variables: dict[str, Any], watch: SiteWatch) -> str:
    """Where a compared number, boolean or date came from, when the name it was read by says: a --vars
    file, the site's row (text says it itself: a DataText)."""
    name = re.split(r"[.\[]", error.spelled)[-1].strip("]'\"")
    given_by = getattr(variables, "given_by", {})
    if name in given_by and variables.get(name) is error.value:
        return f"from {given_by[name]}"
    site = watch.current()
    return "from --sites" if site is not None and dict.get(site, name) is error.value else ""


def _site_words(site: SiteRow) -> str:
    return site.site_info().named()


def _describe(error: BaseException) -> str:
    if isinstance(error, MemoryError):
        return "the template ran out of memory"
    if isinstance(error, RecursionError):
        return "the template recursed too deeply (a macro or loop calling itself)"
    if isinstance(error, OverflowError) and "MAX_RANGE" in str(error):  # Jinja2's sandbox's own cap
        return f"range() gives at most {MAX_RANGE:,} numbers, the limit"
    return f"{type(error).__name__}: {error}"


def _text_hint(error: BaseException, text_from: tuple[str, ...]) -> str:
    """A value that is text used as a number (`range(count)`, `count + 1`) is a TypeError naming
    'str': say which values are text, and how to convert one, as a printed value's problem does."""
    if not (isinstance(error, TypeError) and text_from and _NAMES_STR.search(str(error))):
        return ""
    return f"; {' or '.join(text_from)} is text: convert it there, `... | int` or `... | float`"


def _vars_texts_read(variables: Mapping[str, Any], text: str, line: int) -> list[str]:
    """The --vars variables holding text that `line` of the template names: `connections of --vars
    v.yaml`. A quoted number there is text, as a --var value is."""
    given_by: Mapping[str, str] = getattr(variables, "given_by", {})
    read = source_line(text, line)
    return [
        f"{variable} of {option}"
        for variable, option in given_by.items()
        if option.startswith("--vars ")
        and isinstance(variables.get(variable), str)
        and re.search(rf"(?<![\w.]){re.escape(variable)}\b", read)
    ]


def _vars_text_hint(error: BaseException, texts: list[str]) -> str:
    """`_text_hint`'s for --vars: the variable named, as the TypeError names no value."""
    if not (texts and isinstance(error, TypeError) and _NAMES_STR.search(str(error))):
        return ""
    return (
        f"; {' or '.join(texts)} is text (quoted there): write it unquoted, or convert it here, `... | int` "
        "or `... | float`"
    )


def _template_line(error: BaseException, name: str) -> int:
    """Jinja2 rewrites tracebacks so template frames carry the template's file name and line."""
    line = getattr(error, "lineno", None) or 1
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == name:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return int(line)


def _most_nested_line(text: str) -> int:
    """The line where brackets and blocks nest deepest: where the template is too deep."""
    depth, deepest, line, deepest_line = 0, 0, 1, 1
    for token in re.finditer(r"\{%-?\s*(?:for|if|macro|call|with)\b|\{%-?\s*end\w+|[(\[]|[)\]]|\n", text):
        kind = token.group()
        if kind == "\n":
            line += 1
            continue
        depth += -1 if kind in ")]" or "end" in kind else 1
        if depth > deepest:
            deepest, deepest_line = depth, line
    return deepest_line


def _refuse_reserved(text: str, name: str) -> None:
    found = RESERVED.search(text)
    if found:
        line, column = position_at(text, found.start())
        code = f"U+{ord(found.group()):04X}"
        raise TemplateError(
            f"{name}:{line}:{column}: the template contains {code}, a noncharacter iotplan reserves"
        )


class _Bounded(NodeTransformer):
    """Rewrites the parsed template: loops counted, `~` bounded, lines marked, escapes refused."""

    def __init__(self, marks: Placeholders | None, name_values: bool) -> None:
        self.marks, self.name_values = marks, name_values

    def visit_If(self, node: nodes.If) -> nodes.Node:
        self.generic_visit(node)
        node.test = _as_condition(node.test)
        return node

    def visit_CondExpr(self, node: nodes.CondExpr) -> nodes.Node:
        self.generic_visit(node)
        node.test = _as_condition(node.test)
        return node

    def visit_Not(self, node: nodes.Not) -> nodes.Node:
        self.generic_visit(node)
        node.node = _as_condition(node.node)
        return node

    def visit_For(self, node: nodes.For) -> nodes.Node | list[nodes.Node]:
        self.generic_visit(node)
        if node.test is not None:  # `{% for site in sites if not site.retired %}`
            node.test = _as_condition(node.test)
        printed = sum(len(data.data) for data in _own_text(node.body))
        holds_numbers = _is_range(node.iter)
        node.iter = _filter("iotplan_counted_loop", node.iter, [nodes.Const(printed)], node.lineno)
        if holds_numbers:  # never a site's row: not watched (the benchmark's 111,000 iterations)
            return node
        targets = [node.target] if isinstance(node.target, nodes.Name) else node.target.find_all(nodes.Name)
        names = [nodes.Name(name.name, "load") for name in targets]
        self._hook_first_line(
            node.body, _filter("iotplan_site_item", nodes.Tuple(names, "load"), [], node.lineno)
        )
        enter, leave = (
            self._hooked(_filter(f"iotplan_site_{hook}", nodes.ContextReference(), [], node.lineno))
            for hook in ("enter", "leave")
        )
        return [enter, node, leave]

    def _hooked(self, hook: nodes.Expr) -> nodes.Node:
        """A SiteWatch hook, run where it stands; in a marked render printed, so its mark stands there."""
        statement = nodes.Output([hook]) if self.marks else nodes.ExprStmt(hook)
        return statement.set_lineno(hook.lineno)

    def _hook_first_line(self, body: list[nodes.Node], hook: nodes.Expr) -> None:
        """`hook` run as each iteration starts; in a marked render just after the body's first line
        break, so that the mark of a row starts its first line instead of ending the line before."""
        first = body[0] if body else None
        if self.marks is not None and isinstance(first, nodes.Output) and first.nodes:
            text = first.nodes[0]
            if isinstance(text, nodes.TemplateData) and "\n" in text.data:
                first.nodes[:1] = _after_first_line_break(text, self.marks, hook)
                return
        body.insert(0, self._hooked(hook))

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _filter("iotplan_concat", node.nodes[0], node.nodes[1:], node.lineno)

    def visit_Output(self, node: nodes.Output) -> nodes.Node:
        """Each printed value checked by name for a null, a mapping or a list, once finalize found one
        (a filter per printed value made rendering the 1,000-site benchmark a third slower)."""
        self.generic_visit(node)
        if not self.name_values:
            return node
        node.nodes = [
            child
            if isinstance(child, nodes.TemplateData)
            else _filter("iotplan_printable", child, [nodes.Const(_spelled(child))], child.lineno)
            for child in node.nodes
        ]
        return node

    def visit_Compare(self, node: nodes.Compare) -> nodes.Node:
        """Each expression that `==`, `!=`, `in` or `not in` compares with a literal is checked to be of
        the literal's kind (sandbox.compared): text is never equal to a number. Two expressions one `==`
        or `!=` compares are compared by sandbox.compared_pair, which checks both."""
        self.generic_visit(node)
        if len(node.ops) == 1 and node.ops[0].op in ("eq", "ne") and _two_expressions(node):
            operator = _COMPARED[node.ops[0].op]
            spellings = [nodes.Const(_compared_spelling(side)) for side in (node.expr, node.ops[0].expr)]
            arguments = [node.ops[0].expr, nodes.Const(operator), *spellings]
            return _filter("iotplan_compared_pair", node.expr, arguments, node.lineno)
        if len(node.ops) == 1 and node.ops[0].op in ("in", "notin") and _looked_through(node):
            return _member(node.expr, node.ops[0].expr, _COMPARED[node.ops[0].op], node.lineno)
        compared = [node.expr, *(operand.expr for operand in node.ops)]
        for index, operand in enumerate(node.ops):
            if operand.op in _COMPARED:
                left, right = compared[index], compared[index + 1]
                operator = _COMPARED[operand.op]
                compared[index : index + 2] = _checked_comparison(left, right, operator, node.lineno)
        node.expr = compared[0]
        for operand, expression in zip(node.ops, compared[1:], strict=True):
            operand.expr = expression
        return node

    def visit_Test(self, node: nodes.Test) -> nodes.Node:
        """`site.x is eq 3` compares as `site.x == 3` does, `site.x is sameas true` too; `site.x is true`
        is checked as the boolean it asks for, so that text is refused by the name the line reads."""
        self.generic_visit(node)
        operator = COMPARING_TESTS.get(node.name) or ("is sameas" if node.name == "sameas" else None)
        if operator and len(node.args) == 1 and not node.kwargs:
            node.node, node.args[0] = _checked_comparison(node.node, node.args[0], operator, node.lineno)
        elif node.name in ("true", "false") and not node.args and not node.kwargs:
            tested = nodes.Const(node.name == "true")
            node.node, _ = _checked_comparison(node.node, tested, f"is {node.name}", node.lineno)
        return node

    def visit_TemplateData(self, node: nodes.TemplateData) -> nodes.Node:
        if self.marks is not None:
            node.data = self.marks.mark_lines(node.data, node.lineno)
        return node

    def visit_Name(self, node: nodes.Name) -> nodes.Node:
        if node.name.startswith(RESERVED_PREFIX) and node.ctx != "load":
            raise jinja2.TemplateSyntaxError(
                f"names starting with {RESERVED_PREFIX} are iotplan's own", node.lineno
            )
        return node

    def visit_Filter(self, node: nodes.Filter) -> nodes.Node:
        """iotplan's own filters are put in by this pass; a template calling one (a loop's site hooks)
        would only confuse which site an error names."""
        _refuse_reserved_name(node.name, node.lineno)
        return self.generic_visit(node)

    def visit_Macro(self, node: nodes.Macro) -> nodes.Node:
        if node.name.startswith(RESERVED_PREFIX):
            raise jinja2.TemplateSyntaxError(
                f"names starting with {RESERVED_PREFIX} are iotplan's own", node.lineno
            )
        return self.generic_visit(node)

    def visit_CallBlock(self, node: nodes.CallBlock) -> nodes.Node:
        """The call of a {% call %} told apart from a macro called in an expression: only its text is
        written as the template's own."""
        self.generic_visit(node)
        node.call.kwargs.append(nodes.Keyword(CALL_BLOCK, nodes.Const(True), lineno=node.lineno))
        return node

    def visit_AssignBlock(self, node: nodes.AssignBlock) -> nodes.Node:
        """A `{% set %}` block's text is a value, as plain Jinja2 makes it: its values in place (before
        a filter of the block's own), never the placeholders its `{{ }}` printed."""
        self.generic_visit(node)
        expanded = _filter("iotplan_expanded", None, [], node.lineno)
        if node.filter is None:
            node.filter = expanded
            return node
        innermost = node.filter  # `{% set x | trim | upper %}`: the filter given the block's text
        while isinstance(innermost.node, nodes.Filter):
            innermost = innermost.node
        innermost.node = expanded
        return node

    def visit_Keyword(self, node: nodes.Keyword) -> nodes.Node:
        _refuse_reserved_name(node.key, node.lineno)
        return self.generic_visit(node)

    def visit_FilterBlock(self, node: nodes.FilterBlock) -> nodes.Node:
        raise jinja2.TemplateSyntaxError(
            "{% filter %} blocks are not allowed: they would turn values into structure; apply the "
            "filter to the value inside {{ }}",
            node.lineno,
        )

    def _refuse_other_templates(self, node: nodes.Node) -> nodes.Node:
        raise jinja2.TemplateSyntaxError(
            "a manifest template is one file: include, import and extends are not allowed", node.lineno
        )

    visit_Include = visit_Import = visit_FromImport = visit_Extends = _refuse_other_templates


_COMPARED = {"eq": "==", "ne": "!=", "in": "in", "notin": "not in"}
_NO_LITERAL = object()


def _checked_comparison(
    left: nodes.Expr, right: nodes.Expr, operator: str, lineno: int
) -> tuple[nodes.Expr, nodes.Expr]:
    """`left` and `right` of a comparison, the one that is no literal wrapped in the check of its kind
    when the other is a literal (for `in`, a literal list on the right): whatever the expression, its
    text is never equal to a number (`site.x | trim == 3`). Two expressions, or two literals, compare
    as Jinja2 compares them."""
    pairs = (
        [(left, right, False)]
        if operator in ("in", "not in")
        else [(left, right, False), (right, left, True)]
    )
    for read, other, swapped in pairs:
        literal = _literal(other, listed=operator in ("in", "not in"))
        if literal is _NO_LITERAL or literal is None or _literal(read, listed=False) is not _NO_LITERAL:
            continue
        checked = _filter(
            "iotplan_compared",
            read,
            [nodes.Const(literal), nodes.Const(operator), nodes.Const(_compared_spelling(read))],
            lineno,
        )
        return (other, checked) if swapped else (checked, other)
    return left, right


def _member(value: nodes.Expr, container: nodes.Expr, operator: str, lineno: int) -> nodes.Filter:
    """`value in container` checked as it runs (sandbox.member), both named as the line reads them."""
    against = _compared_spelling(container)
    spellings = [
        nodes.Const(_compared_spelling(value)),
        nodes.Const("(...)" if against == UNNAMED else against),
    ]
    return _filter("iotplan_member", value, [container, nodes.Const(operator), *spellings], lineno)


def _looked_through(node: nodes.Compare) -> bool:
    """`x in y` where `y` is no literal list the template writes (a list, a mapping, a range it names)
    and `x` no literal: which kinds `y` holds is known only as it runs."""
    sides = (node.expr, node.ops[0].expr)
    return _literal(sides[0], listed=False) is _NO_LITERAL and _literal(sides[1], listed=True) is _NO_LITERAL


def _as_condition(test: nodes.Node) -> nodes.Expr:
    """`test` as an `{% if %}`, a `not` or a loop's filter reads it: each value it is made of (through
    `and`, `or` and `not`) checked by sandbox.condition, so a cell '0' or 'n' is refused there. An `or`
    that gives a default (`(site.x or 3) | int`) is no condition, and keeps reading '0' as Python does."""
    if isinstance(test, nodes.And | nodes.Or):
        test.left, test.right = _as_condition(test.left), _as_condition(test.right)
        return test
    if isinstance(test, nodes.Not):
        return test  # visit_Not checked its operand
    return _filter("iotplan_condition", test, [], test.lineno)


def _two_expressions(node: nodes.Compare) -> bool:
    """Neither side a literal the template writes (nor `none`, which compares with anything)."""
    sides = (node.expr, node.ops[0].expr)
    return all(_literal(side, listed=False) is _NO_LITERAL for side in sides)


def _literal(node: nodes.Expr, listed: bool) -> Any:
    """The value of a literal the template writes (`3`, `-2.5`, `'3'`, `true`; with `listed`, a list
    or tuple of them), or _NO_LITERAL."""
    if listed:
        if not isinstance(node, nodes.List | nodes.Tuple) or not node.items:
            return _NO_LITERAL
        items = [_literal(item, listed=False) for item in node.items]
        return _NO_LITERAL if any(item is _NO_LITERAL for item in items) else items
    if isinstance(node, nodes.Neg | nodes.Pos) and isinstance(node.node, nodes.Const):
        value = node.node.value  # `-3`: a number the parser leaves signed apart
        if not isinstance(value, int | float) or isinstance(value, bool):
            return _NO_LITERAL
        return -value if isinstance(node, nodes.Neg) else value
    if isinstance(node, nodes.Const) and isinstance(node.value, str | int | float | bool | None):
        return node.value
    return _NO_LITERAL


def _after_first_line_break(
    text: nodes.TemplateData, marks: Placeholders, hook: nodes.Expr
) -> list[nodes.Expr]:
    """`text` with `hook` after its first line break and the line mark that follows it."""
    cut = text.data.index("\n") + 1
    line_mark = marks.mark_pattern().match(text.data, cut)
    cut = line_mark.end() if line_mark else cut
    before = nodes.TemplateData(text.data[:cut], lineno=text.lineno)
    return [before, hook, nodes.TemplateData(text.data[cut:], lineno=text.lineno)]


def _is_range(iterated: nodes.Node) -> bool:
    return (
        isinstance(iterated, nodes.Call)
        and isinstance(iterated.node, nodes.Name)
        and iterated.node.name == "range"
    )


def _own_text(body: list[nodes.Node]) -> Iterator[nodes.TemplateData]:
    """The template text a loop body prints itself (its inner loops count their own)."""
    for node in body:
        if isinstance(node, nodes.TemplateData):
            yield node
        elif not isinstance(node, nodes.For | nodes.Macro | nodes.CallBlock):
            yield from _own_text(list(node.iter_child_nodes()))


def _refuse_reserved_name(name: str, lineno: int) -> None:
    if name.startswith(RESERVED_PREFIX):
        raise jinja2.TemplateSyntaxError(f"names starting with {RESERVED_PREFIX} are iotplan's own", lineno)


def _spelled(node: nodes.Node) -> str:
    """How an error names a printed value: `site.name`, `site['name']`, `notes`; anything else is
    "a value printed here" (Jinja2 keeps no source text for an expression)."""
    if isinstance(node, nodes.Name):
        return node.name
    owner = _spelled(node.node) if isinstance(node, nodes.Getattr | nodes.Getitem) else _UNNAMED
    if owner == _UNNAMED:  # `{}.items`: no name to build on
        return _UNNAMED
    if isinstance(node, nodes.Getattr):
        return f"{owner}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{owner}[{node.arg.value!r}]"
    return _UNNAMED


_UNNAMED = "a value printed here"


def _compared_spelling(node: nodes.Node) -> str:
    """How a refused comparison names its value: as _spelled does, and a filter or a method on a named
    value (`site.x | trim`, `site.x.strip()`, `site.get('x')`); else UNNAMED."""
    if isinstance(node, nodes.Filter) and node.node is not None and not node.name.startswith(RESERVED_PREFIX):
        owner = _compared_spelling(node.node)
        return UNNAMED if owner == UNNAMED else f"{owner} | {node.name}{_arguments(node, bare=True)}"
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
        owner = _compared_spelling(node.node.node)
        if owner == UNNAMED:
            return UNNAMED
        owner = f"({owner})" if " | " in owner else owner  # `(site.x | trim).upper()`
        return f"{owner}.{node.node.attr}{_arguments(node, bare=False)}"
    spelled = _spelled(node)
    return UNNAMED if spelled == _UNNAMED else spelled


def _arguments(node: nodes.Filter | nodes.Call, bare: bool) -> str:
    """The arguments of a filter or a call as written, when each is a literal (`(' ', '')`,
    `(chars='-')`); else `(...)`. A filter given none (`bare`) is written without brackets: `| trim`."""
    given = [(None, argument) for argument in node.args] + [(kw.key, kw.value) for kw in node.kwargs]
    if node.dyn_args or node.dyn_kwargs:
        return "(...)"
    if not given:
        return "" if bare else "()"
    written = []
    for key, argument in given:
        literal = _literal(argument, listed=False)
        if literal is _NO_LITERAL:
            return "(...)"
        written.append(f"{key}={jinja_literal(literal)}" if key else jinja_literal(literal))
    return f"({', '.join(written)})"


def _filter(name: str, value: Any, arguments: list[Any], lineno: int) -> nodes.Filter:
    """`value | name(arguments)`: the sandbox's own filters, called without a hook."""
    node = nodes.Filter(value, name, list(arguments), [], None, None)
    node.set_lineno(lineno)
    return node
