"""drift: where reality has wandered from git. Read-only, safe to schedule. Parse → call → view.

One read of the platform, as many reports as asked: `--out FILE` (repeatable; `--output` is the
old spelling) writes the format FILE's extension names (`drift.json`: the JSON report `show` and
`merge` read), else `--format`; `--out FORMAT=FILE` says it outright (cli/out_files.py).
"""

from __future__ import annotations

import os

import click

from iotplan.cli.exit_codes import ExitCode
from iotplan.cli.given_once import GivenOnceCommand
from iotplan.cli.options import (
    NotEmpty,
    Scale,
    TemplateFiles,
    allow_unread_option,
    debug_option,
    examples,
    no_color_option,
    shard_options,
    target_options,
    template_inputs,
)
from iotplan.cli.out_files import (
    Content,
    Output,
    OutputType,
    refuse_disagreeing_format,
    refuse_unwritable,
    written_together,
)
from iotplan.cli.output import on_target, use_color
from iotplan.cli.progress import loading, reading
from iotplan.cli.shards import say_shard
from iotplan.cli.stdout import refuse_closed_stdout, write_chunks, write_view
from iotplan.clients.target import Target, TargetOptions
from iotplan.commands import DriftRequest, drift_command, load_desired
from iotplan.commands.drift import apart_stacks
from iotplan.commands.manifests import (
    desired_gateway_claims,
    desired_pinned_connections,
    shared_connections,
    shared_gateways,
    sites_where_read,
)
from iotplan.plan.drift import Report
from iotplan.render.drift import render_drift_junit, render_drift_markdown, render_drift_text
from iotplan.render.drift_html import render_drift_html
from iotplan.render.drift_json import drift_json_chunks
from iotplan.secrets import masked_in_place
from iotplan.wording import counted

FORMATS = ("text", "json", "markdown", "junit", "html")
RENDERERS = {  # JSON is written as it is made (show_report, report_file)
    "markdown": render_drift_markdown,
    "junit": render_drift_junit,
    "html": render_drift_html,
}


@click.command(
    cls=GivenOnceCommand,
    epilog=examples(
        "iotplan drift examples/quickstart/site.yaml",
        "iotplan drift sites/*.yaml --out drift.xml   # JUnit, as the name says",
        "iotplan drift sites/*.yaml --out json=drift.json --out junit=drift.xml --out html=drift.html",
        "iotplan drift site.yaml.j2 --sites sites.csv --format html --out drift.html",
        "iotplan drift fleet.yaml --shard 3/10 --out json=drift-3.json   # then: iotplan merge drift-*.json",
        "iotplan drift cellular-fleet.yaml --allow-unread-gateways   # gateways that sleep by design",
    ),
)
@click.argument("manifests", nargs=-1, required=True, metavar="MANIFEST...", type=NotEmpty())
@template_inputs
@target_options
@shard_options
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
    help="Report format on stdout, and of each --out FILE whose extension names no format.",
)  # fmt: skip
@click.option(
    "--out", "--output", "outputs", type=OutputType(FORMATS, stem="drift", noun="report file"), multiple=True,
    help="Write the report to FILE instead of stdout, in the format its extension names (.json, .md, "
    ".xml for junit, .html, .txt), else in --format; FORMAT=FILE (json, markdown, junit, html, text) says "
    "it outright. A name that says another format is refused. Repeatable: one read, several reports.",
)  # fmt: skip
@click.option("--show-in-sync", is_flag=True, help="Also list entities that are in sync (text format).")
@allow_unread_option
@no_color_option
@debug_option
def drift(
    manifests: tuple[str, ...],
    template: TemplateFiles,
    target: TargetOptions,
    scale: Scale,
    output_format: str,
    outputs: tuple[Output, ...],
    show_in_sync: bool,
    allow_unread_gateways: bool,
    no_color: bool,
) -> int:
    """Report where the platform and the gateways differ from MANIFEST(s). Writes nothing.

    Per entity and gateway setting a status: IN_SYNC, MODIFIED (with expected and actual
    values; also another THREAD answering at a gateway's address), MISSING, DUPLICATE,
    ORPHANED (the stack's own, no longer declared: the next apply removes it), UNMANAGED,
    PENDING or UNREACHABLE (gateways; PENDING too, a THREAD logger or sensor JSON-RPC holds as
    declared that the REST lists do not show yet), NOT_CHECKED (a setting it cannot verify, a THREAD
    logger holding no SERIAL_NO where no other logger of the THREADs the manifest declares holds
    one, or an in-sync entity the manifest's plan is refused over); per site a severity, the most
    severe first.
    Several manifests give one combined report; two that say one stack are refused where they list
    a project in common (each owns what the other declares there) and warned about otherwise
    (each sees only its own projects), and two of different stacks that declare one THREAD or gateway
    (`edge.host`), or pin one connection by `id:` with different values, are warned about (each
    apply undoes the other's).
    Exit codes: 0 in sync, 2 drift, 1 error, or a gateway not read and no drift found (its
    settings unchecked, named in the report; --allow-unread-gateways exits 0 then).
    """
    if not outputs:
        refuse_closed_stdout()  # where the report goes: refused before the reads, not after
    refuse_unwritable(outputs, (*manifests, template.vars_file, template.sites_file), target)
    refuse_disagreeing_format(outputs, output_format)
    manifests = _each_once(manifests)
    loaded = manifests[0] if len(manifests) == 1 else counted(len(manifests), "manifest")
    with loading(loaded, no_color=no_color):
        inputs = sites_where_read([template.input(path) for path in manifests])
        desired = [(each.path, load_desired(each, scale.shard)) for each in inputs]
    for _, each in desired:
        say_shard(each, scale.shard)
    for gateway in shared_gateways(
        (path, each.stack, desired_gateway_claims(each)) for path, each in desired
    ):
        click.echo(f"Warning: {gateway}.", err=True)
    for connection in shared_connections(
        (path, each.stack, desired_pinned_connections(each)) for path, each in desired
    ):
        click.echo(f"Warning: {connection}.", err=True)
    request = DriftRequest(desired, target.parallelism, shard=scale.shard)
    for apart in apart_stacks(desired):
        click.echo(f"Warning: {apart}.", err=True)

    async def work(opened: Target) -> Report:
        with reading(len(desired), no_color=no_color) as shown:
            on_read = shown.manifest_read if shown else lambda: None
            return await drift_command(opened, request, os.environ, on_read=on_read)

    report = on_target(scale.paced(target), work)
    # What `plan`, which the report's last line offers, needs to read the same sites on the same platform.
    plan_flags = (*template.flags(), *target.flags())
    if not outputs:
        show_report(report, output_format, use_color(no_color), show_in_sync, plan_flags)
    with written_together() as write:
        for output in outputs:
            shown = output.output_format or output_format
            write(output.path, report_file(report, shown, show_in_sync, plan_flags))
    if outputs:
        written = ", ".join(masked_in_place(output.path) for output in outputs)
        click.echo(f"{report.summary_line()} Report written to {written}.", err=True)
    return drift_exit(report, allow_unread_gateways)


