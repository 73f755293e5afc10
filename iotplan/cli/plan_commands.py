"""plan and apply: the commands that talk to a platform. Parse → call → view."""

from __future__ import annotations

import contextlib
import functools
import os
import shlex
import sys
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from iotplan.cli.aio import finishing_report, interruptible
from iotplan.cli.exit_codes import ExitCode
from iotplan.cli.given_once import GivenOnceCommand
from iotplan.cli.options import (
    AsciiIntRange,
    FailureBudgetType,
    NotEmpty,
    OnDevice,
    Scale,
    TemplateFiles,
    debug_option,
    destroy_option,
    detail_option,
    entities_per_call_option,
    examples,
    no_color_option,
    on_device_options,
    selection_options,
    shard_options,
    target_options,
    template_inputs,
)
from iotplan.cli.out_files import (
    Output,
    OutputType,
    Write,
    applicable_file,
    json_plans,
    refuse_unwritable,
    written_together,
)
from iotplan.cli.output import on_gateway, on_target, use_color
from iotplan.cli.plan_json import DigestOnce, json_of
from iotplan.cli.progress import Progress, loading, reading
from iotplan.cli.shards import apply_merged_plan, say_shard, shard_asked, shard_of_saved_plan
from iotplan.cli.stdout import (
    refuse_closed_stdout,
    stdout_elsewhere,
    stdout_unreadable,
    write_chunks,
    write_view,
)
from iotplan.cli.stop_signals import Interrupted, received
from iotplan.clients.target import TargetOptions
from iotplan.commands.inputs import inputs_read_once, load_desired, read_once_said
from iotplan.commands.plan import PlanRequest, plan_command
from iotplan.errors import ApplyError, ApplyInterrupted, IotplanError, NoSafePlanError
from iotplan.plan.guards import Permissions, flags_needed
from iotplan.plan.impact import Pace
from iotplan.plan.model import WRITING, Plan, PlanOptions, SavedFile
from iotplan.plan.on_device import plan_again_command
from iotplan.render import render_text
from iotplan.render.lines import shown_text
from iotplan.secrets import lookup_secret, masked_in_place

if TYPE_CHECKING:
    from iotplan.apply.outcome import ProgressCallback
    from iotplan.apply.rollout import FailureBudget
    from iotplan.clients.local_gateway import LocalGateway
    from iotplan.clients.target import Target
    from iotplan.commands.apply import ApplyResult

PLAN_FORMATS = ("text", "json", "markdown")


