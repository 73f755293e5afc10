"""pydantic's validation errors → iotplan Problems that read like a person wrote them."""

from __future__ import annotations

import datetime
import math
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from iotplan.errors import Problem
from iotplan.manifest.addresses import EntityIndex
from iotplan.manifest.models import API_VERSION, KEY_RULE, SECRET_FIELDS, Manifest, not_a_key
from iotplan.manifest.positions import Path, Position, dotted
from iotplan.manifest.source import SourceMap
from iotplan.manifest.text import explain, too_long
from iotplan.manifest.yaml_numbers import AmbiguousNumber, yaml11_spelling
from iotplan.secrets import mask_known, without_bare_tokens, without_url_credentials
from iotplan.wording import did_you_mean, printable, quoted

EXPECTED = {
    "string_type": "a string",
    "float_type": "a number",
    "int_type": "an integer",
    "bool_type": "true or false",
    "list_type": "a list",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "dict_type": "a mapping",
}
# YAML 1.1 reads these words unquoted as booleans: a text setting written so is hinted, as an
# unquoted off is for power (edge.py).
BOOLEAN_HINT = "; an unquoted yes, no, on, off, true or false is read as a boolean: quote it if text"

YAML_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    list: "a list",
    dict: "a mapping",
    type(None): "nothing (null)",
}


def problems_from_validation(
    error: ValidationError, entities: EntityIndex, source: SourceMap, at: Path = ()
) -> list[Problem]:
    """`error` of validating what is at `at` in the manifest as written, whose `entities` name it."""
    return [
        _problem({**detail, "loc": (*at, *detail["loc"])}, entities, source)
        for detail in error.errors(include_url=False)
    ]


STACK_MISSING = (
    "missing required field 'stack': name this manifest's ownership scope (every refId iotplan creates "
    "is '{stack}:{node}/...', and a plan removes only what carries it); it is never taken from the file "
    "name, because a renamed or same-named file would then recreate or delete another file's network"
)


def _problem(detail: Any, entities: EntityIndex, source: SourceMap) -> Problem:
    loc: Path = tuple(detail["loc"])
    kind = detail["type"]
    if kind == "missing" and len(loc) == 1:  # a top-level field: the file as a whole lacks it
        position = Position(1, 1)
    else:
        position = source.locate(loc, at_key=kind == "extra_forbidden")
    address, inner = entities.locate(loc)
    message = _message(kind, detail, loc)
    where = inner[:-1] if kind in {"extra_forbidden", "missing"} else inner
    if where:
        message = f"{dotted(where)}: {message}"
    message += source.alias_note(loc)
    return shown_problem(source.file, position.line, position.column, address, message)


def shown_problem(file: str, line: int, column: int, address: str, message: str) -> Problem:
    """A manifest's or a template's problem as it is shown: its address and message each `masked`.
    An address is keys, and a key (a --sites row's first cell) may be a token known by its shape: its
    own problem refuses it masked, and every other one naming it or quoting it (a duplicate key, a
    `moved` entry) is made here, so none shows it in clear beside that refusal."""
    return Problem(file, line, column, printable(masked(address)), printable(masked(message)))


def masked(message: str) -> str:
    """A manifest's or a template's error message as shown: with a URL's user name and password,
    a parameter named like a credential (`?api_key=`), a token told by its shape (`ghp_...`) and any
    secret this run read as "(sensitive)", as plans show them. The one place such a message is made
    safe: it may quote any value (a --sites cell, a manifest's text), and Jinja2 quotes them in its own
    words (`'dict object' has no attribute ...`)."""
    return without_bare_tokens(without_url_credentials(mask_known(message)))


def _message(kind: str, detail: Any, loc: Path) -> str:
    field = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        return _unknown_field(str(field), _allowed_fields(loc[:-1]))
    if kind == "missing":
        return STACK_MISSING if loc == ("stack",) else f"missing required field {field!r}"
    if field == "apiVersion":
        return f"unsupported apiVersion {_shown(detail['input'])}: this iotplan reads {API_VERSION!r}"
    if kind == "string_pattern_mismatch" and detail["ctx"]["pattern"] == KEY_RULE:
        return not_a_key(detail["input"])
    if kind == "string_pattern_mismatch" and field not in SECRET_FIELDS:
        return explain(detail["input"], detail["ctx"]["pattern"])
    if kind == "string_too_long":
        return too_long(detail["input"], detail["ctx"]["max_length"])
    if kind in NUMBER_BOUNDS:
        return _out_of_bounds(kind, detail, str(field))
    if kind in EXPECTED or kind == "literal_error":
        return _wrong_type(kind, detail, str(field))
    return str(detail["msg"]).removeprefix("Value error, ")


NUMBER_BOUNDS = ("greater_than_equal", "less_than_equal", "greater_than", "finite_number")


