"""iotplan validate and render: the commands that only read manifests. Nothing is sent anywhere."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iotplan.collector import paused_collector
from iotplan.commands.inputs import ManifestInput, refuse_options_read_twice
from iotplan.errors import ManifestError, Problem, TemplateError
from iotplan.manifest import LoadedManifest, read_manifest_text
from iotplan.manifest.edge import Edge
from iotplan.manifest.files import STDIN, NotText, read_text
from iotplan.manifest.gateway_host import GatewayAddress, gateway_address, one_gateway_twice
from iotplan.manifest.loader import locate_entities_fields, locate_in_loaded
from iotplan.manifest.models import SECRET_FIELDS
from iotplan.manifest.positions import YamlSyntaxError
from iotplan.manifest.source import Path, load_yaml
from iotplan.plan.desired import DesiredState
from iotplan.plan.model import Kind
from iotplan.plan.props import desired_fields
from iotplan.secrets import masked_in_place
from iotplan.wording import counted, joined


@dataclass(frozen=True)
class Validation:
    path: str
    summary: str = ""  # for a valid manifest: what it declares
    error: str = ""  # for an invalid one: every problem, one per line
    stack: str = ""  # for a valid manifest: the stack it says
    gateways: tuple[Claim, ...] = ()  # for a valid manifest: what its THREAD nodes claim (gateway_claims)
    connections: tuple[PinnedConnection, ...] = ()  # for a valid manifest: its API nodes pinned by `id:`
    projects: tuple[str, ...] = ()  # for a valid manifest: the project ids it lists
    warnings: tuple[str, ...] = ()  # for a valid manifest: what it declares to no effect, at file:line
    thread_gateways: tuple[ThreadGateway, ...] = ()  # for a valid manifest: each THREAD node's gateway

    @property
    def valid(self) -> bool:
        return not self.error


def validate_command(manifests: Iterable[ManifestInput]) -> list[Validation]:
    """Every manifest checked, every problem of each reported at once."""
    results = []
    for manifest in manifests:
        try:
            with paused_collector():
                loaded = manifest.load()
        except (ManifestError, TemplateError) as error:
            results.append(Validation(manifest.path, error=str(error)))
            continue
        threads = ((node.id, node.edge) for _, node in loaded.declared_nodes() if node.kind == "thread")
        results.append(
            Validation(
                manifest.path,
                _summary(loaded),
                stack=loaded.stack,
                gateways=gateway_claims(threads),
                connections=pinned_connections(
                    (node.id, desired_fields(Kind.NODE, node))
                    for _, node in loaded.declared_nodes()
                    if node.kind == "api"
                ),
                projects=tuple(project.id for project in loaded.manifest.projects),
                warnings=_warnings(manifest, loaded),
                thread_gateways=tuple(
                    ThreadGateway(node.key, node.id, node.edge.host, gateway_address(node.edge.host))
                    for _, node in loaded.declared_nodes()
                    if node.kind == "thread" and node.edge is not None
                ),
            )
        )
    return results


VERSION_UNSENT = (
    "'version' is sent only by createNode, which `register: true` asks for: without it, it does nothing; "
    "delete it, or set register: true to create the THREAD's connection"
)


def _warnings(manifest: ManifestInput, loaded: LoadedManifest) -> tuple[str, ...]:
    """A THREAD's `version:` without `register: true`: valid, but it would never be sent, and
    someone editing it expects a plan to show the change."""
    found: list[tuple[str, Path, str]] = [
        (node.key, ("version",), VERSION_UNSENT)
        for _, node in loaded.declared_nodes()
        if node.kind == "thread" and node.version is not None and not node.register_node
    ]
    if not found:
        return ()
    located = locate_entities_fields(
        manifest.path, found, manifest.vars_file, manifest.sites_file, manifest.variables
    )
    return tuple(map(str, located or locate_in_loaded(loaded, found) or ()))


def sites_where_read(manifests: Sequence[ManifestInput]) -> list[ManifestInput]:
    """Several manifests given one --sites (`drift site.yaml.j2 plain.yaml --sites sites.csv`): its
    rows go to those that name `sites`, and the others are read without them. Only where none names
    it is each refused, as a manifest alone is (manifest/template.py `_refuse_unread_sites`): then
    its rows would change nothing. A --sites or --vars stream that more than one would read is
    refused (`refuse_options_read_twice`)."""
    given = _given_sites(manifests)
    refuse_options_read_twice(given)
    return given


def _given_sites(manifests: Sequence[ManifestInput]) -> list[ManifestInput]:
    if len(manifests) < 2 or not manifests[0].sites_file:
        return list(manifests)
    reading = [_may_read_sites(manifest.path) for manifest in manifests]
    if not any(reading):
        return list(manifests)
    return [
        manifest if reads else dataclasses.replace(manifest, sites_file=None)
        for manifest, reads in zip(manifests, reading, strict=True)
    ]


def _may_read_sites(path: str) -> bool:
    """Whether the manifest names `sites`; so taken where that cannot be looked at before its load
    (stdin, read once; a file that cannot be read, which its load then says)."""
    from iotplan.manifest.template import names_sites  # jinja2 loads only for a template

    if path == STDIN:
        return True
    try:
        return names_sites(read_text(path))
    except (OSError, NotText):
        return True


@dataclass(frozen=True)
class SharedStack:
    """Manifests that say one stack. Where they list a project in common, each owns what the others
    declare there (README, Stack: one stack, one manifest), so applying one plans the removal of what
    only another declares. Where they list none in common, each plan reads only its own projects, so
    they neither remove nor see each other's entities."""

    stack: str
    paths: tuple[str, ...]
    common_projects: tuple[str, ...] = ()  # the projects more than one of them lists

    @property
    def clash(self) -> bool:
        return bool(self.common_projects)

    def __str__(self) -> str:
        two = len(self.paths) == 2
        others = "the other declares" if two else "the others declare"
        said = f"{joined(list(map(_shown, self.paths)))} {'both' if two else 'all'} say stack {self.stack!r}"
        if not self.clash:
            return (
                f"{said} for different projects (none in common): each plan reads only its own file's "
                f"projects, so {'neither' if two else 'none'} removes or sees what {others}; an entity "
                "moved from one file's project to another's is duplicated, not moved (the old one, with its "
                "history, stays where no plan of these files looks)"
            )
        projects = "project" if len(self.common_projects) == 1 else "projects"
        return (
            f"{said}: each owns what {others}, and applying one removes what only {others} "
            f"in {projects} {joined(list(self.common_projects))}. Merge them into one manifest; give each "
            "a stack of its own only where its network is not applied yet (an entity cannot move between "
            "stacks, so a network already applied stays in one manifest)"
        )


