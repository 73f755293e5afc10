"""--shard on plan and apply: the line that says which part of the fleet a shard holds, and the
apply of a merged plan, shard by shard (`commands/shard_apply.py` says why)."""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

import click

from iotplan.cli.options import Scale
from iotplan.cli.output import on_target, use_color
from iotplan.cli.progress import Progress
from iotplan.cli.stdout import write_view
from iotplan.clients.target import TargetOptions
from iotplan.plan.coverage import Coverage, Shard
from iotplan.plan.desired import DesiredState
from iotplan.plan.model import Plan
from iotplan.plan.shard import shard_desired
from iotplan.render import render_text
from iotplan.secrets import masked_in_place

if TYPE_CHECKING:
    from iotplan.clients.target import Target
    from iotplan.commands.apply import ApplyRequest, ApplyResult, PreparedApply


def say_shard(desired: DesiredState, shard: Shard | None) -> None:
    if shard is not None:
        local = shard_desired(desired, shard)
        held, every = len(local.nodes), len(local.nodes) + len(local.elsewhere)
        click.echo(
            f"Shard {shard}: {held} of the {every} connections {masked_in_place(desired.source.path)} "
            "declares.",
            err=True,
        )


def shard_asked(scale: object) -> Coverage | None:
    """The shard `--shard i/n` named (`scale`: apply's option), which the JSON document of a run
    refused or interrupted before its first write names as a finished run's does."""
    assert isinstance(scale, Scale)
    return None if scale.shard is None else Coverage.of(scale.shard)


def shard_of_saved_plan(scale: Scale, saved: Plan | None) -> Scale:
    """A shard's saved plan applies in its shard, and paces to that shard's share of the rate."""
    from iotplan.commands.apply import saved_shard  # an apply's: a plan need not load the apply stages

    return dataclasses.replace(scale, shard=saved_shard(saved, scale.shard)) if saved else scale


def apply_merged_plan(
    merged: Plan,
    desired: DesiredState,
    request: ApplyRequest,
    scale: Scale,
    target: TargetOptions,
    output_format: str,
    detail: bool,
    no_color: bool,
) -> ApplyResult:
    """Each shard's fresh plan shown as it starts; one result for the whole plan."""
    from iotplan.commands.shard_apply import apply_merged  # an apply's: a plan need not load it

    def show(shard: Shard, prepared: PreparedApply) -> None:
        # On the stream its plan goes to, so that a log of stdout says whose `Plan:` line each is;
        # with --format json, stdout holds the outcome's document alone.
        on_stdout = output_format == "text"
        if not prepared.plan.summary.has_changes:
            line = f"Shard {shard}: {prepared.plan.summary.line()}"
            write_view(f"{line}\n") if on_stdout else click.echo(line, err=True)
        elif on_stdout:
            heading = f"Shard {shard}:"
            write_view(f"{click.style(heading, bold=True) if use_color(no_color) else heading}\n")
            # one part of the merged plan, not a shard's own plan: no "the other shards' plans" notice
            part = dataclasses.replace(prepared.plan, shard=merged.shard)
            text = render_text(part, color=use_color(no_color), detail=detail, pace=scale.pace(target))
            write_view(text)

    async def work(opened: Target) -> ApplyResult:
        with Progress(total=len(merged.writes), description="Applying", no_color=no_color) as progress:
            return await apply_merged(
                opened, desired, dataclasses.replace(request, shard=None), os.environ, merged,
                asked=scale.shard, show=show, on_done=progress.connection_done,
            )  # fmt: skip

    return on_target(scale.paced(target), work, finished_kept=True)  # _finish reports it after a signal
