"""import: write a manifest from live state, to adopt a network that exists already."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from iotplan.cli.aio import run
from iotplan.cli.options import examples
from iotplan.cli.plan_commands import announce_target, target_options, target_settings
from iotplan.clients.target import open_target
from iotplan.errors import IotplanError
from iotplan.live.model import LiveProject
from iotplan.live.read import ProjectScope, read_live
from iotplan.render.imported import common_stack, render_import

NOTHING_BY_PREFIX = "\0"  # a stack prefix no refId starts with: only pinned connections are read


@click.command(
    "import",
    epilog=examples(
        "iotplan import --project 6ee68656-ce20-452c-a4e6-b6b3a3b55537 --output site.yaml",
        "iotplan import --project ID --node /api/13DC2F/node --stack dam-a > dam-a.yaml",
        "iotplan import --project ID --output site.yaml && iotplan plan site.yaml   # no changes",
    ),
)
@click.option("--project", "project_id", required=True, help="The iTwin project (asset) id to read.")
@click.option(
    "--node", "node_ids", multiple=True, metavar="ID", help="Only this connection (repeatable); default all."
)
@click.option("--stack", help="The manifest's stack (default: the one its refIds name, else 'imported').")
@click.option("--output", "output_file", type=click.Path(dir_okay=False), help="Write the manifest here.")
@target_options
def import_(
    project_id: str, node_ids: tuple[str, ...], stack: str | None, output_file: str | None, **kwargs: Any
) -> None:
    """Write a manifest from what the platform holds, so that planning it shows no changes.

    Connections, devices and sensors keep their refIds: keys are taken from refIds iotplan
    would derive, and anything else is adopted with `ref_id` or `id`. Secrets are written as
    `${env:...}` references, never as values; props iotplan does not manage appear as comments.
    """
    project, target = run(_read(project_id, node_ids, kwargs))
    missing = set(node_ids) - set(project.connections)
    if missing:
        raise IotplanError(f"no such connection in project {project_id}: {', '.join(sorted(missing))}")
    chosen = stack or common_stack([project]) or "imported"
    text = render_import([project], chosen, target)
    if output_file:
        Path(output_file).write_text(text, encoding="utf-8")
        count = len(project.connections)
        click.echo(
            f"Wrote {output_file}: {count} connection{'s' * (count != 1)}, stack {chosen!r}.", err=True
        )
    else:
        click.echo(text, nl=False)


async def _read(
    project_id: str, node_ids: tuple[str, ...], kwargs: dict[str, Any]
) -> tuple[LiveProject, str]:
    async with open_target(target_settings(kwargs), os.environ) as target:
        announce_target(target.description)
        prefix = NOTHING_BY_PREFIX if node_ids else ""
        scope = ProjectScope(project_id, frozenset(node_ids), frozenset(), prefix)
        live = await read_live(
            target.client,
            [scope],
            target=target.description,
            parallelism=kwargs["parallelism"],
            catalog=False,
        )
        return live.projects[project_id], target.description