def _out_of_bounds(kind: str, detail: Any, field: str) -> str:
    value = detail["input"]
    if field in ("lat", "lon"):
        name, bound = ("latitude", 90) if field == "lat" else ("longitude", 180)
        if kind == "finite_number":
            return f"{name} {_not_finite(value)}: give one in [-{bound}, {bound}]"
        return f"{name} {value} is outside [-{bound}, {bound}]"
    if field == "usb_port":
        return f"port {value} is outside 1..65535"
    if kind == "less_than_equal":
        return f"{value} is more than the maximum, {detail['ctx']['le']}"
    if kind == "greater_than_equal":
        return f"{value} is less than the minimum, {detail['ctx']['ge']}"
    if kind == "greater_than":
        minimum = f"{detail['ctx']['gt']:g}"
        return f"{value} is not more than {minimum}: give a number above {minimum}"
    return f"{_not_finite(value)}: give a finite number"


def _not_finite(value: float) -> str:
    return f"{_yaml_not_finite(value)} is {'not a number' if math.isnan(value) else 'infinite'}"


def _yaml_not_finite(value: float) -> str:
    """`.nan` or `.inf` as YAML spells it (the user wrote that, not Python's nan or inf)."""
    return ".nan" if math.isnan(value) else f"{'-' if value < 0 else ''}.inf"


def _wrong_type(kind: str, detail: Any, field: str) -> str:
    value = detail["input"]
    if field in SECRET_FIELDS and kind != "literal_error":
        return f"expected {EXPECTED[kind]}, got a literal value"
    if kind == "string_type" and isinstance(value, datetime.date):
        return _read_as_date(field)
    if isinstance(value, AmbiguousNumber) and kind in _TEXT_OR_NUMBER:
        return _ambiguous_number(value, kind)
    if kind == "literal_error":
        message = f"{_shown(value)} is not one of {detail['ctx']['expected']}"
    else:
        message = f"expected {EXPECTED[kind]}, got {_describe(value)}"
    return f"{message}{BOOLEAN_HINT}" if isinstance(value, bool) else f"{message}{_number_hint(kind, value)}"


_TEXT_OR_NUMBER = ("string_type", "int_type", "float_type")


def _ambiguous_number(value: AmbiguousNumber, kind: str) -> str:
    """Told as an unquoted yes read as a boolean is: how it was read, and what to write instead."""
    advice = value.as_text() if kind == "string_type" else value.as_number()
    return f"{value.text} is {value.readings()}: {advice}"


def _number_hint(kind: str, value: Any) -> str:
    """For `1e-7` where a number belongs, or `0o7` where an integer does: numbers to YAML 1.2, text
    to YAML 1.1 (yaml_numbers.py)."""
    if kind not in ("int_type", "float_type") or not isinstance(value, str):
        return ""
    spelled = yaml11_spelling(value)
    if spelled is None or (kind == "int_type" and "." in spelled) or _infinite(spelled):
        return ""  # `1e999` written `1.0e+999` is infinite, which no field takes either
    return f"; YAML 1.1 reads {value} as text: write {spelled}"


def _infinite(spelled: str) -> bool:
    return "." in spelled and not math.isfinite(float(spelled))


def _read_as_date(field: str) -> str:
    """YAML 1.1 reads an unquoted 2026-03-01 as a date, which no field takes: a manifest writes
    dates as text (hinted as an unquoted off read as a boolean is, edge.py)."""
    example = ", e.g. zero_date: '2026-03-01T00:00:00Z'" if field == "zero_date" else " if text"
    return f"an unquoted date is read as a date, not text: quote it{example}"


def _describe(value: Any) -> str:
    if isinstance(value, AmbiguousNumber):
        return f"{value.text}, {value.readings()}"
    if isinstance(value, bool):
        return f"a boolean ({_yaml_boolean(value)})"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    name = YAML_TYPE_NAMES.get(str if isinstance(value, str) else type(value))  # a NumberLikeText too
    if name is None:  # binary data: named, never shown as Python writes it
        return "binary data (a !!binary tag)" if isinstance(value, bytes) else "a value of another kind"
    return name if isinstance(value, dict | list) or value is None else f"{name} ({quoted(value)})"


def _shown(value: Any) -> str:
    """A scalar as written; anything else (a mapping, a date) described, never in Python's notation."""
    if isinstance(value, bool):  # before int: a bool is one, and Python would write it False
        return _yaml_boolean(value)
    if isinstance(value, AmbiguousNumber):
        return value.text
    if isinstance(value, float) and not math.isfinite(value):
        return _yaml_not_finite(value)
    return repr(value) if isinstance(value, str | int | float) else _describe(value)


def _yaml_boolean(value: bool) -> str:
    return "true" if value else "false"


def _unknown_field(field: str, allowed: list[str]) -> str:
    message = f"unknown field {field!r}"
    close = did_you_mean(field, allowed)
    if close:
        return f"{message} (did you mean {close!r}?)"
    return f"{message}; allowed: {', '.join(allowed)}" if allowed else message


def _allowed_fields(loc: Path) -> list[str]:
    model = _model_at(loc)
    if model is None:
        return []
    return sorted(info.alias or name for name, info in model.model_fields.items())


def _model_at(loc: Path) -> type[BaseModel] | None:
    """The model class that validates the mapping at `loc`, following field annotations."""
    model: type[BaseModel] | None = Manifest
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        field = next((f for n, f in model.model_fields.items() if part in (n, f.alias)), None)
        model = _model_in(field.annotation) if field else None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found:
                return found
    return None