def shared_stacks(claims: Iterable[tuple[str, str, Iterable[str]]]) -> list[SharedStack]:
    """Each stack that more than one of the (path, stack, project ids) manifests says, with the
    projects more than one of them lists (ids in any case are one project). One file named twice (by
    overlapping globs, or through a symlink) is one manifest, not two that share a stack."""
    by_stack: dict[str, dict[str, tuple[str, frozenset[str]]]] = {}
    for path, stack, project_ids in claims:
        same_file = _same_file(path)
        projects = frozenset(project_id.lower() for project_id in project_ids)
        by_stack.setdefault(stack, {}).setdefault(same_file, (path, projects))
    return [
        SharedStack(stack, tuple(path for path, _ in files.values()), _listed_twice(files.values()))
        for stack, files in by_stack.items()
        if len(files) > 1
    ]


def _same_file(path: str) -> str:
    """A manifest's path as one file, however it was named (overlapping globs, a symlink); stdin as `-`."""
    return path if path == "-" else os.path.realpath(path)


def _listed_twice(files: Iterable[tuple[str, frozenset[str]]]) -> tuple[str, ...]:
    seen: set[str] = set()
    twice: dict[str, None] = {}
    for _, projects in files:
        twice.update(dict.fromkeys(sorted(projects & seen)))
        seen |= projects
    return tuple(twice)


@dataclass(frozen=True)
class ThreadGateway:
    """A THREAD node of a valid manifest and the gateway its `edge.host` reaches."""

    node: str  # its key
    node_id: str | None
    host: str  # as written
    address: GatewayAddress


def one_gateway_in_one_stack(checked: Sequence[tuple[ManifestInput, Validation]]) -> list[Validation]:
    """The (manifest, result) of each manifest, a valid one made invalid where a THREAD node's gateway
    is one that a node of an earlier manifest of its stack declares: a gateway is one box with one
    serial, as within one manifest (checks.py `_threads_at_one_gateway`). Of different stacks it is
    the SharedGateway warning; one file named twice is one manifest; one THREAD id at both is one
    THREAD declared twice, not this."""
    first: dict[tuple[str, GatewayAddress], tuple[ManifestInput, Validation, ThreadGateway]] = {}
    results = []
    for manifest, result in checked:
        problems = []
        for gateway in result.thread_gateways if result.valid else ():
            earlier = first.setdefault((result.stack, gateway.address), (manifest, result, gateway))
            other_manifest, other_result, other = earlier
            if _same_file(other_result.path) == _same_file(result.path) or other.node_id == gateway.node_id:
                continue
            problems.append(_at_one_gateway(manifest, gateway, other_manifest, other_result, other))
        results.append(dataclasses.replace(result, error="\n".join(problems)) if problems else result)
    return results


