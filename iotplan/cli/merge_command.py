"""merge: the shards' plans or drift reports as one plan or report, one summary, one exit code.
Parse → call → view."""

from __future__ import annotations

import dataclasses
import shlex
from dataclasses import dataclass

import click

from iotplan.apply.stale import short_tokens
from iotplan.cli.drift_command import FORMATS, drift_exit, report_file, show_report
from iotplan.cli.exit_codes import ExitCode
from iotplan.cli.given_once import GivenOnceCommand
from iotplan.cli.options import (
    NO_DETAIL,
    NotEmpty,
    RateType,
    allow_unread_option,
    detail_option,
    examples,
    no_color_option,
)
from iotplan.cli.out_files import (
    Output,
    OutputType,
    applicable_file,
    refuse_disagreeing_format,
    refuse_unwritable,
    written_together,
)
from iotplan.cli.output import use_color
from iotplan.cli.plan_json import DigestOnce, json_of  # hashed as `plan --out` hashes its JSON plan
from iotplan.cli.stdout import write_chunks, write_view
from iotplan.commands.merge import merge_command
from iotplan.errors import IotplanError
from iotplan.plan.drift import Report
from iotplan.plan.guards import flags_needed
from iotplan.plan.impact import Pace, pace_of
from iotplan.plan.model import Plan
from iotplan.render import render_markdown, render_text
from iotplan.render.read_time import reads_apart_line
from iotplan.secrets import masked_in_place
from iotplan.wording import counted

PLAN_FORMATS = ("text", "json", "markdown")


@click.command(
    cls=GivenOnceCommand,
    epilog=examples(
        "iotplan merge shard-*.json --out plan.json; rc=$?; [ $rc -eq 0 ] || [ $rc -eq 2 ] && "
        "iotplan apply plan.json   # 2: changes",
        "iotplan merge plans/*.json --format markdown --rate-limit 500/min > plan.md"
        "   # estimated at apply's --rate-limit",
        "iotplan merge drift-*.json --format html --out drift.html",
    ),
)
@click.argument("parts", nargs=-1, required=True, type=NotEmpty(), metavar="PLAN.json...|DRIFT.json...")
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
    help="How to show the merged plan or report on stdout (junit and html: drift reports only).",
)  # fmt: skip
@click.option(
    "--out", "--output", "outputs", type=OutputType(FORMATS, stem="merged"), multiple=True,
    help="Also write it to FILE, in the format its extension names (.json, .md, .txt; reports also .xml, "
    ".html), else plans as JSON, for `iotplan apply` (as `plan --out`), drift reports in --format (as "
    "`drift --out`). FORMAT=FILE says it outright. Repeatable.",
)  # fmt: skip
@click.option(
    "--rate-limit", type=RateType(),
    help="The rate `iotplan apply --rate-limit` will keep (the whole limit, as the shards were given it): a "
    "merged plan's Impact line estimates its time at it, not at the smallest tier's 500/min. Merge sends no "
    "request.",
)  # fmt: skip
@detail_option
@allow_unread_option
@no_color_option
def merge(
    parts: tuple[str, ...],
    output_format: str,
    outputs: tuple[Output, ...],
    rate_limit: float | None,
    detail: bool,
    allow_unread_gateways: bool,
    no_color: bool,
) -> int:
    """Merge the plans (`plan --shard i/n --out`) or drift reports (`drift --shard i/n`) of every
    shard into one, without reading the platform.

    Refused, with every reason at once, unless shards 1..n are all there exactly once, made by
    one iotplan version from one manifest (the same digest) against one target with the same
    options, in one format version no newer than this iotplan's, no address is in two shards
    nor in a shard file it does not belong to, and no drift report's entries disagree with its
    own summary (cut or edited). Exit codes, as `plan --detailed-exitcode` and `drift`: 0 no
    changes (in sync), 2 changes (drift), 1 error, or of drift reports a gateway not read and
    no drift found (--allow-unread-gateways exits 0 then, as drift's).
    """
    refuse_unwritable(outputs, parts)
    merged = merge_command(parts)
    _say_read_apart(merged)
    if isinstance(merged, Plan):
        if allow_unread_gateways:
            raise click.UsageError("--allow-unread-gateways sets a merged drift report's exit, not a plan's")
        view = _PlanView(detail, use_color(no_color), pace_of(rate_limit))
        return _plans(merged, output_format, outputs, view)
    if rate_limit is not None:
        raise click.UsageError("--rate-limit sets a merged plan's Impact estimate: drift reports have none")
    if detail:
        raise click.UsageError(NO_DETAIL)
    _reports(merged, output_format, outputs, use_color(no_color))
    return drift_exit(merged, allow_unread_gateways)