@click.command(
    cls=GivenOnceCommand,
    epilog=examples(
        "iotplan plan examples/quickstart/site.yaml",
        "iotplan plan site.yaml --format markdown > plan.md --out plan.json",
        "iotplan plan site.yaml.j2 --sites sites.csv --target 'site-0*' --detailed-exitcode",
        "iotplan plan site.yaml --on-device --detailed-exitcode   # on a THREAD: its own settings only",
        "iotplan plan fleet.yaml --shard 3/10 --rate-limit 500/min --out plan-3.json",
        "iotplan plan site.yaml --destroy --out destroy.json   # everything the stack owns, removed",
    ),
)
@click.argument("manifest", type=NotEmpty())
@template_inputs
@target_options
@on_device_options
@selection_options
@shard_options
@destroy_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(PLAN_FORMATS),
    default="text",
    show_default=True,
    help="How to show the plan on stdout.",
)
@click.option(
    "--out", "--output", "outputs", type=OutputType(PLAN_FORMATS, stem="plan", default_format="json"),
    multiple=True, help="Also save the plan: as JSON, for apply, unless FILE's extension names a view "
    "(.md, .txt); FORMAT=FILE (json, markdown, text) says it outright. A name that says another format "
    "is refused. Repeatable: one read of the platform, several files.",
)  # fmt: skip
@click.option(
    "--detailed-exitcode",
    is_flag=True,
    help="Exit 0 when nothing changes, 2 when something does. Pending (asleep, unreachable) and refused "
    "gateways are listed, not counted as changes; apply exits 1 while any is.",
)
@detail_option
@no_color_option
@debug_option
def plan(
    manifest: str,
    template: TemplateFiles,
    target: TargetOptions,
    device: OnDevice,
    selection: PlanOptions,
    scale: Scale,
    output_format: str,
    outputs: tuple[Output, ...],
    detailed_exitcode: bool,
    detail: bool,
    no_color: bool,
) -> int:
    """Show, field by field, what must change for the platform to match MANIFEST.

    Reads the live platform; writes nothing. Exit codes: 0 success, 1 error, and with
    --detailed-exitcode 0 no changes, 2 changes, 1 error.

    With --on-device it runs on a THREAD gateway and reads only that gateway's local API: the
    dry run of `apply --on-device`, with the same exit codes.
    """
    refuse_closed_stdout()  # the plan is shown there, whatever is saved
    _refuse_out_to_stdout(outputs)
    refuse_unwritable(outputs, (manifest, template.vars_file, template.sites_file), target)
    local = device.local(target, os.environ)
    with loading(manifest, no_color=no_color):  # on a gateway nothing is sharded: refused below
        desired = load_desired(template.input(manifest), scale.shard if local is None else None)
    if local is not None:
        from iotplan.commands.on_device import plan_on_device  # a THREAD's own plan only

        scale.refuse_on_device()
        the_plan = on_gateway(local, lambda gateway: plan_on_device(gateway, desired, selection))
    else:
        say_shard(desired, scale.shard)
        request = PlanRequest(desired, selection, target.parallelism, shard=scale.shard)
        with reading(no_color=no_color):
            the_plan = on_target(
                scale.paced(target), lambda opened: plan_command(opened, request, os.environ)
            )
    the_plan = _with_token_digests(the_plan)
    pace = scale.pace(target)  # the Impact line's estimate: as apply would pace
    json = json_of(the_plan, outputs, output_format)
    view = _View(detail, pace, applicable_file(the_plan, outputs), json, DigestOnce(json))
    with written_together() as write:
        for output in outputs:
            _save(write, the_plan, output, view)
    if outputs:
        click.echo(_saved(the_plan, outputs, [*device.flags(), *target.flags()], view.saved), err=True)
    _warn_of_short_tokens(the_plan, outputs, output_format)
    _show(the_plan, output_format, no_color, view)
    return ExitCode.CHANGES if detailed_exitcode and the_plan.differs else ExitCode.OK


def _with_token_digests(plan: Plan) -> Plan:
    """What an apply of this plan from a file checks its tokens against (apply/stale.py): only a
    plan the user sees or saves needs it, not the plans apply and drift make for themselves.
    A plan that writes nothing sets no token: it is kept as it is without importing apply's
    checks (a few per cent of a small plan's start), as with_token_digests would keep it."""
    if not any(change.action in WRITING for change in plan.changes):
        return plan
    from iotplan.apply.stale import with_token_digests

    return with_token_digests(plan, lambda reference: lookup_secret(reference, os.environ))


def _refuse_out_to_stdout(outputs: tuple[Output, ...]) -> None:
    """`--out -` is no file: the plan is shown on stdout already, and `iotplan apply -` reads a
    manifest from stdin, so a plan saved to a file named `-` could not be applied as such."""
    if any(output.path == "-" for output in outputs):
        raise click.UsageError(
            "--out -: the plan is shown on stdout already (--format json shows the JSON plan there): "
            "name a file to save it to (./- for a file named '-')"
        )


@dataclass(frozen=True)
class _View:
    """How the views of one plan are rendered: `saved_as`, the JSON plan an apply can take, if any;
    `json`, the plan's JSON document for each place that takes it (`json_of`), and `saved`, its digest."""

    detail: bool
    pace: Pace
    saved_as: str | None
    json: Callable[[], Iterable[bytes]]
    saved: DigestOnce


def _markdown(plan: Plan, view: _View) -> str:
    from iotplan.render.markdown import render_markdown  # a plan shown as text or JSON need not load it

    digest = view.saved.digest()  # the saved plan's, hashed once
    return render_markdown(plan, detail=view.detail, pace=view.pace, saved_as=view.saved_as, digest=digest)