def _at_one_gateway(
    manifest: ManifestInput,
    gateway: ThreadGateway,
    first: ManifestInput,
    result: Validation,
    other: ThreadGateway,
) -> str:
    """The problem at the later node's `host:`, naming the earlier node, its file and line."""
    shown = _shown(result.path)
    named = f"{other.node} ({other.node_id}) of {shown} (stack {result.stack!r})"
    message = one_gateway_twice(gateway.host, other.address, named)
    first_at = _host_located(first, other, "")
    if first_at is not None:
        message += f" (first written at {shown} line {first_at.line})"
    located = _host_located(manifest, gateway, message)
    if located is None:
        return f"{_shown(manifest.path)}: {gateway.node}: {message}"
    return str(located)


def _shown(path: str) -> str:
    return "<stdin>" if path == STDIN else masked_in_place(path)  # a URL's credential in its folders


def _host_located(manifest: ManifestInput, gateway: ThreadGateway, message: str) -> Problem | None:
    """`message` at the node's `host:`; None where that cannot be told (stdin: read once)."""
    found: list[tuple[str, Path, str]] = [(gateway.node, ("edge", "host"), message)]
    located = locate_entities_fields(
        manifest.path, found, manifest.vars_file, manifest.sites_file, manifest.variables
    )
    return located[0] if located else None


@dataclass(frozen=True)
class GatewayClaim:
    """The gateway a THREAD node's `edge.host` reaches, one claim however each manifest writes it
    (GatewayAddress compares the box and port), said as the first manifest writes it."""

    address: GatewayAddress

    def __str__(self) -> str:
        return f"the gateway at edge.host {self.address}"


Claim = str | GatewayClaim  # a THREAD (`THREAD {id}`), or its gateway


def gateway_claims(threads: Iterable[tuple[str | None, Edge | None]]) -> tuple[Claim, ...]:
    """What a manifest's THREAD nodes, each its (id, edge), hold that no refId guards: the THREAD
    itself, and the gateway its `edge.host` reaches."""
    claims: list[Claim] = []
    for node_id, edge in threads:
        claims.append(f"THREAD {node_id}")
        if edge is not None:
            claims.append(GatewayClaim(gateway_address(edge.host)))
    return tuple(claims)


def desired_gateway_claims(desired: DesiredState) -> tuple[Claim, ...]:
    """gateway_claims of a loaded manifest's THREAD nodes (with --shard, its shard's)."""
    return gateway_claims((node.thread_id, node.edge) for node in desired.nodes if node.on_thread)


@dataclass(frozen=True)
class SharedGateway:
    """THREADs or gateways that manifests of different stacks declare. A THREAD and its loggers,
    sensors and gateway settings carry no refId, so no stack owns them (README, THREAD sites): each
    apply writes its own names and settings over the other's, and each exits 0."""

    claims: tuple[Claim, ...]
    manifests: tuple[tuple[str, str], ...]  # each manifest's path and stack

    def __str__(self) -> str:
        named, both, others = _manifests_said(self.manifests)
        return (
            f"{named} {both} declare {joined(self.claims)}: a THREAD has no refId, so no stack owns it "
            "or its loggers and sensors, and each apply (exit 0) writes its names and gateway settings "
            f"over {others}. Declare it in one manifest"
        )


def _manifests_said(manifests: Sequence[tuple[str, str]]) -> tuple[str, str, str]:
    """`a.yaml (stack 'a') and b.yaml (stack 'b')`, `both` and `the other's`, of (path, stack) manifests
    that claim one thing."""
    named = joined([f"{_shown(path)} (stack {stack!r})" for path, stack in manifests])
    both, others = ("both", "the other's") if len(manifests) == 2 else ("all", "the others'")
    return named, both, others


def shared_gateways(manifests: Iterable[tuple[str, str, tuple[Claim, ...]]]) -> list[SharedGateway]:
    """What the (path, stack, gateway claims) manifests of more than one stack declare, one warning
    for each set of manifests. One file named twice is one manifest (as in shared_stacks)."""
    claimants: dict[Claim, dict[str, tuple[str, str]]] = {}
    for path, stack, claims in manifests:
        same_file = _same_file(path)
        for claim in claims:
            claimants.setdefault(claim, {}).setdefault(same_file, (path, stack))
    by_manifests: dict[tuple[tuple[str, str], ...], list[Claim]] = {}
    for claim, holders in _across_stacks(claimants):
        by_manifests.setdefault(holders, []).append(claim)
    return [SharedGateway(tuple(claims), holders) for holders, claims in by_manifests.items()]