def _say_read_apart(merged: Plan | Report) -> None:
    """Shards read minutes or hours apart (one re-run alone) said so, whatever the format: the
    merged plan or report joins two times' views of the platform, and its summary cannot show it."""
    if merged.read_at is not None and merged.read_until is not None:
        click.echo(reads_apart_line(merged.read_at, merged.read_until), err=True)


@dataclass(frozen=True)
class _PlanView:
    """How the merged plan shows: identical updates listed or folded, in colour, estimated at a pace."""

    detail: bool
    color: bool
    pace: Pace


def _plans(plan: Plan, output_format: str, outputs: tuple[Output, ...], view: _PlanView) -> int:
    # The merged plan's JSON file, which the Markdown names (as `plan --out` does) for `show` and `apply`.
    saved_as = applicable_file(plan, outputs)
    json = json_of(plan, outputs, output_format)
    saved = DigestOnce(json)  # of the JSON file, hashed as it is written: what `apply` prints
    with written_together() as write:
        for output in outputs:
            chosen = output.output_format or "json"
            if chosen == "json":
                write(output.path, saved.written())
            else:
                write(
                    output.path,
                    _plan_view(plan, chosen, dataclasses.replace(view, color=False), saved_as, saved),
                )
    if output_format == "json":
        write_chunks(json())
    else:
        write_view(_plan_view(plan, output_format, view, saved_as, saved))
    applying = _applying(plan, saved_as)
    count = plan.shard.count if plan.shard else 0
    _say_merged(count, plan.summary.line(), outputs, applying, saved.digest() if applying else None)
    return ExitCode.CHANGES if plan.differs else ExitCode.OK


def _applying(plan: Plan, saved_as: str | None) -> str | None:
    """The command that applies the merged plan's JSON file, with the flags its plan needs, as `plan
    --out` says it, so that applying the file is not refused for a flag left unsaid.
    None where apply refuses the file whatever it is given: made from stdin (`applicable_file`), or
    writing a token too short to record (each shard's plan warned of it)."""
    if saved_as is None or short_tokens(plan):
        return None
    return shlex.join(["iotplan", "apply", masked_in_place(saved_as), *flags_needed(plan)])  # shown


def _plan_view(
    plan: Plan, output_format: str, view: _PlanView, saved_as: str | None, saved: DigestOnce
) -> str:
    if output_format not in PLAN_FORMATS:
        raise IotplanError(f"a plan shows as {', '.join(PLAN_FORMATS)}, not {output_format}")
    if output_format == "markdown":
        digest = saved.digest()  # the saved plan's, hashed once
        return render_markdown(plan, detail=view.detail, saved_as=saved_as, pace=view.pace, digest=digest)
    return render_text(plan, color=view.color, detail=view.detail, pace=view.pace)


def _reports(report: Report, output_format: str, outputs: tuple[Output, ...], color: bool) -> None:
    refuse_disagreeing_format(outputs, output_format)
    if not outputs:
        show_report(report, output_format, color, False)
    with written_together() as write:
        for output in outputs:
            write(output.path, report_file(report, output.output_format or output_format, False))
    _say_merged(report.shard.count if report.shard else 0, report.summary_line(), outputs)


def _say_merged(
    count: int,
    summary: str,
    outputs: tuple[Output, ...],
    applying: str | None = None,
    digest: str | None = None,
) -> None:
    """`Merged 2 shards. Plan: ... Written to merged.json: apply it with ...`, and, as `plan --out`'s
    `Saved the plan to` line says it, the digest the apply prints, to compare with: a merged plan
    reviewed at a terminal had nothing to. A drift report is not applied: it has none to name."""
    how = f": apply it with `{applying}`. Its digest is {digest}, as the apply prints it" if applying else ""
    written = (
        f" Written to {', '.join(masked_in_place(output.path) for output in outputs)}{how}."
        if outputs
        else ""
    )
    click.echo(f"Merged {counted(count, 'shard')}. {summary}{written}", err=True)
