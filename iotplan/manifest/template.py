"""Jinja2 manifests for many sites: sandboxed, and a missing variable is an error, never ''.

The template sees every variable of `--vars` at top level, and `sites`: the rows of `--sites`,
each row laid over the vars, so a row can override a default for one site.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.sandbox import SandboxedEnvironment

from iotplan.errors import TemplateError

TEMPLATE_SUFFIXES = (".j2", ".jinja", ".jinja2")


def is_template(name: str) -> bool:
    return name.endswith(TEMPLATE_SUFFIXES)


def render_template(text: str, name: str, variables: dict[str, Any]) -> str:
    """Render `text` (read from `name`); errors name the template's file and line."""
    environment = SandboxedEnvironment(
        # Only the template itself: an {% include %} of anything else is "not found", not a loop.
        loader=jinja2.FunctionLoader(lambda wanted: (text, name, lambda: True) if wanted == name else None),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    try:
        return environment.get_template(name).render(variables)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"{name}:{error.lineno}: template syntax error: {error.message}") from None
    except jinja2.TemplateNotFound as error:
        message = f"cannot include {error.name!r}: a template includes nothing but itself"
        raise TemplateError(f"{name}:{_template_line(error, name)}: {message}") from None
    except jinja2.UndefinedError as error:
        raise TemplateError(f"{name}:{_template_line(error, name)}: {error.message}") from None
    except jinja2.TemplateError as error:  # includes sandbox security errors
        raise TemplateError(f"{name}:{_template_line(error, name)}: {error}") from None
    except (ArithmeticError, TypeError, ValueError, LookupError, RecursionError) as error:  # {{ 1/0 }}
        message = f"{type(error).__name__}: {error}"
        raise TemplateError(f"{name}:{_template_line(error, name)}: {message}") from None


def _template_line(error: BaseException, name: str) -> int | str:
    """Jinja2 rewrites tracebacks so template frames carry the template's file name and line."""
    line: int | str = "?"
    traceback = error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code.co_filename == name:
            line = traceback.tb_lineno
        traceback = traceback.tb_next
    return line


def template_variables(vars_file: str | None, sites_file: str | None) -> dict[str, Any]:
    variables = _read_vars(vars_file) if vars_file else {}
    if sites_file:
        variables["sites"] = [{**variables, **row} for row in _read_sites(sites_file)]
    return variables


def _read_vars(path: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(_read(path)) or {}
    except yaml.YAMLError as error:
        raise TemplateError(f"{_where(path, error)}: --vars is not valid YAML: {_problem(error)}") from None
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: --vars must be a YAML mapping of variable names to values")
    return data


def _read_sites(path: str) -> list[dict[str, Any]]:
    text = _read(path)
    if path.endswith(".csv"):
        return _csv_rows(path, text)
    try:
        rows = yaml.safe_load(text) or []
    except yaml.YAMLError as error:
        raise TemplateError(f"{_where(path, error)}: --sites is not valid YAML: {_problem(error)}") from None
    if isinstance(rows, dict) and isinstance(rows.get("sites"), list):
        rows = rows["sites"]
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise TemplateError(f"{path}: --sites must be a CSV file or a YAML list of mappings")
    return rows


def _where(path: str, error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    return f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path


def _problem(error: yaml.YAMLError) -> str:
    return str(getattr(error, "problem", None) or error).splitlines()[0]


def _csv_rows(path: str, text: str) -> list[dict[str, Any]]:
    """Every row must have the header's cells: an unclosed quote swallows the rows after it."""
    reader = csv.DictReader(io.StringIO(text), restkey="#extra")
    rows = []
    for row in reader:
        if "#extra" in row or None in row.values():
            width = len(reader.fieldnames or [])
            raise TemplateError(
                f"{path}:{reader.line_num}: this row does not have the header's {width} cells"
            )
        rows.append(_csv_row(row))
    return rows


def _csv_row(row: dict[str, str]) -> dict[str, Any]:
    """CSV cells are text; read each as a YAML scalar so numbers and booleans keep their type."""
    return {key.strip(): _scalar(value) for key, value in row.items() if key}


def _scalar(value: str | None) -> Any:
    if value is None or value.strip() == "":
        return None
    try:
        parsed = yaml.safe_load(value)
    except yaml.YAMLError:
        return value
    return parsed if isinstance(parsed, str | int | float | bool) else value


def _read(path: str) -> str:
    try:
        return sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise TemplateError(f"{path}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError as error:
        raise TemplateError(f"{path}: not UTF-8 text (byte {error.start})") from None
