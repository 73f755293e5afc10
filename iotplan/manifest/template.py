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
        loader=jinja2.FunctionLoader(lambda _: (text, name, lambda: True)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    try:
        return environment.get_template(name).render(variables)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"{name}:{error.lineno}: template syntax error: {error.message}") from None
    except jinja2.UndefinedError as error:
        raise TemplateError(f"{name}:{_template_line(error, name)}: {error.message}") from None
    except jinja2.TemplateError as error:  # includes sandbox security errors
        raise TemplateError(f"{name}:{_template_line(error, name)}: {error}") from None


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
    data = yaml.safe_load(_read(path)) or {}
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: --vars must be a YAML mapping of variable names to values")
    return data


def _read_sites(path: str) -> list[dict[str, Any]]:
    text = _read(path)
    if path.endswith(".csv"):
        return [_csv_row(row) for row in csv.DictReader(io.StringIO(text))]
    rows = yaml.safe_load(text) or []
    if isinstance(rows, dict) and isinstance(rows.get("sites"), list):
        rows = rows["sites"]
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise TemplateError(f"{path}: --sites must be a CSV file or a YAML list of mappings")
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