def _refuse_reshaping(saved: Plan, selection: PlanOptions, template: TemplateFiles) -> None:
    """A saved plan is applied as it was reviewed, with the options it was planned with: a flag
    that would shape another plan (`--exclude` a fence, `--var` another render) is refused, never
    silently dropped. Repeating the plan's own options is fine."""
    from iotplan.render.json_plan import variables_as_saved

    made, source = saved.options, saved.manifest
    given = {
        "--target": (selection.targets, made.targets),
        "--exclude": (selection.excludes, made.excludes),
        "--prune-unmanaged": (selection.prune_unmanaged, made.prune_unmanaged),
        "--force-write-only": (selection.force_write_only, made.force_write_only),
        "--destroy": (selection.destroy, made.destroy),
        "--vars": (template.vars_file, source.vars_file),
        "--sites": (template.sites_file, source.sites_file),
        # a withheld credential's value is saved masked: it shaped no render, so any is the plan's own
        "--var": (variables_as_saved(template.variables), variables_as_saved(source.variables)),
    }
    flags = [flag for flag, (asked, planned) in given.items() if asked and asked != planned]
    if flags:
        raise click.UsageError(
            f"{', '.join(flags)}: a saved plan is applied exactly as it was reviewed, with the options "
            "it was planned with; plan again with them (`iotplan plan ... --out plan.json`), or apply "
            "the manifest"
        )


def _save(write: Write, plan: Plan, output: Output, view: _View) -> None:
    if output.output_format == "markdown":
        write(output.path, _markdown(plan, view))
    elif output.output_format == "text":
        write(output.path, render_text(plan, color=False, detail=view.detail, pace=view.pace))
    else:
        write(output.path, view.saved.written())  # hashed on the way: the digest `_saved` names


def _saved(plan: Plan, outputs: tuple[Output, ...], target_flags: list[str], json: DigestOnce) -> str:
    """One line naming every file written and, when a JSON plan is among them, the command that
    applies it and its digest (hashed as it was written): `target_flags` are what the apply needs to
    reach the same target."""
    plans = json_plans(outputs)
    views = [
        f"{output.output_format} view to {masked_in_place(output.path)}"
        for output in outputs
        if output.path not in plans
    ]
    if not plans:
        return f"Saved the plan's {' and its '.join(views)}."
    views = [f"its {view}" for view in views]
    saved = ", ".join([" and ".join(map(masked_in_place, plans)), *views])  # a URL's credential
    read_once = inputs_read_once(plan.manifest)
    if read_once:  # apply refuses it or finds another file: no command is offered that cannot work
        return (
            f"Saved the plan to {saved}. It cannot be applied: {read_once_said(read_once)}; to apply, save "
            "it to a file and plan that."
        )
    from iotplan.apply.stale import short_tokens  # a saved plan's check: a plan shown alone need not load it

    if short_tokens(plan):  # apply refuses it too (apply/stale.py), as the warning below says
        return f"Saved the plan to {saved}. It cannot be applied: it writes a token too short to record."
    applying = shlex.join(["iotplan", "apply", masked_in_place(plans[0]), *target_flags, *flags_needed(plan)])
    # What the apply prints before it writes, to compare with: a review at a terminal had nothing to.
    return (
        f"Saved the plan to {saved}: apply it with `{applying}`. Its digest is {json.digest()}, as the apply "
        "prints it."
    )


def _warn_of_short_tokens(plan: Plan, outputs: tuple[Output, ...], output_format: str) -> None:
    """Before the review, not at the apply: a saved plan writing a token too short to record is
    refused. `--format json > plan.json` saves the same plan as `--out plan.json`: warned alike."""
    if output_format != "json" and not json_plans(outputs):  # no plan saved: nothing to warn of
        return
    from iotplan.apply.stale import short_tokens, short_tokens_said  # a saved plan's checks

    short = short_tokens(plan)
    if short:
        click.secho(
            f"Warning: {short_tokens_said(short)}, and applying the saved plan will be refused. Apply the "
            "manifest itself, or set a longer token and plan again.",
            fg="yellow",
            err=True,
        )


def _show(plan: Plan, output_format: str, no_color: bool, view: _View) -> None:
    if output_format == "json":
        write_chunks(view.json())
    elif output_format == "markdown":
        write_view(_markdown(plan, view))
    else:
        text = render_text(plan, color=use_color(no_color), detail=view.detail, pace=view.pace)
        write_view(text)


