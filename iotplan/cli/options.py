"""Options shared by several commands, as decorators (sqlite-utils' habit)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from iotplan.apply.rollout import FailureBudget

F = Callable[..., Any]


def template_options(command: F) -> F:
    """--vars and --sites: render a Jinja2 manifest template for many sites."""
    command = click.option(
        "--sites",
        "sites_file",
        type=click.Path(dir_okay=False),
        help="CSV or YAML rows, one per site; the template loops over `sites`.",
    )(command)
    return click.option(
        "--vars",
        "vars_file",
        type=click.Path(dir_okay=False),
        help="YAML file of template variables.",
    )(command)


def examples(*lines: str) -> str:
    """A --help epilog that click prints as written."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


class FailureBudgetType(click.ParamType):
    name = "N|P%"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> FailureBudget:
        if isinstance(value, FailureBudget):
            return value
        try:
            return FailureBudget.parse(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)
