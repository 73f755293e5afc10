"""drift: where reality has wandered from git. Read-only, safe to schedule."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import click

from iotplan.cli.aio import run
from iotplan.cli.options import examples, template_options
from iotplan.cli.plan_commands import (
    EXIT_CHANGES,
    announce_target,
    load_with_source,
    target_options,
    target_settings,
    use_color,
)
from iotplan.cli.progress import Progress
from iotplan.clients.target import open_target
from iotplan.plan.drift import Report, drift_entries
from iotplan.render.drift import (
    render_drift_json,
    render_drift_junit,
    render_drift_markdown,
    render_drift_text,
)
from iotplan.render.drift_html import render_drift_html
from iotplan.workflow import Settings, plan_manifest

FORMATS = ("text", "json", "markdown", "junit", "html")
MANIFESTS_AT_ONCE = 4  # each manifest's read is itself concurrent under --parallelism


@click.command(
    epilog=examples(
        "iotplan drift examples/quickstart/site.yaml",
        "iotplan drift sites/*.yaml --format junit --output drift.xml",
        "iotplan drift site.yaml.j2 --sites sites.csv --format html --output drift.html",
    )
)
@click.argument("manifests", nargs=-1, required=True, metavar="MANIFEST...")
@template_options
@target_options
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
    help="Report format.",
)  # fmt: skip
@click.option("--output", "output_file", type=click.Path(dir_okay=False), help="Write the report here.")
@click.option("--show-in-sync", is_flag=True, help="Also list entities that are in sync (text format).")
@click.option("--no-color", is_flag=True, help="No colour even on a terminal (NO_COLOR is honoured too).")
def drift(
    manifests: tuple[str, ...],
    output_format: str,
    output_file: str | None,
    show_in_sync: bool,
    no_color: bool,
    **kwargs: Any,
) -> int:
    """Report where the platform and the gateways differ from MANIFEST(s). Writes nothing.

    Per entity and gateway setting a status: IN_SYNC, MODIFIED (with expected and actual
    values), MISSING, UNMANAGED, PENDING or UNREACHABLE (gateways), NOT_CHECKED. Several
    manifests give one combined report. Exit codes: 0 in sync, 2 drift, 1 error.
    """
    report = run(_drift(manifests, kwargs))
    if output_format == "text":
        color = use_color(no_color) and not output_file
        text = render_drift_text(report, color=color, show_in_sync=show_in_sync)
    else:
        text = RENDERERS[output_format](report)
    if output_file:
        Path(output_file).write_text(text, encoding="utf-8")
        click.echo(f"{report.summary_line()} Report written to {output_file}.", err=True)
    else:
        click.echo(text, nl=False)
    return EXIT_CHANGES if report.drifted else 0


RENDERERS = {
    "json": render_drift_json,
    "markdown": render_drift_markdown,
    "junit": render_drift_junit,
    "html": render_drift_html,
}


async def _drift(manifests: tuple[str, ...], kwargs: dict[str, Any]) -> Report:
    loaded = [load_with_source(path, kwargs["vars_file"], kwargs["sites_file"]) for path in manifests]
    async with open_target(target_settings(kwargs), os.environ) as target:
        announce_target(target.description)
        report = Report(target=target.description)
        limit = asyncio.Semaphore(MANIFESTS_AT_ONCE)
        with Progress(total=len(loaded), description="Reading") as progress:

            async def one(path: str, index: int) -> None:
                manifest, source = loaded[index]
                settings = Settings(parallelism=kwargs["parallelism"], source=source)
                async with limit:
                    plan = await plan_manifest(
                        target.client, manifest, target.description, settings, os.environ, target.open_gateway
                    )
                report.entries.extend(drift_entries(plan, path))
                progress.advance()

            await asyncio.gather(*(one(path, index) for index, path in enumerate(manifests)))
    report.entries.sort(key=lambda entry: (entry.manifest, entry.site))
    return report