def _refusal_reported(command: Callable[..., int]) -> Callable[..., int]:
    """`apply --format json` prints one document however the run ends: one refused before its
    first write (a guard, a stale saved plan, a manifest or platform error) says why, with the text
    stderr gives, so a pipeline reads a refusal rather than failing to decode nothing; one
    interrupted before its first write (Ctrl-C or SIGTERM while it reads, at the prompt) says
    `interrupted`. An ApplyError comes after the report, which was printed (an interrupted run's
    too), and so does an interruption once writes began (ApplyInterrupted). Whether they began is
    `writes`' to say, never guessed from where the error came: a refusal or an interrupt once they
    may have (outside the report, which a signal does not cut: `_finish`) adds no `refused` document
    and never says nothing was written."""

    @functools.wraps(command)
    def reporting(*args: object, **options: object) -> int:
        # apply's: a plan need not load them
        from iotplan.apply.writes_begun import writes
        from iotplan.render.apply_report import INTERRUPTED, render_refused_json

        writes.may_have_begun = False  # this run's alone, not a former one's in the same process (a test's)
        try:
            return command(*args, **options)
        except ApplyError:
            raise
        except IotplanError as refused:
            if options["output_format"] == "json" and not writes.may_have_begun:
                refusals = refused.refusals if isinstance(refused, NoSafePlanError) else ()
                _refusal_written(render_refused_json(str(refused), shard_asked(options["scale"]), refusals))
            raise
        except (KeyboardInterrupt, click.exceptions.Abort) as cut:
            if writes.may_have_begun:
                raise Interrupted(WRITES_BEGUN) from cut
            if options["output_format"] == "json":
                with finishing_report():  # a second signal now is told, not a cut document
                    _refusal_written(render_refused_json(INTERRUPTED, shard_asked(options["scale"])))
            raise Interrupted(NOTHING_WRITTEN) from cut

    return reporting


# Said of an apply interrupted before its first write (while it reads, at the prompt), as its JSON
# document says `refused`: whoever stopped it knows nothing needs checking on the platform.
NOTHING_WRITTEN = "Interrupted before the first write: nothing was written."
# Said of an apply interrupted once its writes may have begun, outside its report (between the end of
# its run and its report): what it wrote is not reported, and the refused document would deny it.
WRITES_BEGUN = (
    "Interrupted once the apply's writes had begun, before its report: what they changed is not reported; "
    "plan again to see what is left to apply."
)
# Said once the report of an apply that finished is written, after a signal that came as it ended or
# while the report was written (which the signal does not cut: a pipe's slow reader, a big report).
FINISHED = "Interrupted once the apply had finished: its report was written whole."


def _refusal_written(document: str) -> None:
    """A refusal's document, unless stdout is closed: then the refusal's own reason is the error, not
    `stdout is closed` said in its place."""
    with contextlib.suppress(IotplanError):
        write_view(document)


