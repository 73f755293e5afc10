"""drift: where reality has wandered from git. Read-only, safe to schedule. Parse → call → view."""

from __future__ import annotations

import os
from pathlib import Path

import click

from iotplan.cli.exit_codes import ExitCode
from iotplan.cli.options import TemplateFiles, examples, no_color_option, target_options, template_inputs
from iotplan.cli.output import on_target, use_color
from iotplan.cli.progress import Progress
from iotplan.clients.target import Target, TargetOptions
from iotplan.commands import DriftRequest, drift_command, load_desired
from iotplan.plan.drift import Report
from iotplan.render.drift import (
    render_drift_json,
    render_drift_junit,
    render_drift_markdown,
    render_drift_text,
)
from iotplan.render.drift_html import render_drift_html

FORMATS = ("text", "json", "markdown", "junit", "html")
RENDERERS = {
    "json": render_drift_json,
    "markdown": render_drift_markdown,
    "junit": render_drift_junit,
    "html": render_drift_html,
}


@click.command(
    epilog=examples(
        "iotplan drift examples/quickstart/site.yaml",
        "iotplan drift sites/*.yaml --format junit --output drift.xml",
        "iotplan drift site.yaml.j2 --sites sites.csv --format html --output drift.html",
    )
)
@click.argument("manifests", nargs=-1, required=True, metavar="MANIFEST...")
@template_inputs
@target_options
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
    help="Report format.",
)  # fmt: skip
@click.option("--output", "output_file", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--show-in-sync", is_flag=True, help="Also list entities that are in sync (text format).")
@no_color_option
def drift(
    manifests: tuple[str, ...],
    template: TemplateFiles,
    target: TargetOptions,
    output_format: str,
    output_file: str | None,
    show_in_sync: bool,
    no_color: bool,
) -> int:
    """Report where the platform and the gateways differ from MANIFEST(s). Writes nothing.

    Per entity and gateway setting a status: IN_SYNC, MODIFIED (with expected and actual
    values), MISSING, UNMANAGED, PENDING or UNREACHABLE (gateways), NOT_CHECKED. Several
    manifests give one combined report. Exit codes: 0 in sync, 2 drift, 1 error.
    """
    desired = [(path, load_desired(template.input(path))) for path in manifests]
    request = DriftRequest(desired, target.parallelism)

    async def work(opened: Target) -> Report:
        with Progress(total=len(desired), description="Reading") as progress:
            return await drift_command(opened, request, os.environ, on_read=progress.advance)

    report = on_target(target, work)
    _write(report, output_format, output_file, use_color(no_color) and not output_file, show_in_sync)
    return ExitCode.CHANGES if report.drifted else ExitCode.OK


def _write(report: Report, output_format: str, output_file: str | None, color: bool, in_sync: bool) -> None:
    if output_format == "text":
        text = render_drift_text(report, color=color, show_in_sync=in_sync)
    else:
        text = RENDERERS[output_format](report)
    if output_file:
        Path(output_file).write_text(text, encoding="utf-8")
        click.echo(f"{report.summary_line()} Report written to {output_file}.", err=True)
    else:
        click.echo(text, nl=False)
