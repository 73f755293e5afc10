"""validate, render and schema: the commands that only read manifests."""

from __future__ import annotations

import click

from iotplan.cli.options import examples, template_options
from iotplan.collector import paused_collector
from iotplan.errors import ManifestError, TemplateError
from iotplan.manifest import LoadedManifest, load_manifest, read_manifest_text
from iotplan.manifest.schema import manifest_json_schema_text


@click.command(
    epilog=examples(
        "iotplan validate examples/quickstart/site.yaml",
        "iotplan render examples/multi-site/site.yaml.j2 --sites examples/multi-site/sites.csv \\",
        "  | iotplan validate -",
    )
)
@click.argument("manifests", nargs=-1, required=True, metavar="MANIFEST...")
@template_options
def validate(manifests: tuple[str, ...], vars_file: str | None, sites_file: str | None) -> int:
    """Check manifests (a path, or - for stdin) and report every problem at once.

    Each problem reads FILE:LINE:COL: ADDRESS: MESSAGE. Nothing is sent anywhere.
    Exits 0 when every manifest is valid, 1 otherwise.
    """
    failed = False
    for path in manifests:
        try:
            with paused_collector():
                loaded = load_manifest(path, vars_file, sites_file)
        except (ManifestError, TemplateError) as error:
            click.echo(str(error), err=True)
            failed = True
            continue
        click.echo(_summary(loaded))
    return 1 if failed else 0


def _summary(loaded: LoadedManifest) -> str:
    projects = loaded.manifest.projects
    nodes = [node for project in projects for node in project.nodes]
    devices = [device for node in nodes for device in node.devices]
    sensors = sum(len(device.sensors) for device in devices)
    counts = ", ".join(
        _plural(count, noun)
        for count, noun in ((len(projects), "project"), (len(nodes), "node"), (len(devices), "device"))
    )
    return f"{loaded.file}: valid (stack {loaded.stack}): {counts}, {_plural(sensors, 'sensor')}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@click.command(
    epilog=examples(
        "iotplan render examples/multi-site/site.yaml.j2 --sites examples/multi-site/sites.csv",
        "iotplan render site.yaml.j2 --vars prod.yaml > rendered.yaml",
    )
)
@click.argument("template")
@template_options
def render(template: str, vars_file: str | None, sites_file: str | None) -> None:
    """Render a Jinja2 manifest template and print the YAML it produces.

    The template sees the variables of --vars and `sites`, the rows of --sites, each row laid
    over the vars. A missing variable is an error naming the template's file and line.
    """
    text, _ = read_manifest_text(template, vars_file, sites_file)
    click.echo(text, nl=False)


@click.command(epilog=examples("iotplan schema > schemas/iotplan-v1.schema.json"))
def schema() -> None:
    """Print the manifest's JSON Schema, for editors and other tools."""
    click.echo(manifest_json_schema_text(), nl=False)
