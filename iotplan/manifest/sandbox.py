"""The Jinja2 sandbox manifests render in: Jinja2's immutable sandbox, bounded by limits.py.

Every call, attribute, operator and filter a template uses passes a check of limits.py first;
`int`, `float` and `bool` refuse text they cannot read instead of printing 0; `random` is gone
(a plan must be the same every time); `{% call %}` takes macros only (it prints what it calls
as the template's own text).
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from collections.abc import Callable, Iterable, KeysView, Mapping, ValuesView
from decimal import Decimal
from typing import Any, cast

import jinja2
from jinja2.filters import make_attrgetter
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import MAX_RANGE, ImmutableSandboxedEnvironment, SandboxedFormatter

from iotplan.manifest.limits import (
    MAX_VALUE,
    Budget,
    CountedLoop,
    LimitExceeded,
    check_binop,
    check_format_spec,
    check_growth,
    check_percent_format,
    check_size,
    too_big,
)
from iotplan.manifest.rendered import CallBody, check_printable
from iotplan.manifest.template_credentials import WithheldCredential
from iotplan.manifest.template_data import (
    AS_A_CONDITION,
    LOOKED_UP,
    TRUE_WORDS,
    UNNAMED,
    AmbiguousBoolean,
    DataText,
    MixedComparison,
)
from iotplan.wording import quoted

# The tests that compare, by the operator each stands for: `site.x is eq 3`, `select('eq', 3)`.
COMPARING_TESTS = {"eq": "==", "equalto": "==", "==": "==", "ne": "!=", "!=": "!=", "in": "in"}


class BadValue(ValueError):
    """A value a filter cannot convert, said in words (never a silent 0); `value` and the
    `converter` (`int`, `float`, `bool`) let the error find the expression that failed."""

    def __init__(self, message: str, value: Any, converter: str) -> None:
        super().__init__(message)
        self.value, self.converter = value, converter


def printable(value: Any, spelled: str) -> Any:
    """A printed value, refused by name when null, a mapping or list, or any other object that is
    not text, a number or a boolean (only in the render that names what finalize refused)."""
    check_printable(value, spelled)
    return value


class BoundedFormatter(SandboxedFormatter):
    """str.format in the sandbox, refusing field widths that would allocate gigabytes."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        check_format_spec(format_spec)
        check_printable(value, "a value given to .format")
        return check_size(super().format_field(value, format_spec))


def _refused(name: str, why: str) -> Callable[..., Any]:
    """A filter Jinja2 has that no manifest may use: refused at its line, saying why."""

    def refuse(*_: Any, **__: Any) -> Any:
        raise jinja2.TemplateRuntimeError(f"| {name} is refused: {why}")

    return refuse


CALL_BLOCK = "iotplan_call_block"  # the keyword template.py gives the call of each {% call %}