@click.command(
    cls=GivenOnceCommand,
    epilog=examples(
        "iotplan apply examples/quickstart/site.yaml --auto-approve",
        "iotplan plan site.yaml --out plan.json && iotplan apply plan.json   # no prompt: it was reviewed",
        "iotplan apply site.yaml --allow-destroy   # removals that delete sensor history",
        "iotplan apply site.yaml --destroy --allow-destroy   # tear the whole stack down",
        "iotplan apply fleet.yaml.j2 --sites sites.csv --canary 2 --batch-size 50 --max-failures 10%",
        "iotplan apply site.yaml --on-device --auto-approve   # on a THREAD, e.g. from a systemd timer",
        "iotplan apply site.yaml --on-device --gateway-url http://192.0.2.10   # a bench THREAD",
        "iotplan apply plan.json --shard 3/10   # shard 3's part of a merged plan (iotplan merge --out)",
        "iotplan apply fleet.yaml --entities-per-call 250   # a proxy answered 413: smaller integrate calls",
    ),
)
@click.argument("manifest_or_plan", metavar="MANIFEST|PLAN.json", type=NotEmpty())
@template_inputs
@target_options
@on_device_options
@selection_options
@shard_options
@entities_per_call_option
@destroy_option
@click.option(
    "--auto-approve",
    is_flag=True,
    help="Do not ask for confirmation (needed when not on a terminal, with --format json, which shows "
    "no plan to confirm, and with stdout where the plan cannot be read back, such as /dev/null; a saved "
    "plan never asks).",
)
@click.option("--allow-destroy", is_flag=True, help="Allow removals that delete observations.")
@click.option(
    "--canary",
    default=0,
    type=AsciiIntRange(min=0),
    metavar="N",
    help="Apply N connections and gateways first; stop if any of them fails.",
)
@click.option(
    "--batch-size",
    default=0,
    type=AsciiIntRange(min=0),
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
    "--allow-data-model-change",
    is_flag=True,
    help="Allow new metrics or units on sensors that hold observations, or a new channel, zero date or "
    "mode on THREAD loggers and sensors that do (changes how history reads; a logger's port needs no flag).",
)
@click.option(
    "--allow-downgrade",
    is_flag=True,
    help="Allow a THREAD app_version older than the one the gateway reports (sends it back to an older "
    "application).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to report the outcome on stdout.",
)
@detail_option
@no_color_option
@debug_option
@_refusal_reported
def apply(
    manifest_or_plan: str,
    template: TemplateFiles,
    target: TargetOptions,
    device: OnDevice,
    selection: PlanOptions,
    scale: Scale,
    auto_approve: bool,
    allow_destroy: bool,
    canary: int,
    batch_size: int,
    max_failures: FailureBudget | None,
    allow_disconnect: bool,
    allow_data_model_change: bool,
    allow_downgrade: bool,
    output_format: str,
    detail: bool,
    no_color: bool,
) -> int:
    """Make the platform match a manifest, or apply a plan saved with `plan --out`.

    Given a manifest, shows the plan first and asks for `yes` on a terminal; with stdout redirected
    (`> apply.log`) the question says where the plan went. Once `yes` is typed, the plan is read
    again: anything changed since it was shown stops the apply, nothing written. --format json shows
    no plan, so it needs --auto-approve with a manifest, as Terraform's -json does, and so does a
    stdout the plan cannot be read back from (`> /dev/null`). Given a saved plan
    (PLAN.json), applies it WITHOUT A PROMPT, as it was reviewed, provided the platform and the
    manifest have not changed since (else it stops: plan again). A saved plan is told from a
    manifest by its content, whatever the file is called.

    Every guard is checked before the first write: removing anything that holds
    observations (or whose count the platform did not report) needs --allow-destroy,
    new metrics or units on a sensor with history (or a THREAD's channel, zero date or mode; not a
    logger's port) --allow-data-model-change, a gateway setting that
    can cut it off --allow-disconnect, an app_version older than the gateway reports
    --allow-downgrade. Exit 0 when every change was applied and a fresh read shows
    no changes, 1 otherwise.

    With --on-device it runs on a THREAD gateway (pull-based GitOps: a timer on the gateway pulls
    git and runs it): the gateway's serial picks its node (/fn/{serial}/node) from the manifest, and
    only that node's edge settings are planned and applied, through its local API
    (http://localhost/api unless --gateway-url names another THREAD, without /api). No platform is
    read or written and no credential is needed; the guards and exit codes are those above. A
    manifest with no node for this serial is an error. `iotplan plan --on-device` is the dry run.

    A shard's plan applies that shard only. A merged plan (`iotplan merge`) applies shard by shard
    under the split it was planned with, every guard of the whole plan, and every shard's part for
    the plan file's edits, checked first; a shard that does not finish stops the ones after it.
    --shard i/n applies one shard's part of it.
    """
    # What only an apply runs, imported here: a plan does not load it (tests/cli/test_deferred_imports.py).
    from iotplan.apply.rollout import Rollout
    from iotplan.commands.apply import (
        ApplyRequest,
        as_reviewed,
        prepare_apply,
        read_saved_plan,
        refuse_missing_inputs,
        refuse_other_target_unopened,
        run_apply,
        saved_plan_input,
    )
    from iotplan.commands.on_device import prepare_on_device, run_on_device
    from iotplan.commands.shard_apply import is_merged
    from iotplan.render.json_plan import plan_digest

    refuse_closed_stdout()  # where the plan and the report go: all writes made, then nothing said of them
    saved = read_saved_plan(manifest_or_plan)
    if not (saved or auto_approve):  # a question will be asked: of a plan someone can read
        if output_format != "text":
            raise IotplanError(UNSHOWN_PLAN)
        _refuse_unreadable_plan()
    if saved:
        _refuse_reshaping(saved, selection, template)
        refuse_missing_inputs(saved, manifest_or_plan)
        # Whether it is the reviewed plan only its reader can tell: the file holds no proof of its review.
        shown = SavedFile(manifest_or_plan, plan_digest(saved))
        click.echo(
            f"Applying the saved plan {shown.digest}: compare it with the digest its review showed.", err=True
        )
        saved = as_reviewed(saved, shown)  # from here on its writes alone: all an apply checks and makes
    manifest = saved_plan_input(saved) if saved else template.input(manifest_or_plan)
    merged = saved if saved and is_merged(saved) else None
    local = device.local(target, os.environ)
    if saved and local is None:
        refuse_other_target_unopened(saved, target, os.environ)
    # A merged plan's apply plans every shard from one whole load; on a gateway nothing is sharded.
    loads_own_shard = merged is None and local is None
    if loads_own_shard:
        scale = shard_of_saved_plan(scale, saved)
    with loading(manifest.path, no_color=no_color):
        desired = load_desired(manifest, scale.shard if loads_own_shard else None)
    request = ApplyRequest(
        options=selection,
        parallelism=target.parallelism,
        permissions=Permissions(allow_destroy, allow_disconnect, allow_data_model_change, allow_downgrade),
        rollout=Rollout(canary=canary, batch_size=batch_size, max_failures=max_failures),
        shard=scale.shard,
        entities_per_call=scale.entities_per_call,
    )

    if local is not None:
        scale.refuse_on_device()
    elif merged is not None:
        return _finish(
            lambda: apply_merged_plan(
                merged, desired, request, scale, target, output_format, detail, no_color
            ),
            output_format,
            no_color,
        )
    else:
        say_shard(desired, scale.shard)

    pace = scale.pace(target)  # the Impact line's estimate

    async def show_then_run(plan: Plan, run: _Run) -> ApplyResult:
        if output_format == "text":
            write_view(render_text(plan, color=use_color(no_color), detail=detail, pace=pace))
        with Progress(total=len(plan.writes), description="Applying", no_color=no_color) as progress:
            return await run(lambda: _confirm(auto_approve), progress.connection_done)

    async def on_platform(opened: Target) -> ApplyResult:
        with reading(no_color=no_color):
            prepared = await prepare_apply(opened, desired, request, os.environ, saved)
        return await show_then_run(
            prepared.plan,
            lambda confirm, done: run_apply(opened, prepared, os.environ, confirm=confirm, on_done=done),
        )

    async def on_this_thread(gateway: LocalGateway) -> ApplyResult:
        prepared = await prepare_on_device(gateway, desired, request, os.environ, saved, device.flags())
        return await show_then_run(
            prepared.plan,
            lambda confirm, done: run_on_device(
                gateway, prepared, os.environ, confirm=confirm, on_done=done, device_flags=device.flags()
            ),
        )

    if local is not None:
        from iotplan.clients.gateway_lock import holding_the_gateway

        with holding_the_gateway(local.url, local.sim_db):  # another run's writes would read as not kept
            return _finish(
                lambda: on_gateway(local, on_this_thread, finished_kept=True),
                output_format,
                no_color,
                device.flags(),
            )
    # A signal as the target closes after the apply finished: _finish reports it, then says so.
    return _finish(
        lambda: on_target(scale.paced(target), on_platform, finished_kept=True), output_format, no_color
    )


