"""show: a saved plan or drift report as text, JSON or Markdown, without reading the platform.
Parse → call → view."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from iotplan.cli.exit_codes import ExitCode
from iotplan.cli.given_once import GivenOnceCommand
from iotplan.cli.options import NO_DETAIL, NotEmpty, detail_option, examples, no_color_option
from iotplan.cli.output import use_color
from iotplan.cli.stdout import write_chunks, write_view
from iotplan.commands.show import read_saved
from iotplan.errors import IotplanError
from iotplan.plan.drift import Report
from iotplan.plan.model import Plan
from iotplan.render import plan_json_chunks, render_markdown, render_text
from iotplan.render.drift import render_drift_junit, render_drift_markdown, render_drift_text
from iotplan.render.drift_html import render_drift_html
from iotplan.render.drift_json import drift_json_chunks
from iotplan.render.read_time import read_line

PLAN_FORMATS = ("text", "json", "markdown")
DRIFT_FORMATS = (*PLAN_FORMATS, "junit", "html")


@click.command(
    cls=GivenOnceCommand,
    epilog=examples(
        "iotplan show plan.json",
        "iotplan show plan.json --detail   # every sensor of an identical update named",
        "iotplan show plan.json --format markdown > plan.md",
        "iotplan show drift.json --format html > drift.html",
    ),
)
@click.argument("saved", metavar="PLAN.json|DRIFT.json", type=NotEmpty(click.Path(dir_okay=False)))
@click.option(
    "--format", "output_format", type=click.Choice(DRIFT_FORMATS), default="text", show_default=True,
    help="How to show it on stdout (junit and html: drift reports only).",
)  # fmt: skip
@detail_option
@no_color_option
def show(saved: str, output_format: str, detail: bool, no_color: bool) -> int:
    """Show a plan saved with `plan --out`, or a drift report saved as JSON, without reading the
    platform: no credential, no request. The target it was made against goes to stderr, as the
    run's own Target line did, and when its read of the platform began, with how long ago. Exit 0,
    or 1 when the file is not one iotplan wrote.
    """
    counted_otherwise: list[str] = []
    document = read_saved(saved, counted_otherwise)
    # On stderr, as the run that saved it said it: stdout stays the view that run showed.
    click.secho(f"Target (saved): {document.target}", err=True, dim=True)
    click.secho(read_line(document.read_at, datetime.now(UTC)), err=True, dim=True)
    if isinstance(document, Plan):
        if counted_otherwise:  # no digest said: apply prints none, as it refuses the file
            _say_counted_otherwise(counted_otherwise)
        elif output_format == "text":  # Markdown names it; JSON is the plan alone
            _say_digest(document)
        _show_plan(document, saved, output_format, detail, use_color(no_color))
    elif detail:
        raise click.UsageError(NO_DETAIL)
    else:
        _show_drift(document, output_format, use_color(no_color))
    return ExitCode.OK


def _say_digest(plan: Plan) -> None:
    """What `apply` prints before it writes, to compare with: a review at a terminal had nothing to."""
    # loads apply/stale.py: a plan need not (test_deferred_imports)
    from iotplan.render.json_plan import plan_digest

    click.secho(f"Digest: {plan_digest(plan)}, as `iotplan apply` prints it.", err=True, dim=True)


def _say_counted_otherwise(refusals: list[str]) -> None:
    """A plan whose impact this iotplan counts otherwise, shown with its own count: why apply
    refuses it, before the view (which a reviewer may read to the end and no further)."""
    for refusal in refusals:
        click.echo(
            f"Warning: {refusal}. Shown with this iotplan's count; `iotplan apply` refuses it.", err=True
        )


def _show_plan(plan: Plan, path: str, output_format: str, detail: bool, color: bool) -> None:
    if output_format not in PLAN_FORMATS:
        raise IotplanError(f"{path} is a plan: it shows as {', '.join(PLAN_FORMATS)}, not {output_format}")
    if output_format == "json":
        write_chunks(plan_json_chunks(plan))
    elif output_format == "markdown":
        write_view(render_markdown(plan, detail=detail, saved_as=path))
    else:
        write_view(render_text(plan, color=color, detail=detail))


def _show_drift(report: Report, output_format: str, color: bool) -> None:
    if output_format == "json":
        write_chunks(drift_json_chunks(report))
        return
    views = {
        "text": lambda: render_drift_text(report, color=color),
        "markdown": lambda: render_drift_markdown(report),
        "junit": lambda: render_drift_junit(report),
        "html": lambda: render_drift_html(report),
    }
    write_view(views[output_format]())
