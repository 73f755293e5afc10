"""iotplan import: a manifest written from live state, to adopt a network that exists already."""

from __future__ import annotations

from dataclasses import dataclass

from iotplan.clients.target import Target
from iotplan.errors import IotplanError
from iotplan.live.model import LiveProject
from iotplan.live.read import ProjectScope, read_live
from iotplan.plan.ownership import Ownership
from iotplan.render.imported import common_stack, render_import
from iotplan.wording import counted

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
    _refuse_leaving_out_what_the_stack_owns(project, stack)
    text = render_import([project], stack, target.description)
    return ImportResult(text, stack, len(project.connections))


def _refuse_leaving_out_what_the_stack_owns(project: LiveProject, stack: str) -> None:
    """A manifest of some connections in a stack that owns others would plan to remove those others.

    With --node, every other API connection of the project was listed (as unclaimed): those whose
    refId names the stack are the ones its plan would remove."""
    left_out = [node for node in project.unclaimed if Ownership(stack).owns(node)]
    if not left_out:
        return
    listed = [f"{node.ref_id!r} ({node.id})" for node in left_out]
    shown = ", ".join(listed[:5]) + (f" and {len(listed) - 5} more" if len(listed) > 5 else "")
    raise IotplanError(
        f"stack {stack!r} also owns {counted(len(left_out), 'connection')} this import leaves out: "
        f"{shown}; planning a manifest of the selection alone would remove what it leaves out. "
        "Add each with --node, or give the selection a stack of its own with --stack "
        "(its connections are then adopted by id); nothing was written"
    )


async def _read_project(target: Target, request: ImportRequest) -> LiveProject:
    prefix = NOTHING_BY_PREFIX if request.node_ids else ""
    scope = ProjectScope(
        request.project_id, frozenset(request.node_ids), frozenset(), prefix, every_thread=True
    )
    live = await read_live(
        target.client, [scope], target=target.description, parallelism=request.parallelism, catalog=False
    )
    return live.projects[request.project_id]