def _finish(
    apply_it: Callable[[], ApplyResult], output_format: str, no_color: bool, device_flags: Sequence[str] = ()
) -> int:
    """`device_flags`: --on-device's options as given, for the advice naming the THREAD's own plan."""
    from iotplan.commands.apply import ApplyResult  # loaded by the apply that calls this

    try:
        result = apply_it()
    except ApplyInterrupted as interrupted:  # what was done, in flight and not started, then exit 130 (143)
        if isinstance(interrupted.report, ApplyResult):
            with finishing_report():
                _report(interrupted.report, output_format, no_color, device_flags)
        raise
    # Its run ended: a signal now is told and the report finished, not the apply said to be cut short.
    with finishing_report():
        _report(result, output_format, no_color, device_flags)
    result.raise_if_incomplete(device_flags, told=_TOLD[output_format])  # said with a signal's code
    if received.signals:
        raise Interrupted(FINISHED)
    return ExitCode.OK


# Where the error on stderr finds each unit's outcome: the text report is above it on a terminal;
# a JSON one went to stdout (a CI log shows stderr alone).
_TOLD = {"text": "above", "json": "in the JSON report's `outcomes` on stdout"}


def _json_report(result: ApplyResult, nothing_to_do: bool) -> str:
    """Nothing to do is a report too (JSON shows no plan): the fresh read that found nothing to
    write is the verifying one, since nothing was written after it."""
    from iotplan.render.apply_report import apply_status, render_apply_json  # apply's alone, as above

    after = result.plan if nothing_to_do else result.after
    status = apply_status(result.plan.summary.has_changes, after, result.verify_error, result.outcomes)
    return render_apply_json(
        result.outcomes,
        after,
        result.stopped,
        result.verify_error,
        status=status,
        shard=result.plan.shard,
        plan=result.plan,
        grown=result.grown,
    )


