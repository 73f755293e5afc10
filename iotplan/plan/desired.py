"""A loaded manifest flattened into the entities it declares, each with its identity."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import repeat
from sys import intern
from typing import TYPE_CHECKING, Any, NamedTuple

from iotplan.manifest import LoadedManifest, StreamedManifest, derive_ref_id
from iotplan.manifest import thread as thread_ids
from iotplan.manifest.addresses import fold_ref_id
from iotplan.manifest.edge import Edge
from iotplan.manifest.models import Device, Location, Node, Sensor
from iotplan.manifest.moves import Moves
from iotplan.plan.address import Address
from iotplan.plan.coverage import Shard
from iotplan.plan.edge import desired_edge_settings
from iotplan.plan.model import Kind, ManifestSource
from iotplan.plan.props import desired_fields, desired_fields_reader
from iotplan.records import record

if TYPE_CHECKING:
    from iotplan.live.read import ProjectScope


class Particulars(NamedTuple):
    """What few declared entities set: a renamed or adopted one, a THREAD's. Held in one slot of
    `DesiredEntity`, all eight at once: six slots of their own cost each of 100,000 sensors 40 bytes
    (4.2 MiB of a 111,100-entity fleet) to hold None."""

    old_ref_id: str | None = None  # the refId before a `moved` rename
    pinned_id: str | None = None  # nodes adopted by id
    edge: Edge | None = None  # THREAD gateway settings (thread nodes)
    # THREAD entities (managed through JSON-RPC): the id they have or get, chosen by iotplan.
    thread_id: str | None = None
    register: bool = False  # a THREAD connection created with createNode when it is absent
    version: str | None = None  # its VERSION, sent only by createNode
    # A THREAD logger's serial as its entry writes it (`serial:`, or the serial its `id:` holds), None
    # for a key alone: a key names no box (README), so only a written serial is compared across THREADs.
    serial: str | None = None
    # A device's or sensor's refId is its `ref_id:` as written, even where that is the one its keys
    # give: no `moved` entry rewrites it (a refusal says so, plan/copies.py).
    ref_id_written: bool = False


NO_PARTICULARS = Particulars()  # what most entities hold: one, shared
WRITTEN_REF_ID = Particulars(ref_id_written=True)  # what a device or sensor with a `ref_id:` holds


@record  # one per declared entity: 100,000 and more
class DesiredEntity:
    kind: Kind
    # Its keys joined, and the first: asked for by every change about it, so made once (a tuple
    # of its keys would weigh 64 bytes more). DesiredEntity.of makes them from the keys.
    address: Address = field(repr=False, compare=False)
    connection: str = field(repr=False, compare=False)
    ref_id: str
    project_id: str
    fields: dict[str, Any]
    template: str | None = None
    protect: bool = False
    # What a device or sensor sets comes first: 100,000 are made by position (_Identity._siblings).
    children: tuple[DesiredEntity, ...] = ()  # a tuple: 100,000 sensors share the one empty one
    particulars: Particulars = NO_PARTICULARS

    @classmethod
    def of(
        cls,
        kind: Kind,
        keys: tuple[str, ...],
        ref_id: str,
        project_id: str,
        fields: dict[str, Any],
        template: str | None = None,
        protect: bool = False,
        children: Sequence[DesiredEntity] = (),
        **particulars: Any,
    ) -> DesiredEntity:
        """One at the address its keys give (a connection's key, a device's, a sensor's);
        `particulars`: `Particulars`' fields, by name."""
        held = Particulars(**particulars) if particulars else NO_PARTICULARS
        address = Address.of(*keys)
        return cls(
            kind, address, keys[0], ref_id, project_id, fields, template, protect, tuple(children), held
        )

    @property
    def old_ref_id(self) -> str | None:
        return self.particulars.old_ref_id

    @property
    def ref_id_written(self) -> bool:
        return self.particulars.ref_id_written

    @property
    def pinned_id(self) -> str | None:
        return self.particulars.pinned_id

    @property
    def edge(self) -> Edge | None:
        return self.particulars.edge

    @property
    def thread_id(self) -> str | None:
        return self.particulars.thread_id

    @property
    def register(self) -> bool:
        return self.particulars.register

    @property
    def version(self) -> str | None:
        return self.particulars.version

    @property
    def written_serial(self) -> str | None:
        return self.particulars.serial

    @property
    def on_thread(self) -> bool:
        return self.particulars.thread_id is not None


# A declared location as (lat, lon, elevation): a tuple of three numbers, smaller than its dict.
Point = tuple[float, float, float | None]


def _point(location: Location | Mapping[str, Any] | None) -> Point | None:
    if location is None:
        return None
    if isinstance(location, Location):
        return location.lat, location.lon, location.elevation
    return location["lat"], location["lon"], location.get("elevation")


@record
class OtherNode:
    """A declared connection that another shard holds, kept in brief: what it claims on the
    platform (its refIds and pinned id), how many entities it declares, their keys (for --target
    typos), and an API connection's name (for a removal here that looks renamed to it, or a creation
    here that looks like its rename: plan/renames.py) and location (for two sites named alike of two
    shards trading locations: plan/traded_names.py). About 20 bytes an entity instead of a desired
    entity's 500; the location is three numbers a connection, not a dict of them."""

    project_id: str
    key: str
    claims: tuple[str, ...]  # its refId, the refId before a `moved` rename, its pinned id
    adopted: bool  # pinned by id: --destroy keeps it, without its devices
    devices: tuple[tuple[str, tuple[str, ...]], ...]  # each device's key and its sensors' keys
    edge: tuple[str, ...] | None = None  # its `edge:` settings' names (`port1.baud_rate`); None: none
    # Its devices and sensors declared with a `ref_id:` (few): their keys do not give their refIds.
    pinned_ref_ids: tuple[tuple[Address, str], ...] = ()
    name: str | None = None  # its NAME; None for a THREAD (no rename is hinted there) or none declared
    thread: bool = False
    location: Point | None = None  # an API connection's declared (lat, lon, elevation); None: none
    # A THREAD's declared loggers, by the ids iotplan gives them: the others under it are kept
    # unmanaged by its shard, and a shard creating one of their boxes tells of it (plan/thread.py).
    loggers: tuple[str, ...] = ()

    @classmethod
    def of(cls, node: DesiredEntity, stack: str) -> OtherNode:
        """A whole desired connection in brief (a merged plan's apply splits the whole manifest)."""
        devices = (
            (device.address.name, (s.address.name for s in device.children)) for device in node.children
        )
        pinned = (  # a THREAD's entities are found by their ids
            (entity.address, entity.ref_id)
            for entity in walk(() if node.on_thread else node.children)
            if entity.ref_id != derive_ref_id(stack, entity.address)
        )
        return cls.summed(
            node.project_id,
            node.connection,
            (node.ref_id, node.old_ref_id),
            node.pinned_id,
            devices,
            node.edge,
            pinned,
            None if node.on_thread else node.fields.get("name"),
            node.on_thread,
            None if node.on_thread else node.fields.get("location"),
            tuple(device.thread_id for device in node.children if device.thread_id),
        )

    @classmethod
    def summed(
        cls,
        project_id: str,
        key: str,
        ref_ids: tuple[str | None, ...],
        pinned_id: str | None,
        devices: Iterable[tuple[str, Iterable[str]]],
        edge: Edge | None = None,
        pinned_ref_ids: Iterable[tuple[Address, str]] = (),
        name: str | None = None,
        thread: bool = False,
        location: Location | Mapping[str, Any] | None = None,
        loggers: Iterable[str] = (),
    ) -> OtherNode:
        """`location`: a manifest's model or its dump (`{lat, lon, elevation}`), kept as three numbers."""
        claims = tuple(claim for claim in (*ref_ids, pinned_id) if claim)
        # Interned: 100,000 sensors keyed `pz-1` to `pz-10` hold ten texts, not 100,000.
        kept = tuple(
            (intern(device), tuple(intern(sensor) for sensor in sensors)) for device, sensors in devices
        )
        edge_settings, pinned = edge_names(edge), tuple(pinned_ref_ids)
        point = _point(location)
        return cls(
            project_id,
            key,
            claims,
            bool(pinned_id),
            kept,
            edge_settings,
            pinned,
            name,
            thread,
            point,
            tuple(loggers),
        )

    @property
    def ref_ids(self) -> tuple[str, ...]:
        """Its refId, then the one before a `moved` rename if any: its claims but its pinned id."""
        return self.claims[:-1] if self.adopted else self.claims

    @property
    def sensors(self) -> int:
        return sum(len(sensors) for _, sensors in self.devices)

    def addresses(self) -> Iterator[Address]:
        yield Address(self.key)
        yield from self.devices_and_sensors()
        yield from edge_addresses(Address(self.key), self.edge)

    def devices_and_sensors(self) -> Iterator[Address]:
        """The addresses of its devices, each followed by its sensors'."""
        for device, sensors in self.devices:
            yield Address.of(self.key, device)
            yield from (Address.of(self.key, device, sensor) for sensor in sensors)


def edge_names(edge: Edge | None) -> tuple[str, ...] | None:
    """The gateway settings a THREAD's `edge:` block declares (`port1.baud_rate`), None without one."""
    return tuple(desired_edge_settings(edge)) if edge is not None else None


def edge_addresses(node: Address, settings: Iterable[str] | None) -> Iterator[Address]:
    """The addresses a THREAD's `edge:` block gives (`tunnel/edge`, `tunnel/edge/port1.baud_rate`);
    `settings`: their names, None without the block."""
    if settings is None:
        return
    edge = node.child("edge")
    yield edge
    yield from (edge.child(name) for name in settings)


@dataclass(frozen=True)
class DesiredState:
    """What the manifest asks for, derived once per command and handed to every stage."""

    stack: str
    source: ManifestSource
    nodes: list[DesiredEntity]
    project_ids: tuple[str, ...]  # every project the manifest declares, those without nodes too
    # Loaded for one shard (--shard): `nodes` are that shard's, `elsewhere` the other shards' in
    # brief. A shard's load still validates every node: each shard refuses the same manifests.
    shard: Shard | None = None
    elsewhere: tuple[OtherNode, ...] = ()
    # `shares_keys_with`: stacks whose networks use these keys too (plan/renamed_stack.py).
    shares_keys_with: frozenset[str] = frozenset()
    # The fields `defaults: node:` sets (`notes`, `location`, `url`): a refusal of a connection's
    # field says where it may come from, which the validated node no longer tells.
    node_defaults: frozenset[str] = frozenset()
    # The `moved` entries, (`from`, `to`) as written, in order: beneath moved parents, some of whose
    # moves an earlier apply may have made, the live state tells which entity a `from` names
    # (plan/moved_readings.py).
    moved: tuple[tuple[str, str], ...] = ()

    def scopes(self) -> list[ProjectScope]:
        return read_scopes(self.stack, self.nodes, self.project_ids, self.source.path, self.elsewhere)


def desired_state(
    loaded: LoadedManifest | StreamedManifest,
    source: ManifestSource | None = None,
    shard: Shard | None = None,
) -> DesiredState:
    """A streamed manifest is read node by node: each node's models go once its entities are made,
    and with a shard, another shard's nodes once they are summed up."""
    nodes, elsewhere = _loaded_for_shard(loaded, shard) if shard else (desired_nodes(loaded), ())
    return DesiredState(
        stack=loaded.stack,
        source=source or ManifestSource(loaded.file, loaded.digest),
        nodes=nodes,
        project_ids=tuple(project.id for project in loaded.outline.projects),
        shard=shard,
        elsewhere=elsewhere,
        shares_keys_with=frozenset(loaded.outline.shares_keys_with),
        node_defaults=frozenset(loaded.outline.defaults.node.model_dump(exclude_none=True)),
        moved=tuple((str(move.from_), str(move.to)) for move in loaded.outline.moved),
    )


def held_by(
    shard: Shard, nodes: Iterable[DesiredEntity], stack: str
) -> tuple[list[DesiredEntity], tuple[OtherNode, ...]]:
    """The nodes the shard holds, and the others in brief (each summed up as it comes)."""
    mine, elsewhere = [], []
    for node in nodes:
        if shard.holds(node.address):
            mine.append(node)
        else:
            elsewhere.append(OtherNode.of(node, stack))
    return mine, tuple(elsewhere)


def _loaded_for_shard(
    loaded: LoadedManifest | StreamedManifest, shard: Shard
) -> tuple[list[DesiredEntity], tuple[OtherNode, ...]]:
    """The shard's nodes whole; every other node validated (by the streamed manifest) and kept in
    brief, its entities never made: one shard of ten makes a tenth of the manifest's entities."""
    identity = _Identity.of(loaded)
    mine, elsewhere = [], []
    for project_id, node in loaded.declared_nodes():
        if shard.holds(node.key):
            mine.append(identity.node(node, project_id))
        else:
            elsewhere.append(identity.brief(node, project_id))
    return mine, tuple(elsewhere)


def desired_nodes(loaded: LoadedManifest | StreamedManifest) -> list[DesiredEntity]:
    """Every declared connection, devices and sensors nested as `children`."""
    identity = _Identity.of(loaded)
    return [identity.node(node, project_id) for project_id, node in loaded.declared_nodes()]


def _pinned_ref_ids(node: Any, stack: str) -> Iterator[tuple[Address, str]]:
    """A manifest API connection's devices and sensors declared with a `ref_id:` other than the one
    their keys give, by address (a THREAD's entities are found by their ids): the rule of
    `OtherNode.of`, so that a shard's brief and the split whole hold the same."""
    for device in () if node.kind == "thread" else node.devices:
        yield from _pinned(stack, device, node.key, device.key)
        for sensor in device.sensors:
            yield from _pinned(stack, sensor, node.key, device.key, sensor.key)


def _pinned(stack: str, declared: Any, *keys: str) -> Iterator[tuple[Address, str]]:
    if declared.ref_id and declared.ref_id != derive_ref_id(stack, *keys):
        yield Address.of(*keys), declared.ref_id


@dataclass(frozen=True)
class _Identity:
    """Derives refIds, and the refId an entity had before `moved` renamed it or an ancestor."""

    stack: str
    renames: Moves

    @classmethod
    def of(cls, loaded: LoadedManifest | StreamedManifest) -> _Identity:
        return cls(loaded.stack, Moves.of((move.from_, move.to) for move in loaded.outline.moved))

    def node(self, node: Node, project_id: str) -> DesiredEntity:
        """A declared connection, devices and sensors nested as `children`. A connection declares no
        `ref_id:`, `template:` nor `protect:` (asked with getattr, each cost its model 5 µs to refuse)."""
        ref_id, old_ref_id = self.ref_ids((node.key,))
        if node.kind == "thread":
            return thread_node(node, project_id, ref_id)
        return DesiredEntity(
            Kind.NODE,
            Address(node.key),
            node.key,
            ref_id,
            project_id,
            desired_fields(Kind.NODE, node),
            children=self._devices(node, project_id),
            particulars=Particulars(old_ref_id, node.id) if old_ref_id or node.id else NO_PARTICULARS,
        )

    def brief(self, node: Any, project_id: str) -> OtherNode:
        """What `OtherNode.of(self.node(node, project_id))` gives, without making the entities."""
        ref_id, old_ref_id = self.ref_ids((node.key,))
        if node.kind == "thread":
            old_ref_id = None  # a THREAD is found by its id; a rename moves no refId
        devices = ((device.key, (sensor.key for sensor in device.sensors)) for device in node.devices)
        thread = node.kind == "thread"
        return OtherNode.summed(
            project_id,
            node.key,
            (ref_id, old_ref_id),
            node.id,
            devices,
            node.edge,
            _pinned_ref_ids(node, self.stack),
            None if thread else node.name,
            thread,
            None if thread else node.location,
            (thread_device_id(node, device) for device in node.devices) if thread else (),
        )

    def ref_ids(self, keys: tuple[str, ...], pinned_ref: str | None = None) -> tuple[str, str | None]:
        """The entity's refId, and the one it had before a `moved` rename (None if none); `pinned_ref`:
        the refId its `ref_id:` gives (a connection declares none)."""
        if pinned_ref:
            return pinned_ref, None
        return derive_ref_id(self.stack, *keys), self._old_ref_id(keys)

    def _devices(self, node: Node, project_id: str) -> tuple[DesiredEntity, ...]:
        """A connection's devices, each with its sensors."""
        key = node.key
        sensors = [
            self._siblings(Kind.SENSOR, f"{key}/{device.key}", device.sensors, key, project_id)
            for device in node.devices
        ]
        return self._siblings(Kind.DEVICE, key, node.devices, key, project_id, sensors)

    def _siblings(
        self,
        kind: Kind,
        parent: str,
        declared: Sequence[Device | Sensor],
        connection: str,
        project_id: str,
        children: Sequence[tuple[DesiredEntity, ...]] = (),
    ) -> tuple[DesiredEntity, ...]:
        """Each device or sensor under `parent` (its address), in one loop: six calls an entity
        (100,000 sensors) were a third of the desired state's CPU. Each refId is what `ref_ids` gives
        (a key holds no `/`: the path is `derive_ref_id`'s, `address.parts` the keys), its template
        and protect what it declares; `children`: each one's, none if left out."""
        made = []
        renamed, fields_of = bool(self.renames.sources), desired_fields_reader(kind)
        # The address and refId each sibling's key ends, their heads joined once (derive_ref_id's
        # refId: tests/plan/test_desired_entities_...).
        head, ref_head = f"{parent}/", f"{self.stack}:{parent}/"
        for each, under in zip(declared, children or repeat((), len(declared)), strict=True):
            key, pinned_ref = each.key, each.ref_id
            address = Address(head + key)
            made.append(
                DesiredEntity(
                    kind,
                    address,
                    connection,
                    pinned_ref or ref_head + key,
                    project_id,
                    fields_of(each),
                    each.template,
                    bool(each.protect),
                    under,
                    self._particulars(address, pinned_ref) if pinned_ref or renamed else NO_PARTICULARS,
                )
            )
        return tuple(made)

    def _particulars(self, address: Address, pinned_ref: str | None) -> Particulars:
        """What a sibling holds besides its fields, asked only of one with a `ref_id:` or in a manifest
        that renames (`moved`): any other holds NO_PARTICULARS, told in `_siblings` without a call."""
        if pinned_ref:  # kept as written: no rename reads it from an old refId
            return WRITTEN_REF_ID
        old_ref_id = self._old_ref_id(address.parts)
        return Particulars(old_ref_id) if old_ref_id else NO_PARTICULARS

    def _old_ref_id(self, keys: tuple[str, ...]) -> str | None:
        """The refId before a `moved` rename of the entity or an ancestor, None if none."""
        old_keys = self._old_keys(keys)
        return derive_ref_id(self.stack, *old_keys) if old_keys != keys else None

    def _old_keys(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """The keys on the platform now, whichever way each `from` is written (manifest/moves.py)."""
        if not self.renames.sources:
            return keys
        declared = "/".join(keys)
        old = self.renames.old_address(declared)
        return keys if old == declared else Address(old).parts


def walk(entities: Sequence[DesiredEntity]) -> Iterator[DesiredEntity]:
    """Every entity and those under it, parents first. One generator and a stack of the lists
    still being read: recursive `yield from` passed each of 100,000 sensors up three frames."""
    reading = [iter(entities)]
    while reading:
        for entity in reading[-1]:
            yield entity
            if entity.children:
                reading.append(iter(entity.children))
                break
        else:
            reading.pop()


class ClaimingRefId(NamedTuple):
    """A refId that claims a declared connection, with the connection's key."""

    key: str
    ref_id: str
    renamed: bool  # the refId a `moved` entry renames the connection from


def connection_ref_ids(
    nodes: Iterable[DesiredEntity], elsewhere: Iterable[OtherNode] = ()
) -> dict[str, dict[str, ClaimingRefId]]:
    """By project, each refId that claims a declared connection (every shard's), folded (fold_ref_id):
    its own, and the one a `moved` entry renames it from. The one list of declared connections the
    read and the diff share: a live connection whose refId folds like one without being it (`st:C3`,
    `st:c３` beside `st:c3`; `st:ｏｌｄ` beside `moved: {from: old, to: c3}`) may be, to a platform
    whose collation joins them, that connection or the one being renamed to it. The read claims it
    (live/read.py `ProjectScope.claims`) and the diff lists it as that connection's copy (plan/diff.py
    `_declared_here_in_another_case`), never removed. A connection's own refId comes first."""
    by_project: dict[str, dict[str, ClaimingRefId]] = {}
    for rank, project_id, key, ref_id in sorted(_claiming_ref_ids(nodes, elsewhere), key=lambda c: c[0]):
        claimed = by_project.setdefault(project_id, {})
        claimed.setdefault(fold_ref_id(ref_id), ClaimingRefId(key, ref_id, renamed=rank > 0))
    return by_project


def _claiming_ref_ids(
    nodes: Iterable[DesiredEntity], elsewhere: Iterable[OtherNode]
) -> Iterator[tuple[int, str, str, str]]:
    """Each declared connection's refIds: (0 for its own, 1 for the one before a rename, its project,
    its key, the refId)."""
    for node in nodes:
        refs = enumerate((node.ref_id, node.old_ref_id))
        yield from ((rank, node.project_id, str(node.address), ref) for rank, ref in refs if ref)
    for other in elsewhere:
        yield from ((rank, other.project_id, other.key, ref) for rank, ref in enumerate(other.ref_ids))


class DeclaredInOtherShards(Container[str]):
    """Under --shard, the devices and sensors the other shards declare (`elsewhere`), by their refIds
    folded as refIds are compared (fold_ref_id): the one iotplan derives from their keys, and the one
    a `ref_id:` pins. Every shard holds every connection in brief, so it knows them at no request.
    The read keeps a copy of one under a connection only this shard reads (live/read.py
    `_strays_of`), and the diff reports it (plan/diff.py `_declares`). Derived when first asked: a
    plan finding no entity it does not declare never asks."""

    def __init__(self, stack: str, elsewhere: Sequence[OtherNode]) -> None:
        self._stack = stack
        self._elsewhere = elsewhere

    @cached_property
    def addresses(self) -> dict[str, Address]:
        """The declared entity each folded refId names."""
        derived = {
            fold_ref_id(derive_ref_id(self._stack, *address.parts)): address
            for other in self._elsewhere
            for address in other.devices_and_sensors()
        }
        pinned = {fold_ref_id(ref_id): at for other in self._elsewhere for at, ref_id in other.pinned_ref_ids}
        return derived | pinned

    def __contains__(self, folded: object) -> bool:
        return bool(self._elsewhere) and folded in self.addresses


def read_scopes(
    stack: str,
    nodes: list[DesiredEntity],
    projects: Sequence[str] = (),
    manifest: str = "",
    elsewhere: Sequence[OtherNode] = (),
) -> list[ProjectScope]:
    """What live state must be read: per project, the connections the nodes claim.

    `projects` are all the manifest declares, in order: one left with no node is still read, so the
    connections this stack made there are planned for removal; `manifest` names the file they are
    listed in, for a read the platform refuses; `elsewhere`: under --shard, the other shards'
    connections, whose refIds' look-alikes are copies of them all the same.
    """
    from iotplan.live.read import ProjectScope  # httpx: `validate` derives desired state, reads nothing

    listed = {project_id: f"{manifest}: projects[{index}]" for index, project_id in enumerate(projects)}
    declared = connection_ref_ids(nodes, elsewhere)
    declared_in_other_shards = DeclaredInOtherShards(stack, elsewhere)  # one for every project
    scopes = []
    for project_id in dict.fromkeys([*projects, *(node.project_id for node in nodes)]):
        mine = [node for node in nodes if node.project_id == project_id]
        devices = [device for node in mine for device in node.children]
        scopes.append(
            ProjectScope(
                project_id=project_id,
                pinned_ids=frozenset(node.pinned_id for node in mine if node.pinned_id),
                ref_ids=frozenset(ref for node in mine for ref in (node.ref_id, node.old_ref_id) if ref),
                stack_prefix=f"{stack}:",
                declared_ref_ids={
                    folded: claim.key for folded, claim in declared.get(project_id, {}).items()
                },
                declared_in_other_shards=declared_in_other_shards,
                # Every THREAD node, one declaring no logger too: the loggers nobody declared are
                # reported as kept, and the project's lists are read once however many nodes ask.
                thread_ids=frozenset(node.thread_id for node in mine if node.thread_id),
                expected_devices=len(devices),
                expected_sensors=sum(len(device.children) for device in devices),
                declared_as=listed.get(project_id, "") if manifest else "",
            )
        )
    return scopes


def thread_device_id(node: Any, declared: Any) -> str:
    """The id iotplan gives a manifest THREAD's logger: its `id:`, else its type's and serial's (or key's)."""
    return str(declared.id or thread_ids.device_id(node.id, declared.type, declared.serial or declared.key))


def thread_node(node: Any, project_id: str, ref_id: str) -> DesiredEntity:
    """A THREAD connection with its devices and sensors, each carrying the id iotplan gives it."""

    def sensor(device: Any, device_id: str, declared: Any) -> DesiredEntity:
        sensor_id = declared.id or thread_ids.sensor_id(device_id, declared.key)
        keys = (node.key, device.key, declared.key)
        return _thread_entity(Kind.SENSOR, keys, declared, project_id, ref_id, sensor_id)

    def device(declared: Any) -> DesiredEntity:
        device_id = thread_device_id(node, declared)
        children = tuple(sensor(declared, device_id, each) for each in declared.sensors)
        keys = (node.key, declared.key)
        # The id wins over `serial:` (validate refuses the two apart), as it names the device.
        serial = device_id.split("/")[-2] if declared.id else declared.serial
        return _thread_entity(
            Kind.DEVICE, keys, declared, project_id, ref_id, device_id, children=children, serial=serial
        )

    return _thread_entity(
        Kind.NODE,
        (node.key,),
        node,
        project_id,
        ref_id,
        node.id,
        pinned_id=node.id,
        edge=node.edge,
        register=bool(node.register_node),
        version=node.version,
        children=tuple(device(each) for each in node.devices),
    )


def _thread_entity(
    kind: Kind,
    keys: tuple[str, ...],
    declared: Any,
    project_id: str,
    ref_id: str,
    thread_id: str,
    **extra: Any,
) -> DesiredEntity:
    return DesiredEntity.of(
        kind,
        keys,
        ref_id,  # never sent: a THREAD entity is found by its id
        project_id,
        desired_fields(f"thread-{kind}", declared),
        getattr(declared, "type", None),
        thread_id=thread_id,
        **extra,
    )