def drift_exit(report: Report, allow_unread: bool) -> int:
    """2 drift found; 1 nothing found but part of what was asked not read (iotplan cannot say it
    matches, as `terraform plan` errors on what it cannot read), unless the user allows it; else 0."""
    if report.drifted:
        return ExitCode.CHANGES
    if report.incomplete and not allow_unread:
        click.echo(
            f"Error: {report.unread_phrase()}, so drift cannot say the fleet matches the manifest (the "
            f"report names {'it' if report.unread_gateways == 1 else 'each'} and why). Run it again once "
            f"{'it answers' if report.unread_gateways == 1 else 'they answer'}; where gateways sleep by "
            "design, --allow-unread-gateways exits 0 on them.",
            err=True,
        )
        return ExitCode.ERROR
    return ExitCode.OK


def _each_once(manifests: tuple[str, ...]) -> tuple[str, ...]:
    """Overlapping globs (`sites/*.yaml sites/dam-*.yaml`) name a file twice: it is read once,
    or its every entity would be counted twice."""
    seen: set[str] = set()
    kept = []
    for path in manifests:
        same = path if path == "-" else os.path.realpath(path)
        if same not in seen:
            seen.add(same)
            kept.append(path)
    return tuple(kept)


def show_report(
    report: Report, output_format: str, color: bool, in_sync: bool, plan_flags: tuple[str, ...] = ()
) -> None:
    """On stdout; JSON as it is written, a line an entry (render/drift_json.py). `plan_flags`: what
    the Next line's `plan` needs besides the manifest (none known to `merge`)."""
    if output_format == "json":
        write_chunks(drift_json_chunks(report))
    else:
        write_view(render_report(report, output_format, color, in_sync, plan_flags))


def report_file(
    report: Report, output_format: str, in_sync: bool, plan_flags: tuple[str, ...] = ()
) -> Content:
    """What a report file holds; JSON as it is written, never whole in memory."""
    if output_format == "json":
        return drift_json_chunks(report)
    return render_report(report, output_format, False, in_sync, plan_flags)


def render_report(
    report: Report, output_format: str, color: bool, in_sync: bool, plan_flags: tuple[str, ...] = ()
) -> str:
    if output_format == "text":
        return render_drift_text(report, color=color, show_in_sync=in_sync, plan_flags=plan_flags)
    if output_format == "markdown":
        return render_drift_markdown(report, plan_flags=plan_flags)
    return RENDERERS[output_format](report)
