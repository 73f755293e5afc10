"""plan and apply: the commands that talk to a platform."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from iotplan.apply.execute import Outcome, Status
from iotplan.apply.rollout import Rollout
from iotplan.apply.stale import check_not_stale
from iotplan.cli.aio import run
from iotplan.cli.options import FailureBudgetType, examples, template_options
from iotplan.cli.progress import Progress
from iotplan.clients.target import TargetOptions, open_target
from iotplan.collector import paused_collector
from iotplan.errors import ApplyError, IotplanError
from iotplan.manifest import LoadedManifest, load_manifest
from iotplan.plan.diff import PlanOptions
from iotplan.plan.model import Action, ManifestSource, Plan
from iotplan.render import plan_from_dict, plan_json_chunks, render_markdown, render_text
from iotplan.workflow import (
    Settings,
    apply_and_verify,
    derive_nodes,
    plan_manifest,
    refuse_unsafe,
    succeeded,
)

EXIT_CHANGES = 2
F = Callable[..., Any]


def target_options(command: F) -> F:
    """Where to send requests and how hard to push: shared by every command that reads live state."""
    decorators = [
        click.option("--endpoint", help="Platform URL [env IOTPLAN_ENDPOINT]."),
        click.option(
            "--insecure", is_flag=True, help="Do not verify TLS certificates (never in production)."
        ),
        click.option(
            "--parallelism",
            default=16,
            show_default=True,
            type=click.IntRange(1, 256),
            help="Requests in flight at once.",
        ),
        click.option(
            "--sim-db",
            type=click.Path(dir_okay=False),
            help="The embedded platform's database [default: .iotplan/sim.db, when no endpoint or "
            "credential is set]. Given, it is the target whatever IOTPLAN_* variables say.",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def selection_options(command: F) -> F:
    decorators = [
        click.option(
            "--target",
            "targets",
            multiple=True,
            metavar="GLOB",
            help="Only these addresses (with their parents and children). Repeatable.",
        ),
        click.option(
            "--exclude",
            "excludes",
            multiple=True,
            metavar="GLOB",
            help="Leave these addresses (and their children) alone. Repeatable.",
        ),
        click.option(
            "--force-write-only",
            is_flag=True,
            help="Write THREAD settings that cannot be read back (port interface mode) even if unchanged.",
        ),
        click.option(
            "--prune-unmanaged",
            is_flag=True,
            help="Also remove entities under managed connections that no manifest declares.",
        ),
    ]
    for decorator in reversed(decorators):
        command = decorator(command)
    return command


def use_color(no_color: bool) -> bool:
    return not no_color and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def load_with_source(
    manifest: str, vars_file: str | None, sites_file: str | None
) -> tuple[LoadedManifest, ManifestSource]:
    with paused_collector():
        loaded = load_manifest(manifest, vars_file, sites_file)
    return loaded, ManifestSource(manifest, loaded.digest, vars_file, sites_file)


def _settings(kwargs: dict[str, Any], source: ManifestSource) -> Settings:
    options = PlanOptions(
        prune_unmanaged=kwargs["prune_unmanaged"],
        targets=tuple(kwargs["targets"]),
        excludes=tuple(kwargs["excludes"]),
        force_write_only=kwargs["force_write_only"],
    )
    return Settings(options=options, parallelism=kwargs["parallelism"], source=source)


def target_settings(kwargs: dict[str, Any]) -> TargetOptions:
    return TargetOptions(
        endpoint=kwargs["endpoint"],
        insecure=kwargs["insecure"],
        sim_db=Path(kwargs["sim_db"]) if kwargs["sim_db"] else None,
        parallelism=kwargs["parallelism"],
    )


async def _plan(manifest: str, kwargs: dict[str, Any]) -> Plan:
    loaded, source = load_with_source(manifest, kwargs["vars_file"], kwargs["sites_file"])
    async with open_target(target_settings(kwargs), os.environ) as target:
        announce_target(target.description)
        settings = _settings(kwargs, source)
        return await plan_manifest(
            target.client, loaded, target.description, settings, os.environ, target.open_gateway
        )


def announce_target(description: str) -> None:
    click.secho(f"Target: {description}", err=True, dim=True)


def _show(plan: Plan, output_format: str, no_color: bool) -> None:
    if output_format == "json":
        _write_chunks(plan_json_chunks(plan))
    elif output_format == "markdown":
        click.echo(render_markdown(plan), nl=False)
    else:
        click.echo(render_text(plan, color=use_color(no_color)), nl=False)


def _write_chunks(chunks: Iterable[bytes]) -> None:
    """To stdout as they are made (a plan of 100,000 entities is 70 MB of JSON), as bytes when
    stdout takes them; a stdout replaced by a text stream (a notebook, a test) gets text."""
    binary = getattr(sys.stdout, "buffer", None)
    sys.stdout.flush()
    for chunk in chunks:
        if binary is None:
            sys.stdout.write(chunk.decode())
        else:
            binary.write(chunk)


@click.command(
    epilog=examples(
        "iotplan plan examples/quickstart/site.yaml",
        "iotplan plan site.yaml --format markdown > plan.md --out plan.json",
        "iotplan plan site.yaml.j2 --sites sites.csv --target 'dam-*' --detailed-exitcode",
    )
)
@click.argument("manifest")
@template_options
@target_options
@selection_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="How to show the plan on stdout.",
)
@click.option(
    "--out", "out_file", type=click.Path(dir_okay=False), help="Also save the plan as JSON, for apply."
)
@click.option("--detailed-exitcode", is_flag=True, help="Exit 0 when nothing changes, 2 when something does.")
@click.option("--no-color", is_flag=True, help="No colour even on a terminal (NO_COLOR is honoured too).")
def plan(
    manifest: str,
    output_format: str,
    out_file: str | None,
    detailed_exitcode: bool,
    no_color: bool,
    **kwargs: Any,
) -> int:
    """Show, field by field, what must change for the platform to match MANIFEST.

    Reads the live platform; writes nothing. Exit codes: 0 success, 1 error, and with
    --detailed-exitcode 0 no changes, 2 changes, 1 error.
    """
    the_plan = dataclasses.replace(run(_plan(manifest, kwargs)), options=_plan_options(kwargs))
    if out_file:
        with Path(out_file).open("wb") as saved:
            saved.writelines(plan_json_chunks(the_plan))
        click.secho(f"Saved the plan to {out_file}: apply it with `iotplan apply {out_file}`.", err=True)
    _show(the_plan, output_format, no_color)
    return EXIT_CHANGES if detailed_exitcode and the_plan.summary.has_changes else 0


@click.command(
    epilog=examples(
        "iotplan apply examples/quickstart/site.yaml --auto-approve",
        "iotplan plan site.yaml --out plan.json && iotplan apply plan.json",
        "iotplan apply site.yaml --allow-destroy   # removals that delete sensor history",
        "iotplan apply fleet.yaml.j2 --sites sites.csv --canary 2 --batch-size 50 --max-failures 10%",
    )
)
@click.argument("manifest_or_plan", metavar="MANIFEST|PLAN.json")
@template_options
@target_options
@selection_options
@click.option(
    "--auto-approve", is_flag=True, help="Do not ask for confirmation (needed when not on a terminal)."
)
@click.option("--allow-destroy", is_flag=True, help="Allow removals that delete observations.")
@click.option(
    "--canary",
    default=0,
    type=click.IntRange(min=0),
    metavar="N",
    help="Apply N connections and gateways first; stop if any of them fails.",
)
@click.option(
    "--batch-size",
    default=0,
    type=click.IntRange(min=0),
    metavar="N",
    help="After the canary, N at a time, each batch finished before the next (0: all at once).",
)
@click.option(
    "--max-failures",
    type=FailureBudgetType(),
    help="Stop starting new work once more than N (or P% of all) connections and gateways failed.",
)
@click.option(
    "--allow-disconnect",
    is_flag=True,
    help="Allow THREAD settings that can cut a gateway off (cloud connection off, interface priority).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to report the outcome on stdout.",
)
@click.option("--no-color", is_flag=True, help="No colour even on a terminal.")
def apply(
    manifest_or_plan: str,
    auto_approve: bool,
    allow_destroy: bool,
    output_format: str,
    no_color: bool,
    **kwargs: Any,
) -> int:
    """Make the platform match a manifest, or apply a plan saved with `plan --out`.

    Shows the plan first and asks for `yes` on a terminal. Removing anything that holds
    observations needs --allow-destroy. Exit 0 when every change was applied, 1 otherwise.
    """
    return run(_apply(manifest_or_plan, kwargs, auto_approve, allow_destroy, output_format, no_color))


async def _apply(
    path: str,
    kwargs: dict[str, Any],
    auto_approve: bool,
    allow_destroy: bool,
    output_format: str,
    no_color: bool,
) -> int:
    saved = _saved_plan(path)
    manifest = saved.manifest.path if saved else path
    if saved:
        kwargs = {**kwargs, "vars_file": saved.manifest.vars_file, "sites_file": saved.manifest.sites_file}
        kwargs.update(_plan_options_from(saved))
    loaded, source = load_with_source(manifest, kwargs["vars_file"], kwargs["sites_file"])
    settings = _settings(kwargs, source)
    nodes = derive_nodes(loaded)  # for the plan, the gateways and the verifying plan alike
    async with open_target(target_settings(kwargs), os.environ) as target:
        announce_target(target.description)
        fresh = await plan_manifest(
            target.client, loaded, target.description, settings, os.environ, target.open_gateway, nodes
        )
        if saved:
            check_not_stale(saved, fresh)
        if output_format == "text":
            click.echo(render_text(fresh, color=use_color(no_color)), nl=False)
        if not fresh.summary.has_changes:
            _refuse_incomplete(fresh)
            return 0
        refuse_unsafe(fresh, allow_destroy=allow_destroy, environ=os.environ)
        if not saved:
            _confirm(auto_approve)
        with Progress(total=len(fresh.writes), description="Applying") as progress:
            outcomes, after, gate = await apply_and_verify(
                target.client,
                target.open_gateway,
                fresh,
                loaded,
                settings,
                os.environ,
                progress.connection_done,
                nodes,
                allow_disconnect=kwargs["allow_disconnect"],
                rollout=_rollout(kwargs),
            )
    _report(outcomes, after, output_format, gate.reason)
    if gate.stopped:
        unstarted = sum(outcome.status is Status.NOT_STARTED for outcome in outcomes)
        raise ApplyError(f"rollout stopped: {gate.reason}; {unstarted} not started: run it again to continue")
    if not succeeded(outcomes):
        raise ApplyError("apply did not finish: run it again to converge (nothing applied is lost)")
    _refuse_incomplete(after)
    return 0


# What shapes a plan besides the manifest: saved with it, so `apply plan.json` plans the same way.
SAVED_OPTIONS = ("targets", "excludes", "prune_unmanaged", "force_write_only")


def _plan_options(kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        name: list(kwargs[name]) if isinstance(kwargs[name], tuple) else kwargs[name]
        for name in SAVED_OPTIONS
    }


def _plan_options_from(saved: Plan) -> dict[str, Any]:
    """The options `_plan_options` saved, as click gives them (lists back to tuples)."""
    return {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in saved.options.items()
        if name in SAVED_OPTIONS
    }


def _rollout(kwargs: dict[str, Any]) -> Rollout:
    budget = kwargs["max_failures"]
    return Rollout(canary=kwargs["canary"], batch_size=kwargs["batch_size"], max_failures=budget)


def _refuse_incomplete(plan: Plan) -> None:
    """Gateways that were not reached, or were refused, leave the run incomplete: exit 1."""
    waiting = [c for c in plan.changes if c.action in (Action.PENDING, Action.REFUSED)]
    if waiting:
        listed = "\n".join(f"  {change.address}: {change.action}: {change.reason}" for change in waiting)
        raise ApplyError(f"apply is incomplete; these gateways were not changed:\n{listed}")


def _saved_plan(path: str) -> Plan | None:
    if not path.endswith(".json"):
        return None
    try:
        return plan_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise IotplanError(f"{path}: not a plan saved by `iotplan plan --out`: {error}") from None


def _confirm(auto_approve: bool) -> None:
    if auto_approve:
        return
    if not sys.stdin.isatty():
        raise IotplanError("not on a terminal: pass --auto-approve to apply without confirmation")
    answer = click.prompt("Do you want to perform these actions? Only 'yes' will be accepted", err=True)
    if answer != "yes":
        raise IotplanError("apply cancelled")


def _report(outcomes: list[Outcome], after: Plan, output_format: str, stopped: str) -> None:
    if output_format == "json":
        document = {
            "format_version": after.format_version,
            "outcomes": [outcome.to_dict() for outcome in outcomes],
            "stopped": stopped or None,
            "converged": not after.summary.has_changes,
            "remaining": after.summary.line(),
        }
        click.echo(json.dumps(document, indent=2))
        return
    for outcome in outcomes:
        _echo_outcome(outcome)
    applied = sum(len(outcome.applied) for outcome in outcomes)
    calls = sum(outcome.calls for outcome in outcomes)
    heading = f"Rollout stopped ({stopped})" if stopped else "Apply complete"
    if not stopped and not succeeded(outcomes):
        heading = "Apply incomplete"
    click.echo(f"\n{heading}: {_count(applied, 'change')} applied; {_count(calls, 'request')} sent.")
    if after.summary.has_changes:
        click.secho(
            f"The platform still differs from the manifest after apply: {after.summary.line()}",
            fg="yellow",
            err=True,
        )
    else:
        click.echo("Verified: a fresh read shows no changes.")


def _echo_outcome(outcome: Outcome) -> None:
    if outcome.status is Status.APPLIED:
        click.echo(f"  {outcome.connection}: applied ({len(outcome.applied)} changes)")
        return
    colour = "red" if outcome.status is Status.FAILED else "yellow"
    click.secho(f"  {outcome.connection}: {outcome.status}", fg=colour)
    if outcome.message:
        click.echo(f"    {outcome.message}")
    if outcome.applied:
        click.echo(f"    applied: {_some(outcome.applied)}")
    click.echo(f"    not applied: {_some(outcome.pending)}")


def _some(addresses: list[str], shown: int = 5) -> str:
    more = len(addresses) - shown
    return ", ".join(addresses[:shown]) + (f" and {more} more" if more > 0 else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"
