"""iotplan import: a manifest written from live state, to adopt a network that exists already."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from iotplan.clients.target import Target
from iotplan.collector import paused_collector
from iotplan.errors import IotplanError, ManifestError, PlatformError, Problem, ProjectNotFound, status_of
from iotplan.live.model import LiveConnection, LiveEntity, LiveProject
from iotplan.live.read import ProjectScope, owned_outside, read_live
from iotplan.manifest import parse_manifest
from iotplan.manifest.addresses import owner_of
from iotplan.manifest.models import check_stack
from iotplan.plan.ownership import Ownership
from iotplan.render.imported import (
    REF_ID_CAVEAT,
    ImportedManifest,
    adoptable,
    common_stack,
    left_as_copies,
    left_unmanaged,
    marked_invalid,
    named_stacks,
    owned_yet_left_out,
    render_import,
    shared_channels,
    shared_ref_ids,
)
from iotplan.wording import counted, first, first_lines, joined

NOTHING_BY_PREFIX = "\0"  # a stack prefix no refId starts with: only pinned connections are read


@dataclass(frozen=True)
class ImportRequest:
    project_id: str
    node_ids: tuple[str, ...] = ()  # only these connections; all when empty
    stack: str | None = None  # default: the one the refIds name; refused unless they name one
    parallelism: int = 16
    file: str = "<stdout>"  # where the manifest goes: its problems are told at lines of it


@dataclass(frozen=True)
class ImportResult:
    manifest: str  # the YAML text
    stack: str
    connections: int
    problems: tuple[Problem, ...] = ()  # why the manifest does not validate: it says so in its header
    warnings: tuple[str, ...] = ()  # for stderr: what the manifest adopts that other stacks still own

    @property
    def valid(self) -> bool:
        return not self.problems


async def import_command(target: Target, request: ImportRequest) -> ImportResult:
    if request.stack is not None:
        _check_stack(request.stack)
    project = await _read_project(target, request)
    missing = set(request.node_ids) - set(project.connections)
    if missing:
        raise IotplanError(
            f"no such connection in project {request.project_id}: {', '.join(sorted(missing))}"
        )
    stack = request.stack or _live_stack(project)
    _refuse_leaving_out_what_the_stack_owns(project, stack)
    _refuse_leaving_out_what_cannot_be_adopted(project, stack)
    if request.node_ids:
        outside = await owned_outside(target.client, project, Ownership(stack).owns, request.parallelism)
        under = (
            f"{counted(len(outside), 'entity')} (devices, sensors) under connections this import leaves out"
        )
        _refuse_leaving_out(stack, outside, under)
    manifest = render_import([project], stack, target.description)
    problems = _problems(manifest.text, request.file)
    text = marked_invalid(manifest.text) if problems else manifest.text
    warnings = _warnings(project, stack, stack_given=request.stack is not None, manifest=manifest)
    return ImportResult(text, stack, len(project.connections), problems, warnings)


def _warnings(
    project: LiveProject, stack: str, *, stack_given: bool, manifest: ImportedManifest
) -> tuple[str, ...]:
    """For stderr, in this order: an empty project, a stack taken from the refIds, other stacks'
    entities adopted, adoptions by `ref_id:`, what drift will report as unmanaged, copies left out,
    refIds two entries carry, THREAD sensors on one channel."""
    warnings: list[str] = []
    if not project.connections:  # a platform may answer a mistyped project id as an empty project
        warnings.append(f"project {project.id} holds no connections (check the id)")
    if not stack_given:
        warnings.append(_another_manifest_of(stack, project.id))
    elif stack in named_stacks([project]):  # given, yet named by the live refIds: as a re-import is
        warnings.append(_given_stack_is_live(stack, project.id))
    warnings += _owned_by_other_stacks(project, stack)
    if manifest.adopts_by_ref_id:
        warnings.append(REF_ID_CAVEAT.format(project=project.id))
    if manifest.left_unmanaged:
        warnings.append(left_unmanaged(manifest.left_unmanaged))
    if manifest.left_as_copies:
        warnings.append(left_as_copies(manifest.left_as_copies))
    if manifest.shared_ref_ids:
        warnings.append(shared_ref_ids(manifest.shared_ref_ids))
    if manifest.shared_channels:
        warnings.append(shared_channels(manifest.shared_channels))
    return tuple(warnings)


def _live_stack(project: LiveProject) -> str:
    """The stack the live refIds name. No constant default: two imports given one would be two
    manifests of one stack, each removing as its orphans what only the other declares."""
    if not project.connections:  # a platform may answer a mistyped project id as an empty project
        raise IotplanError(
            f"project {project.id} holds no connections (check the id), so no refIds name its stack: "
            "to import it empty, give --stack NAME; nothing was written"
        )
    stack = common_stack([project])
    if stack is None:
        found = ", ".join(named_stacks([project])) or "none"
        raise IotplanError(
            f"no stack for project {project.id}: its refIds name no single stack (found: {found}), so give "
            "--stack NAME (a stack of this manifest's own: two manifests of one stack remove each other's "
            "entities); nothing was written"
        )
    return stack


def _another_manifest_of(stack: str, project_id: str) -> str:
    return (
        f"stack {stack!r} is the one the live refIds name: this file is another manifest of that live "
        f"stack, so apply only one of them (two manifests of one stack that list project {project_id} remove "
        f"each other's entities there), or give --stack NAME for a stack of its own. {_ELSEWHERE}"
    )


def _given_stack_is_live(stack: str, project_id: str) -> str:
    return (
        f"stack {stack!r} (--stack) already owns entities here, by their refIds: this file is another "
        "manifest of that live stack, so apply only one of them (two manifests of one stack that list "
        f"project {project_id} remove each other's entities there), or give --stack a name of its own. "
        f"{_ELSEWHERE}"
    )


# import reads one project; a plan of its file reads only that project too.
_ELSEWHERE = (
    "The stack may own connections in other projects as well: this file neither sees nor removes them, "
    "and one declared here that the stack holds in another project would be duplicated, not moved"
)


def _check_stack(stack: str) -> None:
    try:
        check_stack(stack)
    except ValueError as error:
        raise IotplanError(f"--stack: {error}") from None


def _problems(text: str, file: str) -> tuple[Problem, ...]:
    """What the platform holds that a manifest cannot say (a name over the limit, say): the written
    manifest is checked by the loader every manifest goes through, so import never claims a file
    that validate, plan and apply would refuse."""
    try:
        with paused_collector():
            parse_manifest(text, file)
    except ManifestError as error:
        return tuple(error.problems)
    return ()


def _refuse_leaving_out_what_the_stack_owns(project: LiveProject, stack: str) -> None:
    """A manifest of some connections in a stack that owns others would plan to remove those others.

    With --node, every other API connection of the project was listed (as unclaimed): those whose
    refId names the stack are the ones its plan would remove."""
    left_out = [node for node in project.unclaimed if Ownership(stack).owns(node, 0)]
    _refuse_leaving_out(stack, left_out, f"{counted(len(left_out), 'connection')} this import leaves out")


def _refuse_leaving_out_what_cannot_be_adopted(project: LiveProject, stack: str) -> None:
    """A device the manifest cannot name by its refId (it has none, or one holding a credential)
    is left out, and stays unmanaged; but what the stack owns at or under it would be planned for
    removal as its orphans, by the manifest that promises no changes."""
    left_out = owned_yet_left_out([project], stack)
    if not left_out:
        return
    raise IotplanError(
        f"stack {stack!r} owns what this import cannot adopt, so planning the imported manifest would "
        f"remove it:\n{first_lines(left_out, 5)}\nGive each such device (or sensor) its SERIAL_NO back in "
        "the platform's web app (the refId the stack's manifest knows it by, as told above: for a device "
        "it adopts by `ref_id:`, that value, which the platform no longer shows), then import again; "
        "nothing was written"
    )


def _refuse_leaving_out(stack: str, left_out: list[LiveEntity], what: str) -> None:
    """What a plan of the selection alone would remove as the stack's orphans: connections it owns
    outside it, or its devices and sensors under them (ones it adopted by `id:`)."""
    if not left_out:
        return
    shown = first([f"{entity.ref_id!r} ({entity.id})" for entity in left_out], 5)
    raise IotplanError(
        f"stack {stack!r} also owns {what}: {shown}; planning a manifest of the selection alone would "
        "remove them. Add their connections with --node, or give the selection a stack of its own with "
        "--stack (its connections are then adopted by id); nothing was written"
    )


def _owned_by_other_stacks(project: LiveProject, stack: str) -> tuple[str, ...]:
    """One warning per other stack whose refIds the adopted entities carry. There is no hand-over
    between stacks: an entity keeps its refId, so that stack's plan still removes it once its
    manifest drops it, from under the manifest this import wrote."""
    found: dict[str, Counter[str]] = {}
    for connection in project.connections.values():
        for kind, depth, entity in _adopted(connection):
            other = owner_of(entity.ref_id, depth)
            if other and other != stack:
                found.setdefault(other, Counter())[kind] += 1
    return tuple(_still_owned(other, found[other], stack) for other in sorted(found))


def _adopted(connection: LiveConnection) -> Iterator[tuple[str, int, LiveEntity]]:
    """What the file adopts of the connection, as `entities_of` tells it: the connection by its id;
    a device or sensor by its refId, never one holding a credential (render/imported.py), and no
    sensor under a device left out, which goes with its device however its own refId reads."""
    yield "connection", 0, connection.node
    for device in connection.devices:
        if adoptable(device):
            yield "device", 1, device
            yield from (
                ("sensor", 2, sensor) for sensor in connection.sensors_of(device) if adoptable(sensor)
            )


def _still_owned(other: str, kinds: Counter[str], stack: str) -> str:
    counts = [counted(kinds[kind], kind) for kind in ("connection", "device", "sensor") if kinds[kind]]
    return (
        f"this import adopts {joined(counts)} whose refIds name stack {other!r}: that stack still owns them, "
        "and its plan removes them once its manifest drops them (an entity keeps its refId: there is "
        f"no hand-over between stacks). Keep them in the manifest of stack {other!r}, or let stack "
        f"{stack!r} create entities of its own (README: Between stacks)"
    )


async def _read_project(target: Target, request: ImportRequest) -> LiveProject:
    prefix = NOTHING_BY_PREFIX if request.node_ids else ""
    scope = ProjectScope(
        request.project_id,
        frozenset(request.node_ids),
        frozenset(),
        prefix,
        every_thread=True,
        finds_orphans=False,
    )
    try:
        live = await read_live(
            target.client, [scope], target=target.description, parallelism=request.parallelism, catalog=False
        )
    except PlatformError as error:
        if status_of(error) != 404 or isinstance(error.__cause__, PlatformError):
            raise  # not the project's: a connection gone while it was read, which the read says
        # The project's list answered 404. Said as the platform answered, but on the embedded demo
        # chosen by nothing given, where the id is likely right and the target not the one meant
        # (clients/target.py says so, naming --project).
        raise ProjectNotFound(str(error), IMPORTED_PROJECT, request.project_id, error) from error
    return live.projects[request.project_id]


IMPORTED_PROJECT = "import --project"  # where the project read is named, as a manifest's entry is