def bounded_range(*args: int) -> range:
    """Jinja2's sandboxed range(), which measures a range with len(): of more numbers than an index
    holds (range(99999999999999999999)) that fails in Python's own words, `Python int too large to
    convert to C ssize_t`, where one less long is told the limit (template.py `_describe`)."""
    numbers = range(*args)
    try:
        too_long = len(numbers) > MAX_RANGE
    except OverflowError:
        too_long = True
    if too_long:
        raise OverflowError(f"Range too big. The sandbox blocks ranges larger than MAX_RANGE ({MAX_RANGE}).")
    return numbers


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, with every growth, call and loop counted against a Budget."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, budget: Budget, expanded: Callable[[str], str], **options: Any) -> None:
        super().__init__(**options)
        self.budget, self.expanded = budget, expanded
        self.globals.pop("lipsum", None)  # lorem ipsum of any length: nothing a manifest needs
        self.globals["range"] = bounded_range
        self.filters.update(int=strict_int, float=strict_float, bool=strict_bool)
        self.filters["join"] = _join_refusing_nulls(self.filters["join"])
        self.filters["random"] = _refused("random", "a plan must be the same every time it is made")
        self._read_ambiguous_booleans_as_booleans()
        self._refuse_withheld_credentials()
        self.filters["pprint"] = _refused(
            "pprint",
            "it writes Python's repr (`range(0, 3)`), never a value a manifest means: `| tojson` "
            "writes a mapping or a list as JSON text",
        )
        self.filters = {name: self._bounded_filter(name, f) for name, f in self.filters.items()}
        # Filters, not globals: the compiled template calls a filter directly, without the
        # sandbox's call hook, and a template cannot redefine one.
        self.filters["iotplan_counted_loop"] = lambda items, printed: CountedLoop(budget, items, printed)
        self.filters["iotplan_concat"] = self._concat
        self.filters["iotplan_printable"] = printable
        self.filters["iotplan_expanded"] = expanded
        self.filters["iotplan_compared"] = compared
        self.filters["iotplan_compared_pair"] = compared_pair
        self.filters["iotplan_condition"] = condition
        self.filters["iotplan_member"] = member
        for name in COMPARING_TESTS:  # `select('eq', 3)`, `selectattr('x', 'equalto', count)`
            self.tests[name] = _kind_checked(self.tests[name], COMPARING_TESTS[name])

    def _read_ambiguous_booleans_as_booleans(self) -> None:
        """A --vars or --sites bare yes or no (template_data.AmbiguousBoolean) is its boolean wherever
        one is asked for: `is true`, `is false`, `is boolean`, `is sameas` (and `| bool`, strict_bool);
        `| tojson` prints, so refuses it. Text is never a boolean, whatever it reads: `is true`, `is false`
        and `is sameas` a number or a boolean would be false of the cell 'true' without a word, refused."""
        self.tests.update(
            true=lambda value: _tested_boolean(value, "is true") is True,
            false=lambda value: _tested_boolean(value, "is false") is False,
            boolean=lambda value: isinstance(_boolean(value), bool),
            sameas=_same_as,
            divisibleby=_divisible_by,
        )
        self.policies["json.dumps_kwargs"] = {"sort_keys": True, "default": _refuse_in_json}

    def _refuse_withheld_credentials(self) -> None:
        """Jinja2 answers `is defined` and `| default` by a value's type, asking nothing of it: a
        withheld credential (template_credentials.py) would read as missing, `| default('none')` printing
        'none' where the template means the password. Refused as every other use of it is."""
        for name in ("defined", "undefined"):
            self.tests[name] = _refusing_withheld(cast("Callable[..., Any]", self.tests[name]))
        for name in ("default", "d"):
            self.filters[name] = _refusing_withheld(self.filters[name])

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        check_binop(operator, left, right)
        if operator == "%" and isinstance(left, str):
            _refuse_unprintable_formatted(left, right)
        return self.budget.build(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self.budget.charge(1, 0)  # a call costs what an iteration does: recursion is bounded too
        call_block = kwargs.pop(CALL_BLOCK, False)
        if isinstance(kwargs.get("caller"), Macro) and not isinstance(__obj, Macro):
            # {% call %} writes what it calls verbatim: only a macro's own text may be written so.
            raise LimitExceeded("{% call %} takes a macro of this template")
        if isinstance(__obj, Macro) and not __obj.caller and "caller" in kwargs:
            _drop_empty_caller(__obj, kwargs)
        if isinstance(__obj, LoopContext) and args:  # a recursive loop: its items count too
            printed = getattr(__obj._iterable, "printed", 0)
            args = (CountedLoop(__self.budget, args[0], printed), *args[1:])
        name = getattr(__obj, "__name__", "")
        receiver = getattr(__obj, "__self__", None)
        check_growth(name, receiver, args, kwargs)
        if name == "get" and isinstance(receiver, Mapping) and args:  # `zones.get(site.zone, 'none')`
            _refuse_missed_key(receiver, args[0])
        result = __self.budget.build(super().call(__context, __obj, *args, **kwargs))
        if isinstance(result, str):  # a macro's text, which {% call %} prints
            __self.budget.produce(len(result))
            # Only {% call %} writes a macro's text as the template's own, placeholders and all;
            # anywhere else it is a value, which a comparison or a filter must see as plain text.
            if call_block:
                return result
            if isinstance(__obj, Macro) and __obj.name is None:  # caller(): a {% call %} body (unnamed)
                return CallBody(__self.expanded(result))
            return __self.expanded(result)
        return result

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.tick()
        item = super().getitem(obj, argument)
        if isinstance(argument, slice):
            return self.budget.build(item)  # a slice is a copy
        if isinstance(item, jinja2.Undefined) and isinstance(obj, Mapping):  # `zones[site.zone]`, missed
            refuse_other_kinds(argument, obj, LOOKED_UP, UNNAMED)
        return item

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        formatter = BoundedFormatter(self)
        is_format_map = value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                kwargs, args = (args[0] if args else {}), ()
            return formatter.vformat(value.__self__, args, kwargs)

        return bounded

    def _concat(self, first: Any, *parts: Any) -> str:
        parts = (first, *parts)
        for part in parts:  # `~` would join the text 'None', or Python's repr of anything else
            check_printable(part, "a value joined with ~")
        texts = [str(part) for part in parts]
        size = sum(len(text) for text in texts)
        if size > MAX_VALUE:
            raise too_big("a joined text (~)", size)
        return self.budget.build("".join(texts))

    def _bounded_filter(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self.budget.tick()
            value_index = 1 if getattr(function, "jinja_pass_arg", None) else 0
            if len(args) > value_index:
                check_growth(name, args[value_index], args[value_index + 1 :], kwargs)
                if name == "format":
                    check_percent_format(args[value_index])
                _refuse_unprintable(name, args[value_index], args[value_index + 1 :], kwargs)
            result = function(*args, **kwargs)
            if name in ("batch", "slice"):  # lists of lists: each one built is charged as it is made
                return self.budget.build_each(result)
            if name in _TEXT_FILTERS and result.__class__ is DataText:  # `| string`, a short `| truncate`
                result = str(result)  # text made by a filter: plain text, checked against a literal only
            return self.budget.build(result)

        return bounded


def compared(value: Any, literal: Any, operator: str, spelled: str) -> Any:
    """`value`, about to be compared with `literal` by `operator`: refused when one is text and the
    other not (for `in`, when no item of the literal list is of the value's kind), whatever made it
    (`site.piezometers`, `| trim`, `.strip()`): Python's text is never equal to a number. `spelled`
    names it as the line reads it, else UNNAMED; a DataText compared with a number where no literal
    stands (`selectattr('x', 'eq', 3)`) refuses itself, named by its column."""
    kind = _scalar_kind(value)
    literals = literal if isinstance(literal, list) else [literal]
    kinds = {_scalar_kind(item) for item in literals if item is not None}
    if kind is not None and kinds and kind not in kinds:
        raise MixedComparison(value, literal, operator, spelled)
    # Checked: compared as plain text, so that the number in a list meant mixed (`in ['3', 4]`) is not
    # refused by the DataText itself.
    return str(value) if value.__class__ is DataText else value


def condition(value: Any) -> Any:
    """A value an `{% if %}`, `not` or loop filter asks: text that `| bool` reads false ('0', 'n',
    'false', ...) is true to Python, so a data text reading so is refused there (DataText itself refuses
    only the words no default is given for: `(site.count or 3)` keeps a '0')."""
    if value.__class__ is DataText and value.strip().lower() in _FALSE - {""}:
        raise MixedComparison(value, True, AS_A_CONDITION)
    return value


def compared_pair(left: Any, right: Any, operator: str, left_spelled: str, right_spelled: str) -> bool:
    """`left == right` (or `!=`) for two expressions a line compares (`site.x | trim == count`): refused
    when one is text and the other a number, a boolean or a date, as `compared` refuses it against a
    literal."""
    _refuse_mixed(left, right, operator, left_spelled, right_spelled)
    return bool(left == right) if operator == "==" else bool(left != right)


# What `in` looks through item by item (a mapping: its keys): a value of no item's kind is never found.
_CONTAINERS = (list, tuple, set, frozenset, range, Mapping, KeysView, ValuesView)


def member(value: Any, container: Any, operator: str, spelled: str, against: str) -> bool:
    """`value in container` (or `not in`) where the line names a list, a mapping or a range (`site.code in
    active`, `site.zone in zones`): a value found is found; one missed is refused when no item (no key)
    is of its kind, the container named as the line reads it (`against`). Text in text is Jinja2's."""
    if not isinstance(container, _CONTAINERS):
        return value in container if operator == "in" else value not in container
    # As plain text: a DataText would refuse itself at the first number of a mixed list (`['3', 4]`).
    found = (str(value) if value.__class__ is DataText else value) in container
    if not found:
        refuse_other_kinds(value, container, operator, spelled, against)
    return found if operator == "in" else not found


def refuse_other_kinds(value: Any, container: Any, operator: str, spelled: str, against: str = "") -> None:
    """`value`, not found in `container`: refused when the container holds scalars (a mapping, keys)
    and none of the value's kind, which could never be found; mixed kinds are Jinja2's own."""
    kind = _scalar_kind(value)
    if kind is None:
        return
    other_kinds = False
    for item in container:
        item_kind = _scalar_kind(item)
        if item_kind == kind:
            return
        other_kinds = other_kinds or item_kind is not None
    if other_kinds:
        keys = isinstance(container, Mapping | KeysView)
        raise MixedComparison(value, list(container), operator, spelled, against=against, keys=keys)


def _refuse_missed_key(mapping: Mapping[Any, Any], key: Any) -> None:
    try:
        found = (str(key) if key.__class__ is DataText else key) in mapping
    except TypeError:  # unhashable: `.get` says so itself
        return
    if not found:
        refuse_other_kinds(key, mapping, LOOKED_UP, UNNAMED)


def _tested_boolean(value: Any, test: str) -> Any:
    """`is true`/`is false` ask whether the value is the boolean itself: text never is."""
    if isinstance(value, str):
        raise MixedComparison(value, test == "is true", test)
    return _boolean(value)


def _same_as(value: Any, other: Any) -> bool:
    _refuse_mixed(value, other, "is sameas", UNNAMED, UNNAMED)
    return _boolean(value) is _boolean(other)


def _divisible_by(value: Any, number: Any) -> bool:
    """Jinja2's `divisibleby` reads text as a % format (`'3' % 3`): a TypeError that never says text."""
    for given in (value, number):
        if isinstance(given, str):
            raise TypeError(f"is divisibleby takes numbers, not the str {quoted(given)}")
    return bool(value % number == 0)


def _kind_checked(test: Any, operator: str) -> Callable[..., bool]:
    """A comparing test as `select`, `reject`, `selectattr` and `rejectattr` call it with the value and
    what it is compared with: refused for text and a number, as `==` is; for `in`, a list or a mapping
    with no item of the value's kind."""

    def checked(value: Any, other: Any) -> bool:
        if operator == "in":
            if isinstance(other, _CONTAINERS):
                return member(value, other, operator, UNNAMED, "")
        else:
            _refuse_mixed(value, other, operator, UNNAMED, UNNAMED)
        return test(value, other)

    return checked


def _refuse_mixed(left: Any, right: Any, operator: str, left_spelled: str, right_spelled: str) -> None:
    kinds = _scalar_kind(left), _scalar_kind(right)
    if None in kinds or kinds[0] == kinds[1]:
        return
    if kinds[0] == "text":
        raise MixedComparison(left, right, operator, left_spelled)
    raise MixedComparison(right, left, operator, right_spelled)


def _scalar_kind(value: Any) -> str | None:
    """text, or not: an AmbiguousBoolean refuses text itself, with its own words; null, an undefined
    or a mapping is left to Jinja2."""
    if isinstance(value, str):
        return "text"
    if isinstance(value, bool | int | float | datetime.date):
        return "not text"
    return None


def _drop_empty_caller(macro: Macro, kwargs: dict[str, Any]) -> None:
    """{% call %} is how a macro's text becomes structure (a {{ }} prints it as one value): a macro
    that never reads `caller` would refuse the one every {% call %} passes, so an empty body goes.
    A body with text would vanish without a word (an entry left out is a removal planned): refused."""
    if not isinstance(kwargs["caller"], Macro):  # text or a number given as `caller=`: no body at all
        raise LimitExceeded(
            f"macro {macro.name} takes no argument named caller: only {{% call %}} gives one; pass the text "
            "under another name"
        )
    if kwargs["caller"]().strip():
        message = (
            f"macro {macro.name} never prints caller(): its {{% call %}} body would be dropped; a body is "
            "one value: print it where the macro writes a value (notes: {{ caller() }}), pass the values as "
            "the macro's arguments instead, or call the macro without a body"
        )
        raise LimitExceeded(message)
    del kwargs["caller"]


# Filters that make text of the value they are given: a null would become 'None', a list its repr.
_TEXT_FILTERS = frozenset(
    {
        "capitalize",
        "center",
        "e",
        "escape",
        "forceescape",
        "indent",
        "lower",
        "safe",
        "string",
        "striptags",
        "title",
        "trim",
        "truncate",
        "upper",
        "urlize",
        "wordcount",
        "wordwrap",
    }
)


def _refuse_unprintable(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """A text filter, and `| format` for each value it is given, would print a null as the text
    'None' and any other object that is no text, number or boolean as its Python repr."""
    spelled = f"a value given to | {name}"
    if name == "format":
        given: tuple[Any, ...] = (value, *args, *kwargs.values())
    elif name == "replace":  # the text, and what to replace and with what
        given = (value, *args[:2], *(kwargs[key] for key in ("old", "new") if key in kwargs))
    elif name == "urlencode":  # a mapping or a list of pairs is its input too
        given = () if isinstance(value, Iterable) else (value,)
    else:
        given = (value,) if name in _TEXT_FILTERS else ()
    for each in given:
        check_printable(each, spelled)


_PERCENT_NAME = re.compile(r"%\(([^)]*)\)")


def _refuse_unprintable_formatted(template: str, right: Any) -> None:
    """`text % values` prints as `| format` does: each value it formats is checked the same way."""
    if isinstance(right, tuple):
        formatted = list(right)
    elif isinstance(right, Mapping) and _PERCENT_NAME.search(template):  # `%(name)s`: the names used
        formatted = [right[key] for key in _PERCENT_NAME.findall(template) if key in right]
    else:
        formatted = [right]
    for value in formatted:
        check_printable(value, "a value given to %")


def _join_refusing_nulls(join: Callable[..., Any]) -> Callable[..., Any]:
    """Jinja2's `join`, refusing a null among the items (after `attribute=`, from a list or a
    `| map` alike): it would print the text 'None'."""

    @functools.wraps(join)  # keeps pass_eval_context
    def joined(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> Any:
        items = list(value)
        if attribute is not None:
            items = list(map(make_attrgetter(eval_ctx.environment, attribute), items))
        for item in (*items, d):  # a null would print as 'None', anything else but text as its repr
            check_printable(item, "a value joined with | join")
        return join(eval_ctx, items, d)

    return joined


_NO_DEFAULT: Any = object()
_TRUE = TRUE_WORDS
_FALSE = {"false", "no", "n", "off", "0", ""}


# What `| int` and `| float` read in text: ASCII decimals. Python's own reading takes `1_000`, ` 7 `
# and other scripts' digits (`٣`) too, which a CSV cell holds by mistake, and a manifest refuses.
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ASCII_DIGITS = re.compile(r"[+-]?[0-9A-Za-z]+")  # any base's: `| int(base=16)` reads `ff`, `0x1F`


def _decimal(text: str) -> str:
    if not _DECIMAL.fullmatch(text):
        raise ValueError(text)
    return text


def _in_base(text: str, base: int) -> int:
    if not _ASCII_DIGITS.fullmatch(text):
        raise ValueError(text)
    return int(text, base)


def strict_int(value: Any, default: Any = _NO_DEFAULT, base: int = 10) -> Any:
    """Jinja2's `int`, except that text which is no whole number is an error, not 0."""
    try:
        if isinstance(value, str) and base == 10:
            text = _decimal(value)
            return _whole(text) if "." in text or "e" in text.lower() else int(text)
        if isinstance(value, str):
            return int(_in_base(value, base))
        if isinstance(value, float) and not value.is_integer():
            raise ValueError
        return int(value)
    except (TypeError, ValueError, OverflowError):
        if default is not _NO_DEFAULT:
            return default
        raise BadValue(f"{quoted(value)} is not a whole number (| int)", value, "int") from None


def _whole(text: str) -> int:
    """`1.0e3` as 1000, exactly: through a float, `9007199254740993e0` would read as ...992."""
    number = Decimal(text)
    if number.is_zero():  # `0e101`: no digits at all
        return 0
    if number.adjusted() > _MOST_DIGITS or number != number.to_integral_value():
        raise ValueError(text)
    return int(number)


_MOST_DIGITS = 100  # `1e999999999` would build a billion-digit number: no manifest field holds one


def strict_float(value: Any, default: Any = _NO_DEFAULT) -> Any:
    """Jinja2's `float`, except that text which is no finite number is an error, not 0.0."""
    try:
        number = float(_decimal(value) if isinstance(value, str) else value)
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError
        return number
    except (TypeError, ValueError, OverflowError):
        if default is not _NO_DEFAULT:
            return default
        raise BadValue(f"{quoted(value)} is not a finite number (| float)", value, "float") from None


def _boolean(value: Any) -> Any:
    return value.value if value.__class__ is AmbiguousBoolean else value


def _refusing_withheld(function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def refusing(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, WithheldCredential):
            value.refuse()
        return function(value, *args, **kwargs)

    return refusing


def _refuse_in_json(value: Any) -> Any:
    if value.__class__ is AmbiguousBoolean:
        raise value.refused()
    if isinstance(value, WithheldCredential):
        value.refuse()
    return json.JSONEncoder().default(value)  # json's own refusal of any other object


def strict_bool(value: Any) -> bool:
    """A CSV cell read as a flag: true/yes/y/on/1 or false/no/n/off/0/empty, any case."""
    if isinstance(value, bool):
        return value
    if value.__class__ is AmbiguousBoolean:  # a --vars or --sites bare yes or no: its boolean
        return bool(value.value)
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in _TRUE | _FALSE:
        return text in _TRUE
    message = f"{quoted(value)} is neither true nor false (| bool reads true/yes/1 or false/no/0)"
    raise BadValue(message, value, "bool")