if TYPE_CHECKING:
    _Run = Callable[[Callable[[], bool], ProgressCallback], Awaitable[ApplyResult]]


# What a question after no plan would approve: `apply site.yaml --format json` at a terminal asked
# "Do you want to perform these actions?" with stdout holding no plan, only the outcome's document.
UNSHOWN_PLAN = (
    "--format json shows no plan to approve: pass --auto-approve, or save the plan with `iotplan plan ... "
    "--out plan.json`, review it and apply that file (a saved plan is applied without a question)"
)


def _refuse_unreadable_plan() -> None:
    """`apply site.yaml > /dev/null` at a terminal asked `Do you want to perform these actions?` of
    a plan thrown away: a `yes` approved writes nobody could read, as `--format json`'s did."""
    nowhere = stdout_unreadable()
    if nowhere is not None:
        raise IotplanError(
            f"the plan would go nowhere readable (stdout is {shown_text(nowhere)}), and its question "
            "would approve it unread: pass --auto-approve, or save the plan with `iotplan plan ... --out "
            "plan.json`, review it and apply that file (a saved plan is applied without a question)"
        )


def _confirm(auto_approve: bool) -> bool:
    """Whether a person was asked: the plan then waited for the answer, and is read again once given."""
    if auto_approve:
        return False
    if not sys.stdin.isatty():
        raise IotplanError("not on a terminal: pass --auto-approve to apply without confirmation")
    question = "Do you want to perform these actions? Only 'yes' will be accepted"
    try:
        # Blocking the loop: a signal could only cancel the task once the answer came.
        with interruptible():
            answer = click.prompt(_where_the_plan_went() + question, err=True)
    except click.Abort:
        click.echo(err=True)  # "Interrupted." on a line of its own, not after the prompt's ^C
        raise
    if answer != "yes":
        raise IotplanError("apply cancelled")
    return True


def _where_the_plan_went() -> str:
    """Before the question, where stdout is not the terminal it is asked on (`apply site.yaml >
    apply.log`, `> /dev/pts/7`): the plan is not on the screen the question is asked on."""
    elsewhere = stdout_elsewhere()
    if elsewhere is None:
        return ""
    # The name is anyone's: escapes in it erased this line on screen, a line break forged one.
    named = f" ({shown_text(elsewhere.name)})" if elsewhere.name else ""
    if elsewhere.kind == "terminal":
        return f"The plan was written to stdout, another terminal{named}: read it there first.\n"
    if elsewhere.kind in ("pipe", "socket"):  # `| tee apply.log` showed it above, `| grep` some of it
        return (
            f"The plan was written to stdout, a {elsewhere.kind}: if it does not show above, read it where "
            f"the {elsewhere.kind} leads.\n"
        )
    return f"The plan was written to stdout, which is not this terminal{named}: read it there first.\n"


def _report(
    result: ApplyResult, output_format: str, no_color: bool, device_flags: Sequence[str] = ()
) -> None:
    from iotplan.render.apply_report import INTERRUPTED, remaining_warning, render_apply_text  # as above

    nothing_to_do = result.after is None and not result.outcomes
    if output_format == "json":
        write_view(_json_report(result, nothing_to_do))
        return
    if nothing_to_do:  # the plan shown said so
        return
    # Why an interrupted apply is unverified (a failed verifying plan is told on stderr instead).
    unverified = result.verify_error if result.stopped == INTERRUPTED else ""
    found_unlisted = result.found_unlisted()
    text = render_apply_text(
        result.outcomes,
        result.after,
        result.stopped,
        color=use_color(no_color),
        unverified=unverified,
        plan_again=plan_again_command(result.plan, device_flags),
        plan=result.plan,
        unlisted=found_unlisted,
    )
    write_view(text)
    unlisted = [*result.made_unlisted(), *found_unlisted]
    warning = remaining_warning(result.after, unlisted, result.updated_unlisted()) if result.after else None
    if warning:
        click.secho(warning, fg="yellow", err=True)
