"""validate, render and schema: the commands that only read manifests."""

from __future__ import annotations

import click

from iotplan.cli.exit_codes import ExitCode
from iotplan.cli.given_once import GivenOnceCommand
from iotplan.cli.options import NotEmpty, TemplateFiles, examples, no_color_accepted, template_inputs
from iotplan.cli.stdout import write_view
from iotplan.commands import ManifestInput, Validation, render_command, validate_command
from iotplan.commands.manifests import (
    one_gateway_in_one_stack,
    shared_connections,
    shared_gateways,
    shared_stacks,
    sites_where_read,
)
from iotplan.errors import IotplanError
from iotplan.manifest.schema import manifest_json_schema_text


@click.command(
    cls=GivenOnceCommand,
    epilog=examples(
        "iotplan validate examples/quickstart/site.yaml",
        "iotplan render examples/multi-site/site.yaml.j2 --sites examples/multi-site/sites.csv \\",
        "  | iotplan validate -",
    ),
)
@click.argument("manifests", nargs=-1, required=True, metavar="MANIFEST...", type=NotEmpty())
@template_inputs
@no_color_accepted
def validate(manifests: tuple[str, ...], template: TemplateFiles) -> int:
    """Check manifests (a path, or - for stdin, given once) and report every problem at once.

    Each problem reads FILE:LINE:COL: ADDRESS: MESSAGE. Nothing is sent anywhere.
    Manifests that say the same stack, or of different stacks that declare the same THREAD or
    gateway (`edge.host`) or pin one connection by `id:` with different values, are warned about,
    and so is a THREAD's `version` without `register: true` (sent only when it creates the
    connection). Two THREAD nodes at one gateway (`edge.host`) in manifests of one stack are an
    error at the later one. Exits 0 when every manifest is valid, 1 otherwise.
    """
    if manifests.count("-") > 1:  # the second read would find stdin empty: "the manifest is empty"
        raise click.UsageError("- (stdin) can be read once: give it one time")
    inputs = sites_where_read([template.input(path) for path in manifests])
    results = one_gateway_in_one_stack([(each, _validated(each)) for each in inputs])
    for result in results:
        if result.valid:
            write_view(f"{result.summary}\n")
            for warning in result.warnings:
                click.echo(f"Warning: {warning}", err=True)
        else:
            click.echo(result.error, err=True)
    _warn_of_shared_stacks(results)
    return ExitCode.OK if all(result.valid for result in results) else ExitCode.ERROR


def _warn_of_shared_stacks(results: list[Validation]) -> None:
    """A warning, not an error: each file is valid on its own, and they clash only where both are
    applied to one platform, which validate never sees (drift, which reads one, refuses those that list
    a project in common)."""
    valid = [result for result in results if result.valid]
    for shared in shared_stacks((result.path, result.stack, result.projects) for result in valid):
        click.echo(f"Warning: {shared}.", err=True)
    for gateway in shared_gateways((result.path, result.stack, result.gateways) for result in valid):
        click.echo(f"Warning: {gateway}.", err=True)
    for connection in shared_connections((result.path, result.stack, result.connections) for result in valid):
        click.echo(f"Warning: {connection}.", err=True)


def _validated(manifest: ManifestInput) -> Validation:
    """One manifest's result. A file that cannot be read (missing, a folder, no permission) is
    that file's problem, not the run's: the other files are still checked and reported."""
    try:
        [result] = validate_command([manifest])
    except IotplanError as error:
        return Validation(manifest.path, error=str(error))
    return result


@click.command(
    cls=GivenOnceCommand,
    epilog=examples(
        "iotplan render examples/multi-site/site.yaml.j2 --sites examples/multi-site/sites.csv",
        "iotplan render site.yaml.j2 --vars prod.yaml > rendered.yaml",
    ),
)
@click.argument("template_path", metavar="TEMPLATE", type=NotEmpty())
@template_inputs
@no_color_accepted
def render(template_path: str, template: TemplateFiles) -> None:
    """Render a Jinja2 manifest template and print the YAML it produces.

    The template sees the variables of --vars and `sites`, the rows of --sites, each row laid
    over the vars. A missing variable is an error naming the template's file and line, and so is
    a manifest that renders empty (nothing but blank lines and comments): exit 1, nothing printed.
    """
    write_view(render_command(template.input(template_path)))


@click.command(cls=GivenOnceCommand, epilog=examples("iotplan schema > schemas/iotplan-v1.schema.json"))
@no_color_accepted
def schema() -> None:
    """Print the manifest's JSON Schema, for editors and other tools."""
    write_view(manifest_json_schema_text())
