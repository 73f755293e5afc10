"""import: write a manifest from live state, to adopt a network that exists already."""

from __future__ import annotations

import os

import click

from iotplan.cli.given_once import GivenOnceCommand
from iotplan.cli.options import (
    NotEmpty,
    Scale,
    debug_option,
    examples,
    no_color_option,
    project_option,
    rate_limit_option,
    target_options,
)
from iotplan.cli.out_files import Output, OutputType, refuse_unwritable, write_whole
from iotplan.cli.output import on_target
from iotplan.cli.progress import reading
from iotplan.cli.stdout import refuse_closed_stdout, write_view
from iotplan.clients.target import TargetOptions
from iotplan.commands import ImportRequest, import_command
from iotplan.errors import IotplanError, Problem
from iotplan.secrets import masked_in_place
from iotplan.wording import counted


@click.command(
    "import",
    cls=GivenOnceCommand,
    epilog=examples(
        "iotplan import --project 6ee68656-ce20-452c-a4e6-b6b3a3b55537 --stack site --out site.yaml",
        "iotplan import --project ID --node /api/13DC2F/node --stack dam-a > dam-a.yaml",
        "iotplan import --project ID --stack site --out site.yaml && iotplan plan site.yaml   # no changes",
        "iotplan import --project ID --stack site --rate-limit 500/min --no-color --out site.yaml   # in CI",
    ),
)
@project_option("The iTwin project (asset) id to read.")
@click.option(
    "--node",
    "node_ids",
    multiple=True,
    metavar="ID",
    # Refused empty: "no such connection: " names nothing, and an unset variable is no connection id.
    type=NotEmpty(wanted="the connection's id"),
    help="Only this connection (repeatable); default all.",
)
@click.option(
    "--stack",
    help="The manifest's stack (default: the one the live refIds name; unless they name one, required).",
)
@click.option(
    "--out", "--output", "output", type=OutputType(("yaml",), stem="site", default_format="yaml"),
    help="Write the manifest to FILE instead of stdout (YAML: a name that says another format is refused).",
)  # fmt: skip
@target_options
@rate_limit_option
@no_color_option
@debug_option
def import_(
    project_id: str,
    node_ids: tuple[str, ...],
    stack: str | None,
    output: Output | None,
    target: TargetOptions,
    scale: Scale,
    no_color: bool,
) -> None:
    """Write a manifest from what the platform holds, so that planning it shows no changes.

    Connections, devices and sensors keep their refIds: keys are taken from refIds iotplan
    would derive, and anything else is adopted with `ref_id` or `id`. Secrets are written as
    `${env:...}` references, never as values; props iotplan does not manage appear as comments.

    Without --stack, the stack is the one the live refIds name, and import says on stderr that the
    file is another manifest of that live stack (apply only one of them); when they name no single
    stack (none, several, or one no manifest can name), import is refused: two manifests of one stack
    remove each other's entities. An empty project is refused too (a mistyped id may read as one),
    unless --stack is given.

    Entities whose refIds name another stack are adopted, yet that stack still owns them: import
    warns on stderr, since its plan removes them once its manifest drops them.

    With --node, a stack that owns connections outside the selection, or devices and sensors under
    them, is refused (its plan would remove them). So is a stack owning a device (or sensors under
    one) that cannot be adopted: it has no refId, or one holding a credential. Otherwise such entities
    stay unmanaged, and import says on stderr and in the file's header that drift reports them (exit 2)
    until each gets a SERIAL_NO in the web app and is imported again. A manifest that does
    not validate is written for editing, and import exits 1 listing each problem; but an existing
    --out file is then left as it was (a hand-edited manifest is not traded for one that plan
    refuses), and one a valid import replaces is named on stderr as replaced.
    """
    if output is None:
        refuse_closed_stdout()  # where the manifest goes: refused before the reads, not after
    refuse_unwritable((output,) if output else (), target=target)
    replacing = output is not None and os.path.isfile(output.path)
    file = _told_as(output, replacing)
    request = ImportRequest(project_id, node_ids, stack, target.parallelism, file)
    with reading(no_color=no_color):
        result = on_target(scale.paced(target), lambda opened: import_command(opened, request))
    if output is None:
        write_view(result.manifest)
    elif result.valid or not replacing:
        write_whole(output.path, result.manifest)
    for warning in result.warnings:
        click.secho(f"Warning: {warning}", fg="yellow", err=True)
    if not result.valid:
        raise (
            _kept(output.path, result.problems) if output and replacing else _not_valid(file, result.problems)
        )
    if output is not None:
        connections = counted(result.connections, "connection")
        wrote = "Replaced" if replacing else "Wrote"
        click.echo(
            f"{wrote} {masked_in_place(output.path)}: {connections}, stack {result.stack!r}.", err=True
        )


# The problems of an import not written: their lines are those `iotplan import` prints to stdout.
NOT_WRITTEN = "<import>"


def _told_as(output: Output | None, replacing: bool) -> str:
    """The name problems are told at: the file written, else stdout, else (an existing file, which an
    import that does not validate leaves as it was) none of the user's files."""
    if output is None:
        return "<stdout>"
    return NOT_WRITTEN if replacing else output.path


def _not_valid(file: str, problems: tuple[Problem, ...]) -> IotplanError:
    """Written anyway, for editing: validate, plan and apply refuse it as it stands."""
    return IotplanError(
        f"{file} does not validate ({counted(len(problems), 'problem')}); it was written for editing, "
        "and plan refuses it until each is fixed: in the file (a changed value then plans an update), "
        f"or on the platform before importing again:\n{_listed(problems)}"
    )


def _kept(path: str, problems: tuple[Problem, ...]) -> IotplanError:
    """Not written over an existing file: that one may be a manifest edited by hand (its `moved:`,
    its comments), and the import is one plan refuses. Nothing is written beside it either: a name
    iotplan picks may be one of the user's too, and reading again costs one import."""
    return IotplanError(
        f"{path} was left as it was: the import does not validate ({counted(len(problems), 'problem')}), "
        "so it does not replace an existing file. For the import to edit, run it again with --out "
        "NEW.yaml (or to stdout), whose lines these are; fix each in that file or on the platform before "
        f"importing again:\n{_listed(problems)}"
    )


def _listed(problems: tuple[Problem, ...]) -> str:
    return "\n".join(f"  {problem}" for problem in problems)
