"""check-platform: try, on the user's own tenant, every assumption iotplan's writes depend on."""

from __future__ import annotations

import click

from iotplan.cli.aio import interrupted_exit
from iotplan.cli.exit_codes import ExitCode
from iotplan.cli.given_once import GivenOnceCommand
from iotplan.cli.options import (
    Scale,
    debug_option,
    examples,
    no_color_option,
    project_option,
    rate_limit_option,
    target_options,
)
from iotplan.cli.output import on_target, use_color
from iotplan.cli.stdout import refuse_closed_stdout, write_view
from iotplan.clients.target import TargetOptions
from iotplan.commands import CheckRequest, check_platform
from iotplan.render.check_report import render_check_json, render_check_text


@click.command(
    "check-platform",
    cls=GivenOnceCommand,
    epilog=examples(
        "IOTPLAN_API_KEY=... iotplan check-platform --project 6ee68656-ce20-452c-a4e6-b6b3a3b55537",
        "iotplan check-platform --project ID --format json > platform-check.json",
        "iotplan check-platform --project ID && iotplan apply site.yaml   # apply only if it holds",
        "iotplan check-platform --project ID --rate-limit 500/min   # a tenant on the smallest tier",
    ),
)
@project_option("The iTwin project (asset) id to try it in.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@no_color_option
@target_options
@rate_limit_option
@debug_option
def check_platform_command(
    project_id: str, output_format: str, no_color: bool, target: TargetOptions, scale: Scale
) -> ExitCode:
    """Check, once, that this platform behaves as iotplan's writes assume, before the first apply.

    Creates a scratch connection named "iotplan check-platform scratch (safe to delete)" in the
    project, with four devices and a sensor on each, tries each assumption with the platform's own
    integrate endpoint (refIds kept, updates merge, renames, removals cascade, a failed call
    changes nothing), reads the lists, and removes the connection again, also after an error,
    Ctrl-C or SIGTERM. Prints one line per assumption: what it saw and what iotplan will do.

    Exit 0 when every assumption a write depends on holds, 1 otherwise (and when the scratch
    connection could not be removed: its id is printed), 130 when interrupted (143 on SIGTERM).
    """
    refuse_closed_stdout()  # where the report goes: refused before the scratch writes, not after
    request = CheckRequest(project_id)

    def step(message: str) -> None:
        click.secho(message, err=True, dim=True)

    report = on_target(scale.paced(target), lambda opened: check_platform(opened, request, step))
    if output_format == "json":
        write_view(render_check_json(report))
    else:
        write_view(render_check_text(report, color=use_color(no_color)))
    if report.interrupted:
        return interrupted_exit()
    return ExitCode.OK if report.ok else ExitCode.ERROR
