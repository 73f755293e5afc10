"""iotplan import: a manifest written from live state, to adopt a network that exists already."""

from __future__ import annotations

from dataclasses import dataclass

from iotplan.clients.target import Target
from iotplan.errors import IotplanError
from iotplan.live.model import LiveProject
from iotplan.live.read import ProjectScope, read_live
from iotplan.render.imported import common_stack, render_import

NOTHING_BY_PREFIX = "\0"  # a stack prefix no refId starts with: only pinned connections are read
DEFAULT_STACK = "imported"


@dataclass(frozen=True)
class ImportRequest:
    project_id: str
    node_ids: tuple[str, ...] = ()  # only these connections; all when empty
    stack: str | None = None  # default: the one the refIds name, else DEFAULT_STACK
    parallelism: int = 16


@dataclass(frozen=True)
class ImportResult:
    manifest: str  # the YAML text
    stack: str
    connections: int


async def import_command(target: Target, request: ImportRequest) -> ImportResult:
    project = await _read_project(target, request)
    missing = set(request.node_ids) - set(project.connections)
    if missing:
        raise IotplanError(
            f"no such connection in project {request.project_id}: {', '.join(sorted(missing))}"
        )
    stack = request.stack or common_stack([project]) or DEFAULT_STACK
    text = render_import([project], stack, target.description)
    return ImportResult(text, stack, len(project.connections))


async def _read_project(target: Target, request: ImportRequest) -> LiveProject:
    prefix = NOTHING_BY_PREFIX if request.node_ids else ""
    scope = ProjectScope(
        request.project_id, frozenset(request.node_ids), frozenset(), prefix, every_thread=True
    )
    live = await read_live(
        target.client, [scope], target=target.description, parallelism=request.parallelism, catalog=False
    )
    return live.projects[request.project_id]