def _across_stacks(
    claimants: dict[Claim, dict[str, tuple[str, str]]],
) -> Iterator[tuple[Claim, tuple[tuple[str, str], ...]]]:
    """Each claim that manifests of more than one stack make (two of one stack are told apart by
    shared_stacks already), with those manifests."""
    for claim, holders in claimants.items():
        if len({stack for _, stack in holders.values()}) > 1:
            yield claim, tuple(holders.values())


# What a manifest's API node pinned by `id:` declares of it: the id, and each field it sets. Not
# `auth_token`: two `${env:...}` references may name one token, which no manifest shows.
PinnedConnection = tuple[str, tuple[tuple[str, Any], ...]]


def pinned_connections(nodes: Iterable[tuple[str | None, Mapping[str, Any]]]) -> tuple[PinnedConnection, ...]:
    """Each (id, declared fields) API node pinned by `id:`, as `shared_connections` compares them."""
    return tuple(
        (node_id, tuple((name, value) for name, value in fields.items() if name not in SECRET_FIELDS))
        for node_id, fields in nodes
        if node_id
    )


def desired_pinned_connections(desired: DesiredState) -> tuple[PinnedConnection, ...]:
    """pinned_connections of a loaded manifest's API nodes (with --shard, its shard's)."""
    return pinned_connections((node.pinned_id, node.fields) for node in desired.nodes if not node.on_thread)


@dataclass(frozen=True)
class SharedConnection:
    """One connection that manifests of different stacks pin by `id:`, setting a field to different
    values: where no stack owns it, each apply writes its own over the other's and exits 0; where
    one does, the others' plans are refused (README "Between stacks"). As SharedGateway for a THREAD."""

    connection_id: str
    fields: tuple[str, ...]
    manifests: tuple[tuple[str, str], ...]  # each manifest's path and stack

    def __str__(self) -> str:
        named, both, others = _manifests_said(self.manifests)
        them = "it" if len(self.fields) == 1 else "them"
        return (
            f"{named} {both} pin connection {self.connection_id} by `id:`, with a different "
            f"{joined(list(self.fields))}: where no stack owns it, each apply (exit 0) writes its own over "
            f"{others}, and where one does, the others' plans are refused. Declare {them} in one manifest, "
            "or alike in each"
        )


def shared_connections(
    manifests: Iterable[tuple[str, str, tuple[PinnedConnection, ...]]],
) -> list[SharedConnection]:
    """The connections that the (path, stack, pinned connections) manifests of more than one stack
    pin with a field set otherwise. A field only one of them sets is not compared: the others leave
    it as it is. One file named twice is one manifest (as in shared_stacks)."""
    pinned: dict[str, dict[str, tuple[str, str, Mapping[str, Any]]]] = {}
    for path, stack, connections in manifests:
        same_file = _same_file(path)
        for connection_id, fields in connections:
            pinned.setdefault(connection_id, {}).setdefault(same_file, (path, stack, dict(fields)))
    shared = []
    for connection_id, holders in pinned.items():
        if len({stack for _, stack, _ in holders.values()}) < 2:
            continue
        differing = _set_otherwise([fields for _, _, fields in holders.values()])
        if differing:
            manifests_named = tuple((path, stack) for path, stack, _ in holders.values())
            shared.append(SharedConnection(connection_id, differing, manifests_named))
    return shared


def _set_otherwise(declared: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The fields that more than one of `declared` sets, not all to one value."""
    names = sorted({name for fields in declared for name in fields})
    return tuple(
        name
        for name in names
        if len(values := [fields[name] for fields in declared if name in fields]) > 1
        and any(value != values[0] for value in values)
    )


def _summary(loaded: LoadedManifest) -> str:
    projects = loaded.manifest.projects
    nodes = [node for project in projects for node in project.nodes]
    devices = [device for node in nodes for device in node.devices]
    sensors = sum(len(device.sensors) for device in devices)
    counts = ", ".join(
        counted(count, noun)
        for count, noun in ((len(projects), "project"), (len(nodes), "node"), (len(devices), "device"))
    )
    return f"{loaded.file}: valid (stack {loaded.stack}): {counts}, {counted(sensors, 'sensor')}"


def render_command(template: ManifestInput) -> str:
    template.refuse_unreadable_options()
    text, name = read_manifest_text(
        template.path, template.vars_file, template.sites_file, template.variables
    )
    if _holds_nothing(text, name):  # printed, it exited 0 with no output: validate calls it an error
        said = "the manifest is empty (nothing but blank lines, comments or a null), so nothing was printed"
        raise ManifestError([Problem(name, 1, 1, "", said)])
    return text


def _holds_nothing(text: str, name: str) -> bool:
    """Whether the YAML holds no document, or a null: what every other command refuses as empty. Text
    that does not parse is printed as before, for validate to say where."""
    try:
        data, _, _ = load_yaml(text, name)
    except YamlSyntaxError:
        return False
    return data is None
