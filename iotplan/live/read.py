"""Read what a plan needs from the platform, in as few requests as the API allows.

Per project: list the connections, keep those the manifest claims (pinned id, refId, or a refId
the stack's manifests give a connection: `owner_of`), then read their devices and sensors, and
those of the project's other API connections (where the stack's own may sit, its orphans, and a
refId it creates may be live), by whichever costs fewer requests: one `get_integration` per
connection, or the project's paged device and sensor lists.

The devices and sensors under a declared THREAD come from those lists too, grouped by NODE_ID
and device: they are the only documented reads that find the entities a manifest does not
declare (JSON-RPC's getDevices and getSensors answer the ids they are given; a dropped or
hand-made logger has an id nobody gave). A site with THREADs therefore reads every connection
of its project from the lists, which are read anyway, and keeps the loggers and sensors of the
project's other THREADs too: a new gateway's, named like theirs, starts without their history.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Container,
    Iterable,
    Iterator,
    Mapping,
    MutableMapping,
    Sequence,
    Set,
)
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import groupby, repeat
from operator import attrgetter, eq
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypeVar

from iotplan.clients.errors import no_such_connection
from iotplan.clients.paging import PAGE_SIZE
from iotplan.errors import PlanError, PlatformError, ProjectNotFound, answered_as_said, status_of
from iotplan.live.catalog import DEVICE_TYPES, parse_catalog
from iotplan.live.model import (
    OWN_PROPS,
    LiveConnection,
    LiveEntity,
    LiveProject,
    LiveState,
    Props,
    forget_key_orders,
    key_order,
)
from iotplan.manifest.addresses import fold_ref_id, owned_by, owner_of
from iotplan.wording import counted, first, json_kind, live_quoted, live_text, plural

if TYPE_CHECKING:
    from iotplan.clients.platform import Keep

T = TypeVar("T")
NODE_LIST = "the connection list"  # how errors name it (its path differs through the iTwin gateway)
DEVICE_LIST, SENSOR_LIST = "GET /api/devices/all", "GET /api/sensors/all"


class PlatformReader(Protocol):
    """The reads live state needs; iotplan.clients.PlatformClient provides them."""

    def list_requests(self, items: int) -> int: ...
    async def list_nodes(self, project_id: str) -> list[dict[str, Any]]: ...
    # The list read now, never one a run shares (PlatformClient.one_node_list_per_project).
    async def list_nodes_again(self, project_id: str) -> list[dict[str, Any]]: ...
    async def list_devices(
        self, project_id: str, expected: int = 0, keep: Keep | None = None
    ) -> list[Any]: ...
    async def list_sensors(
        self, project_id: str, expected: int = 0, keep: Keep | None = None
    ) -> list[Any]: ...
    async def get_integration(self, project_id: str, node_id: str) -> dict[str, Any]: ...
    async def get_project(self, project_id: str) -> dict[str, Any] | None: ...
    async def device_types(self) -> dict[str, Any]: ...
    async def sensor_types(self) -> dict[str, Any]: ...
    async def metric_types(self) -> dict[str, Any]: ...


class Declared(Protocol):
    """An entity the caller declares (plan/desired.py `DesiredEntity`): its refId, which the live one
    repeats as SERIAL_NO, and its fields, whose `name` it mostly repeats as NAME."""

    @property
    def ref_id(self) -> str: ...
    @property
    def fields(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class ProjectScope:
    """Which connections of one project a manifest claims, and how big it expects them to be."""

    project_id: str
    pinned_ids: frozenset[str]
    ref_ids: frozenset[str]
    stack_prefix: str
    expected_devices: int = 0
    expected_sensors: int = 0
    # --shard: the ids and refIds other shards' connections claim, and whether a connection
    # address is this shard's (for the stack's connections no declared one claims).
    elsewhere: frozenset[str] = field(default_factory=frozenset)
    holds: Callable[[str], bool] | None = None
    # Each refId that claims a connection declared in the project (every shard's: its own, and the
    # one a `moved` entry renames it from), folded (fold_ref_id), with that connection's key: a
    # connection whose refId folds like one is a copy of it. Filled by plan/desired.py
    # `connection_ref_ids`, the one list the diff reads too.
    declared_ref_ids: Mapping[str, str] = field(default_factory=dict, hash=False)
    # --shard: the devices and sensors other shards declare, by their refIds folded (plan/desired.py
    # `DeclaredInOtherShards`): a copy of one under a connection this shard alone reads is kept too.
    declared_in_other_shards: Container[str] = field(default_factory=frozenset, hash=False, compare=False)
    thread_ids: frozenset[str] = frozenset()  # THREAD connections whose devices and sensors are read
    every_thread: bool = False  # the devices and sensors of every claimed THREAD (import)
    # Whether the project's other API connections are read for the stack's orphans (not by import,
    # which writes what it claims and removes nothing).
    finds_orphans: bool = True
    # Where a manifest lists it ("site.yaml: projects[1]"): named when the platform will not list it.
    declared_as: str = ""

    def claims(self, node: dict[str, Any]) -> bool:
        serial = _serial(node)
        if node.get("id") in self.pinned_ids or serial in self.ref_ids:
            return True
        return (not self.stack_prefix or self._the_stacks(serial)) and self._undeclared_here(node, serial)

    def owns(self, ref_id: str | None, depth: int) -> bool:
        """Whether a refId is one the stack's manifests give an entity of `depth` (`owner_of`: the plan's
        rule). Never for import, whose prefix names no stack; with none it claims every connection."""
        return owned_by(self.stack, ref_id, depth)

    def _the_stacks(self, serial: str) -> bool:
        """The stack's connection: one of its refIds, or one that folds like a declared connection's
        refId or the one a `moved` entry renames it from (`st:c３`, `st:c3 `, `ST:c3` beside `st:c3`;
        `st:ｏｌｄ` beside `moved: {from: old, to: c3}`), which no key can spell: a copy of it to a
        platform whose collation joins them, read for the plan to list as one
        (plan/duplicates.py `connection_in_another_case`) and never to remove."""
        return self.owns(serial, 0) or self._declared_alike(serial) is not None

    def _declared_alike(self, serial: str) -> str | None:
        """The key of the declared connection (any shard's) a refId `serial` folds like claims."""
        return self.declared_ref_ids.get(fold_ref_id(serial)) if serial and self.stack_prefix else None

    @cached_property
    def stack(self) -> str:
        """The stack the prefix names ("" for import's, which names none)."""
        return self.stack_prefix.removesuffix(":")

    def _undeclared_here(self, node: dict[str, Any], serial: str) -> bool:
        """A stack connection no declared one claims goes to the shard of the address its refId names,
        or of the declared connection whose refId it folds like (`qs:DAM-A`, `qs:dam-a ` of `dam-a`):
        the plan reports it as that one's copy (plan/duplicates.py `connection_in_another_case`), and a
        shard not reading it would create `dam-a` beside it, where one run refuses to."""
        if self.holds is None:
            return True
        if node.get("id") in self.elsewhere or serial in self.elsewhere:
            return False
        return self.holds(self._declared_alike(serial) or serial.removeprefix(self.stack_prefix))

    def held_elsewhere(self, node: dict[str, Any]) -> bool:
        """The stack's connection that no declared one claims, of another shard's address."""
        if self.holds is None:  # not sharded: no other shard
            return False
        return self._unclaimed(node) and self._the_stacks(_serial(node))

    def foreign(self, node: dict[str, Any]) -> bool:
        """Claimed by no shard: another tool's or another stack's connection."""
        return self._unclaimed(node) and not self._the_stacks(_serial(node))

    def written_elsewhere(self, node: dict[str, Any]) -> bool:
        """A connection another shard of the fleet writes, applied at once beside this one: declared
        there, the stack's of an address there, or another tool's whose stack orphans it prunes."""
        if self.holds is None or self.claims(node):
            return False
        if node.get("id") in self.elsewhere or _serial(node) in self.elsewhere:
            return True
        if _is_gateway(node):  # another tool's THREAD: no shard writes it
            return False
        pruned_here = _strays_here(self, _entity(node, NODE_LIST))
        return self.held_elsewhere(node) or (self.foreign(node) and not pruned_here)

    def _unclaimed(self, node: dict[str, Any]) -> bool:
        """Claimed by no declared connection of this shard or another."""
        claimed_elsewhere = node.get("id") in self.elsewhere or _serial(node) in self.elsewhere
        return not self.claims(node) and not claimed_elsewhere


def _listed_claims(nodes: list[dict[str, Any]]) -> Iterator[str]:
    """What the listed connections can be claimed by: their ids and refIds."""
    for node in nodes:
        yield node["id"]
        yield _serial(node)


def _named_elsewhere(
    nodes: list[dict[str, Any]], elsewhere: frozenset[str]
) -> Iterator[tuple[str, tuple[str, str, Any]]]:
    """Each claim other shards' declared connections make of a listed one, with its id, NAME and
    LOCATION's coordinates."""
    for node in nodes:
        props = node["props"] if isinstance(node.get("props"), dict) else {}
        name = props.get("NAME")
        if not isinstance(name, str):
            continue
        for claim in (node["id"], _serial(node)):
            if claim in elsewhere:
                yield claim, (node["id"], name, _coordinates(props.get("LOCATION")))


def _coordinates(location: Any) -> tuple[Any, ...] | None:
    """LOCATION's GeoJSON coordinates as listed, in a tuple (64 bytes; its dict and list, 300 more,
    would be kept for every other shard's connection); None where it has none."""
    coordinates = location.get("coordinates") if isinstance(location, dict) else None
    return tuple(coordinates) if isinstance(coordinates, list) else None


def _serial(node: dict[str, Any]) -> str:
    """Its SERIAL_NO as text; none without props, whose read then stops (`_props_of`)."""
    props = node.get("props")
    return str(props.get("SERIAL_NO") or "") if isinstance(props, dict) else ""


@dataclass
class PagedLists:
    """The project lists a read may have missed an item of, by project id and list. A list is paged
    in requests made one after another: another writer removing an entity meanwhile moves every item
    after it back by one, and the one moved back across a page's end is read on neither page.
    Nothing repeats, so the read cannot see it (clients/paging.py stops only at a repeat). That
    happens past a list's first page, and after a first page shorter than asked too, while no page
    cap has shown itself: that page may be the whole list or a cap the platform keeps unsaid (A5),
    and the empty page after it proves the list ended only if nothing was removed in between. Taken
    for missing, the entity was created again, or left out of what a removal destroys. A plan that
    creates that kind, or removes what the lists counted (`filled`), reads the list once more
    (`changed_since`): the entity removed makes its ids differ."""

    # The items themselves, whose ids are asked only when a plan creates or removes: a set of
    # 100,000 ids for every plan would cost 4 MiB, the list's reference nothing.
    items: dict[tuple[str, str], Sequence[Any]] = field(default_factory=dict)
    # The projects whose connections got their devices and sensors from the lists: what a removal
    # there destroys was counted from them.
    filled: set[str] = field(default_factory=set)
    # Where the reads of one run that share each project's device and sensor lists (drift's
    # manifests) find them; None: this read reads its own.
    shared: SharedLists | None = None
    # --shard: by project, what of the lists this shard reads (ShardPart); none for one run.
    shards: dict[str, ShardPart] = field(default_factory=dict)

    def note(self, client: PlatformReader, project_id: str, kind: str, items: Sequence[Any]) -> None:
        if items and _may_hide_an_item(client, len(items)):
            self.items[(project_id, kind)] = items

    def ids(self, key: tuple[str, str]) -> frozenset[str]:
        return frozenset(_id_of(item) for item in self.items[key])


class Listed(NamedTuple):
    """What a list read again under --shard keeps of an item: enough to tell whose it is."""

    id: str
    parent: str | None  # a device's connection (props.NODE_ID), a sensor's device; none for a connection
    ref_id: str | None


@dataclass
class ShardPart:
    """One shard's share of a project's lists, as the project's other shards apply theirs at once.
    They write their connections while this shard reads the lists in pages, by design; each removal
    moves the items after it back by one, so an entity of this shard's may be read on neither page,
    but nothing of theirs is this shard's to plan. So a list read again is compared on the entities
    that can matter here (`reads`): any of them read then and gone now, or there now and not read
    then (the one a removal hid from the first read, found by the second), stops the plan; the
    siblings' writes alone do not."""

    outside: frozenset[str]  # the listed connections other shards write (ProjectScope.written_elsewhere)
    inside: frozenset[str]  # the other listed connections: this shard's, and those no shard writes
    # The refIds this shard's manifest gives, folded (fold_ref_id): a copy of one matters anywhere.
    folded_ref_ids: frozenset[str]
    devices_inside: set[str] = field(default_factory=set)  # the listed devices under `inside`
    # What other shards' declared connections claim (ProjectScope.elsewhere): a connection made
    # since the read began carrying one of these refIds is a sibling's new site.
    theirs: frozenset[str] = frozenset()

    def note_devices(self, devices: Iterable[LiveEntity]) -> None:
        self.devices_inside.update(device.id for device in devices if device.parent_id in self.inside)

    def made_by_a_sibling(self, node: Listed) -> bool:
        """A connection not listed when the read began whose refId a connection another shard
        declares claims: the split gives it that shard, which creates it now. One with no refId, or
        one no other shard declares (this shard's, an undeclared one, another tool's), is not
        provably another shard's."""
        listed = node.id in self.inside or node.id in self.outside
        return not listed and bool(node.ref_id) and node.ref_id in self.theirs

    def reads(self, kind: str, item: Listed) -> bool:
        """Whether this shard's plan rests on the listed item. A connection made since the read began
        is compared, unless provably a sibling's new site (`made_by_a_sibling`): a connection this
        shard creates must not be live already. The devices and sensors under a connection made
        since are not: no plan of this shard's reads them. A sensor of a
        device listed since goes by its device's id, which starts with its connection's (as in the
        reference)."""
        if item.ref_id is not None and fold_ref_id(item.ref_id) in self.folded_ref_ids:
            return True
        if kind == NODES:
            return item.id not in self.outside and not self.made_by_a_sibling(item)
        if kind == DEVICES:
            return item.parent in self.inside
        return item.parent in self.devices_inside or _holder_by_id(item.parent or "", self.inside) is not None


class SharedLists:
    """Each project's device and sensor lists, read once and handed to every read of a run that asks:
    drift over 200 site manifests of one project read them 200 times (22,000 requests for 100,000
    sensors), though one read serves all, as the client's one connection list per project does
    (`one_node_list_per_project`). Only around reads with no write between them. The lists' entities
    are never placed as they are: each read places its own copies (`_Lists.taken`), so what one
    manifest's plan writes into an entity (a count JSON-RPC gave, live/counts.py) is not another's."""

    def __init__(self) -> None:
        self._reads: dict[str, asyncio.Future[_Lists]] = {}

    async def read(self, project_id: str, read: Callable[[], Awaitable[_Lists]]) -> _Lists:
        pending = self._reads.get(project_id)
        if pending is None:
            pending = self._reads[project_id] = asyncio.ensure_future(read())
        lists = await asyncio.shield(pending)  # one read cancelled does not cancel the others'
        return _Lists(lists.devices, lists.sensors, shared=True, listed_again=lists.listed_again)


def _may_hide_an_item(client: PlatformReader, listed: int) -> bool:
    """Whether a list read to `listed` items (some) may have lost one to a removal between its pages:
    past its first page (a full first page counts: the item moved back past its end was left to the
    empty page), or of one page while the client knows no cap (a full-size page costs one request
    and the empty one): a page shorter than a cap the platform showed is the whole list."""
    past_first_page = client.list_requests(listed + 1) > 2
    return past_first_page or client.list_requests(PAGE_SIZE) <= 2


NODES, DEVICES, SENSORS = "nodes", "devices", "sensors"  # the lists PagedLists names
_LISTS = {NODES: NODE_LIST, DEVICES: DEVICE_LIST, SENSORS: SENSOR_LIST}


class ListChanged(NamedTuple):
    """How one list read again differs, and whether it lost an entity (else it only gained some:
    made meanwhile, or hidden from the first read by a removal between its pages)."""

    said: str
    lost: bool


async def changed_since(
    client: PlatformReader, paged: PagedLists, wanted: Iterable[tuple[str, str]], parallelism: int = 16
) -> list[ListChanged]:
    """Of the `wanted` lists (project id, list), those `paged` holds, each read again: how each one
    that lost an entity since differs. Only a removal moves an item back across a page's end, unseen
    (an entity added moves items forward: one read twice, which paging stops at), so lists that only
    grew, where other tools keep adding, are no reason to stop. Under --shard, where the sibling
    shards remove theirs meanwhile by design, the entities this shard reads must agree (ShardPart)."""
    again = sorted({key for key in wanted if key in paged.items})
    bounded = _bounded(parallelism)
    reads = (
        bounded(
            partial(_read_again, client, project_id, kind, len(paged.items[(project_id, kind)]), paged.shards)
        )
        for project_id, kind in again
    )
    changed = []
    for (project_id, kind), now in zip(again, await asyncio.gather(*reads), strict=True):
        part = paged.shards.get(project_id)
        difference = (
            _lost(paged, (project_id, kind), now)
            if part is None
            else _moved(paged, part, kind, project_id, now)
        )
        if difference:
            said, lost = difference
            changed.append(ListChanged(f"{_LISTS[kind]} of project {project_id}{said}", lost))
    return changed


def _lost(paged: PagedLists, key: tuple[str, str], now: frozenset[str]) -> tuple[str, bool] | None:
    """One run's test: any entity read then and gone now."""
    before = paged.ids(key)
    return (f": {_gone_and_there(before, now)}", True) if before - now else None


def _moved(
    paged: PagedLists, part: ShardPart, kind: str, project_id: str, now: frozenset[Listed]
) -> tuple[str, bool] | None:
    """A shard's test: the entities it reads, then and now, differ either way."""
    then = {item.id for item in map(_as_listed, paged.items[(project_id, kind)]) if part.reads(kind, item)}
    mine_now = {item.id for item in now if part.reads(kind, item)}
    if then == mine_now:
        return None
    return f", of the entities this shard reads: {_gone_and_there(then, mine_now)}", bool(then - mine_now)


def _gone_and_there(before: Set[str], now: Set[str]) -> str:
    gone, there = counted(len(before - now), "entity"), len(now - before)
    return f"{gone} read then and gone now, {there} there now and not read then"


async def _read_again(
    client: PlatformReader, project_id: str, kind: str, expected: int, shards: Mapping[str, ShardPart]
) -> frozenset[Any]:
    """The list read again: its ids, or under --shard what tells whose each item is (Listed)."""
    sharded = project_id in shards
    if kind == NODES:
        nodes = _with_ids(await client.list_nodes(project_id))
        return frozenset(_as_listed(node) if sharded else node["id"] for node in nodes)
    listed = client.list_devices if kind == DEVICES else client.list_sensors
    keep = partial(_listed_whose, parent=_PARENT_FIELD[kind]) if sharded else _listed_id
    return frozenset(await listed(project_id, expected, keep=keep))


_PARENT_FIELD = {DEVICES: ("props", "NODE_ID"), SENSORS: ("device",)}


def _listed_id(raw: Any, request: str) -> str:
    """What a list read again keeps of an item: its id."""
    if not _has_id(raw):
        raise _without_id(raw, request)
    return str(raw["id"])


def _listed_whose(raw: Any, request: str, parent: tuple[str, ...]) -> Listed:
    """What a shard's list read again keeps of an item: its id, parent and refId."""
    return Listed(_listed_id(raw, request), _text_at(raw, *parent), _text_at(raw, "props", "SERIAL_NO"))


def _as_listed(item: Any) -> Listed:
    """A connection list's item, or a listed entity, as a shard compares it."""
    if isinstance(item, dict):
        return Listed(str(item["id"]), None, _text_at(item, "props", "SERIAL_NO"))
    return Listed(item.id, item.parent_id, item.ref_id)


def _id_of(item: Any) -> str:
    """The id of a connection list's item, or of a listed entity."""
    return str(item["id"] if isinstance(item, dict) else item.id)


async def read_live(
    client: PlatformReader,
    scopes: list[ProjectScope],
    *,
    target: str,
    parallelism: int = 16,
    catalog: bool = True,
    known: Iterable[Declared] = (),
    paged: PagedLists | None = None,
    moved_from: Iterable[str] = (),
) -> LiveState:
    """`known`: the entities the caller declares, whose texts it keeps anyway (the manifest's). A live
    SERIAL_NO equal to one's refId is kept as that same text, and so is the NAME beside it equal to
    that one's name, not as second copies of them (a million entities, 60 MB less each). `paged`
    records the lists read past their first page. `moved_from`: the refIds `moved` entries rename
    from, which the renames' writes go by: their copies outside the read are kept as the declared
    refIds' are (`project.elsewhere`)."""
    bounded = _bounded(parallelism)
    paged = PagedLists() if paged is None else paged
    reads = [_read_project(client, scope, bounded, paged) for scope in scopes]
    catalog_read = _read_catalog(client, bounded) if catalog else _nothing()
    async with _a_read(known, moved_from):
        *projects, parsed_catalog = await asyncio.gather(*reads, catalog_read)
    return LiveState(target=target, projects={p.id: p for p in projects}, catalog=parsed_catalog)


def _bounded(parallelism: int) -> Callable[[Callable[[], Awaitable[T]]], Awaitable[T]]:
    """Runs a read when one of `parallelism` slots is free."""
    limit = asyncio.Semaphore(parallelism)

    async def bounded(call: Callable[[], Awaitable[T]]) -> T:
        async with limit:
            return await call()

    return bounded


@asynccontextmanager
async def _a_read(known: Iterable[Declared], moved_from: Iterable[str] = ()) -> AsyncIterator[None]:
    """The tables a read shares values through, emptied when the last read in progress ends."""
    global _reading
    _reading += 1
    _KNOWN.update((each.ref_id, each) for each in known)
    _KNOWN_FOLDED.grown()
    _KNOWN_FOLDED.also(moved_from)
    try:
        yield
    finally:
        _reading -= 1
        if not _reading:
            _SHARED.clear()
            _KNOWN.clear()
            _KNOWN_FOLDED.clear()
            forget_key_orders()


async def _nothing() -> None:
    return None


async def _read_catalog(client: PlatformReader, bounded: Any) -> Any:
    devices, sensors, metrics = await asyncio.gather(
        bounded(client.device_types), bounded(client.sensor_types), bounded(client.metric_types)
    )
    return parse_catalog(devices, sensors, metrics)


async def _read_project(
    client: PlatformReader, scope: ProjectScope, bounded: Any, paged: PagedLists
) -> LiveProject:
    """One project: its connection list, and only once it has answered, what is under the connections.
    In that order, a connection made with its devices while the project is read is either not listed
    or listed with its devices; the lists asked beside the connection list (a round trip sooner: 0.03 s
    of an 11,000-entity plan) showed it listed and empty, and its devices were planned as new."""
    nodes = _with_ids(await bounded(lambda: _project_nodes(client, scope)))
    paged.note(client, scope.project_id, NODES, nodes)
    if scope.holds is not None:  # its siblings, applied at once, write their connections meanwhile
        outside = frozenset(node["id"] for node in nodes if scope.written_elsewhere(node))
        inside = frozenset(node["id"] for node in nodes) - outside
        folded = frozenset(_KNOWN_FOLDED.folded())
        paged.shards[scope.project_id] = ShardPart(outside, inside, folded, theirs=scope.elsewhere)
    if not nodes and await bounded(lambda: client.get_project(scope.project_id)) is None:
        raise PlanError(
            f"project {scope.project_id} does not exist on the target, or this credential cannot see it"
        )
    claimed = [_entity(node, NODE_LIST) for node in nodes if scope.claims(node) and not _is_gateway(node)]
    project = LiveProject(scope.project_id, exists=True, lists_the_stacks=_lists_the_stacks(scope, nodes))
    project.listed = frozenset(node["id"] for node in nodes)
    project.held_elsewhere = [_entity(node, NODE_LIST) for node in nodes if scope.held_elsewhere(node)]
    if scope.elsewhere:
        project.unlisted_elsewhere = scope.elsewhere.difference(_listed_claims(nodes))
        project.named_elsewhere = dict(_named_elsewhere(nodes, scope.elsewhere))
    # A THREAD's devices belong to the gateway: iotplan checks the connection exists, no more.
    # One whose id differs only in case from a claimed one is read too, for the plan to refuse
    # creating that copy of it (plan/thread.py).
    pinned = {str(pin).upper() for pin in scope.pinned_ids}
    gateways = [
        LiveConnection(_entity(node, NODE_LIST), scope.project_id)
        for node in nodes
        if _is_gateway(node) and (scope.claims(node) or node["id"].upper() in pinned)
    ]
    project.connections = {gateway.node.id: gateway for gateway in gateways}
    project.unclaimed = [
        _entity(node, NODE_LIST) for node in nodes if scope.foreign(node) and not _is_gateway(node)
    ]
    at_keys = _other_stacks_at_declared_keys(scope, project.unclaimed)
    threads = {g.node.id: g for g in gateways if scope.every_thread or g.node.id in scope.thread_ids}
    project.other_threads = _other_threads(nodes, scope, project.connections) if scope.thread_ids else {}
    # Read where this shard declares a THREAD, live or not: one it registers creates loggers, and
    # any of them may be a box another shard's THREAD keeps (plan/thread.py).
    project.threads_elsewhere = _threads_elsewhere(nodes, scope) if threads or scope.thread_ids else {}
    listed_for_threads = bool(threads or project.other_threads or project.threads_elsewhere)
    # The stack's own devices and sensors may sit under a connection it does not claim (one it
    # adopted by `id:`, then dropped): its orphans. So the project's other API connections are read
    # too (of a fleet in shards, each by one shard), and the lists, when they cost fewer requests.
    foreign = [node for node in project.unclaimed if scope.finds_orphans and _strays_here(scope, node)]
    reads = len(claimed) + len(foreign)
    # A THREAD's devices are only listed: the lists then cost nothing more for the others.
    if listed_for_threads or (reads and _lists_are_cheaper(client, scope, reads)):
        connections = {node.id: LiveConnection(node, scope.project_id) for node in claimed}
        read = {**connections, **threads}
        why = _THREAD_LISTED if listed_for_threads else _CHEAPER.format(reads)
        counts = scope.expected_devices, scope.expected_sensors
        lists = await _read_lists(client, scope.project_id, counts, bounded, _Why(why, paged))
        beside = {node.id: LiveConnection(node, scope.project_id) for node in at_keys}
        _fill_from_lists(lists, {**read, **project.other_threads, **project.threads_elsewhere, **beside})
        project.other_stacks_at_keys = beside
        paged.filled.add(scope.project_id)
        node_of = partial(_listed_node, nodes)
        _keep_elsewhere(project, lists, read, node_of, _KNOWN_FOLDED)
        await _refuse_made_while_read(client, project, bounded, paged, lists)
        _keep_strays(project, lists, {node.id for node in foreign}, node_of, _strays_of(scope))
    else:
        # Of a fleet in shards, another stack's connection is read for orphans by one shard, which
        # may not be the one declaring its key: that one reads it too (a request; unsharded, none).
        read_for_orphans = {node.id for node in foreign}
        unread_here = [node for node in at_keys if node.id not in read_for_orphans]
        each = await asyncio.gather(
            *(_read_listed(client, node, scope, bounded) for node in (*claimed, *foreign, *unread_here))
        )
        connections = {connection.node.id: connection for connection in each[: len(claimed)]}
        others = {connection.node.id: connection for connection in each[len(claimed) : reads]}
        by_listed_id = dict(
            zip((node.id for node in (*foreign, *unread_here)), each[len(claimed) :], strict=True)
        )
        project.other_stacks_at_keys = {node.id: by_listed_id[node.id] for node in at_keys}
        lists = _Lists.of(others.values())
        _keep_elsewhere(project, lists, connections, lambda node_id: others[node_id].node, _KNOWN_FOLDED)
        _keep_strays(project, lists, others, lambda node_id: others[node_id].node, _strays_of(scope))
        project.unread = _unread(nodes, {**connections, **others})
    project.connections.update(connections)
    return project


def _lists_the_stacks(scope: ProjectScope, nodes: list[dict[str, Any]]) -> bool:
    """Whether a listed connection's refId starts with the stack's prefix, folded: the list is read
    anyway, so whether the stack owns a connection here costs no request."""
    prefix = fold_ref_id(scope.stack_prefix) if scope.stack_prefix else ""
    return bool(prefix) and any(fold_ref_id(_serial(node)).startswith(prefix) for node in nodes)


def _other_stacks_at_declared_keys(scope: ProjectScope, unclaimed: list[LiveEntity]) -> list[LiveEntity]:
    """Another stack's connections among `unclaimed` (`owner_of`) at the key of a connection the
    manifest declares, or the key its `moved` entry renames it from: read with what they hold
    (`LiveProject.other_stacks_at_keys`), for the plan to tell this stack renamed from another
    network using those keys. Nearly always none."""
    stack = scope.stack
    if not stack:
        return []
    declared = {fold_ref_id(ref_id) for ref_id in scope.ref_ids}
    at_keys = []
    for node in unclaimed:
        other = owner_of(node.ref_id, 0)
        key = str(node.ref_id)[len(other or "") + 1 :]
        if other and other != stack and fold_ref_id(f"{stack}:{key}") in declared:
            at_keys.append(node)
    return at_keys


async def _project_nodes(client: PlatformReader, scope: ProjectScope) -> list[Any]:
    """The project's connection list. One the platform will not list (403: out of the credential's
    reach; 404: no such project, a mistyped or deleted id, unless the endpoint's path routes nowhere)
    stops every run of the manifest, fenced ones too (each reads every project it lists): so it is named
    as the manifest lists it, with what to do, not only by the request that failed."""
    try:
        return await client.list_nodes(scope.project_id)
    except PlatformError as error:
        advice = _UNREADABLE.get(getattr(error.response, "status_code", 0))
        if advice is None or not scope.declared_as:
            raise
        said = f"{scope.declared_as} (project {scope.project_id}) cannot be read: {answered_as_said(error)}. "
        if status_of(error) == 404:
            wrong_path = await wrong_path_said(client)
            if wrong_path is None:
                raise ProjectNotFound(said + advice, scope.declared_as, scope.project_id, error) from error
            advice = wrong_path  # an endpoint routing nowhere: not the id's fault
        raise type(error)(said + advice, request=error.request, response=error.response) from error


async def wrong_path_said(client: PlatformReader) -> str | None:
    """Where the device type catalog, which every platform serves, answers 404 too, the endpoint's
    base path is what is wrong (`http://host/tenant-a`), not the project id: what to say then. Read
    once per run, so this costs no request where the plan read it already."""
    try:
        await client.device_types()
    except PlatformError as error:
        if status_of(error) == 404:
            return (
                f"{DEVICE_TYPES}, which every platform serves, answered 404 too at this endpoint: the "
                "endpoint's path looks wrong, not the project id. Give the platform's base URL as "
                "--endpoint or IOTPLAN_ENDPOINT (iotplan adds /api/... to it)"
            )
    return None


_EVERY_RUN = (
    "every plan, apply and drift of the manifest reads each project it lists, whatever --target or "
    "--exclude select"
)
_UNREADABLE: dict[int, str] = {
    # Some platforms answer an id no project has with 403 too (check-platform's unknown-project probe
    # says which this one does): a mistyped id must not read as a missing permission only.
    403: (
        "Check the project id (copy it from the iTwin's page): a 403 may also mean no project has it. "
        f"If it is right, give this credential access to the project, or use one that has it: {_EVERY_RUN}"
    ),
    404: (
        "Fix the id (copy it from the iTwin's page); if the project was deleted, remove its entry (what "
        f"the stack made there is then no longer planned): {_EVERY_RUN}"
    ),
}


def _with_ids(nodes: list[Any]) -> list[dict[str, Any]]:
    """The connection list, each item an object with a text id. Any other item could be any
    connection, the stack's own included: nothing can be matched or told apart safely, so the read
    stops before any item is weighed (claimed or not, whose, which shard's)."""
    for node in nodes:
        if not _has_id(node):
            raise _without_id(node, NODE_LIST)
    return nodes


def _unread(nodes: list[dict[str, Any]], read: Mapping[str, LiveConnection]) -> dict[str, LiveEntity]:
    """The connections whose devices and sensors were not read, by id."""
    return {node["id"]: _entity(node, NODE_LIST) for node in nodes if node["id"] not in read}


def _has_id(node: Any) -> bool:
    return isinstance(node, dict) and isinstance(node.get("id"), str)


def _listed_node(nodes: list[dict[str, Any]], node_id: str) -> LiveEntity | None:
    """The connection list's item with this id (asked only for the few holding a kept entity)."""
    return next((_entity(node, NODE_LIST) for node in nodes if node["id"] == node_id), None)


async def read_unread(
    client: PlatformReader,
    project: LiveProject,
    ref_ids: Iterable[str],
    parallelism: int = 16,
    paged: PagedLists | None = None,
) -> None:
    """The devices and sensors of the connections a read left unread, from the project's lists; only
    those carrying one of `ref_ids` are kept (`project.elsewhere`). A plan that creates a device or
    sensor learns so whether its refId is live anywhere in the project (plan/copies.py). `paged`
    records the lists read past their first page."""
    bounded = _bounded(parallelism)
    read = {key: each for key, each in project.connections.items() if key not in project.unread}
    devices = sum(len(each.devices) for each in read.values())  # at least: what was read already
    paged = paged or PagedLists()
    why = _Why(_left_unread(list(project.unread)), paged)
    async with _a_read(()):
        lists = await _read_lists(client, project.id, (devices, _sensor_count(read)), bounded, why)
    _keep_elsewhere(project, lists, read, project.unread.get, frozenset(map(fold_ref_id, ref_ids)))
    await _refuse_made_while_read(client, project, bounded, paged, lists)
    project.unread = {}


async def owned_outside(
    client: PlatformReader,
    project: LiveProject,
    owned: Callable[[LiveEntity, int], bool],
    parallelism: int = 16,
) -> list[LiveEntity]:
    """The devices and sensors `owned` picks (given an entity and its depth) under the project's API
    connections that were not read (an import of some connections: what a plan of its manifest would
    remove as the stack's orphans), each such connection read by its id, as a plan may: the lists
    would stop the read on a platform whose lists name no parent (A5+)."""
    others = [node.id for node in project.unclaimed if not node.id.startswith("/fn/")]
    read = _Lists.of(await read_connections(client, project.id, others, parallelism))
    devices = [device for device in read.devices if owned(device, 1)]
    return devices + [sensor for sensor in read.sensors if owned(sensor, 2)]


async def read_connections(
    client: PlatformReader, project_id: str, node_ids: Sequence[str], parallelism: int = 16
) -> list[LiveConnection]:
    """These connections of one project read again, each with its devices and sensors: one
    `get_integration` per connection, however the plan read them (an apply's recount of what it
    removes, commands/apply.py)."""
    bounded = _bounded(parallelism)
    async with _a_read(()):
        reads = (
            _read_connection(client, LiveEntity(node_id, {}), project_id, bounded) for node_id in node_ids
        )
        return list(await asyncio.gather(*reads))


def _sensor_count(connections: Mapping[str, LiveConnection]) -> int:
    return sum(len(sensors) for each in connections.values() for sensors in each.sensors.values())


def _other_threads(
    nodes: list[dict[str, Any]], scope: ProjectScope, declared: Mapping[str, LiveConnection]
) -> dict[str, LiveConnection]:
    """The project's THREADs that neither this manifest nor another shard of it declares: read beside
    a declared THREAD site (a new gateway's, most often), whose loggers and sensors may be theirs."""
    return _threads(nodes, scope, lambda node_id: node_id not in declared and node_id not in scope.elsewhere)


def _threads_elsewhere(nodes: list[dict[str, Any]], scope: ProjectScope) -> dict[str, LiveConnection]:
    """The project's THREADs another shard declares: filled from the lists this shard reads anyway."""
    return _threads(nodes, scope, lambda node_id: node_id in scope.elsewhere)


def _threads(
    nodes: list[dict[str, Any]], scope: ProjectScope, chosen: Callable[[str], bool]
) -> dict[str, LiveConnection]:
    """The project's THREADs whose node id is `chosen`, by that id, to be filled from the lists."""
    threads = (_entity(node, NODE_LIST) for node in nodes if _is_gateway(node) and chosen(node["id"]))
    return {node.id: LiveConnection(node, scope.project_id) for node in threads}


def _is_gateway(node: dict[str, Any]) -> bool:
    return str(node.get("id", "")).startswith("/fn/")


def _lists_are_cheaper(client: PlatformReader, scope: ProjectScope, connections: int) -> bool:
    pages = client.list_requests(scope.expected_devices) + client.list_requests(scope.expected_sensors)
    return pages < connections


async def _read_listed(
    client: PlatformReader, listed: LiveEntity, scope: ProjectScope, bounded: Any
) -> LiveConnection:
    """A connection the connection list just gave, read by its id. Answered as an id the platform
    does not know (a 404, or the documented 422 "ensure the provided nodeId is valid"), it was
    removed in between: the platform's bare refusal would not say so."""
    try:
        return await _read_connection(client, listed, scope.project_id, bounded)
    except PlatformError as error:
        if not no_such_connection(error):
            raise
        status = getattr(error.response, "status_code", None)
        raise PlatformError(
            f"{_connection_named(listed, scope)} was listed but was gone when read (answered {status}): "
            "removed while it was read? Run it again",
            request=error.request,
            response=error.response,
        ) from error


def _connection_named(listed: LiveEntity, scope: ProjectScope) -> str:
    """The stack's own connection by its address and id; any other by its id alone: its refId is
    anyone's text, which may name a credential."""
    ref_id = listed.ref_id or ""
    if not scope.owns(ref_id, 0):
        return f"connection {live_text(listed.id)}"
    return f"connection {live_text(ref_id.removeprefix(scope.stack_prefix))} ({live_text(listed.id)})"


async def _read_connection(
    client: PlatformReader, listed: LiveEntity, project_id: str, bounded: Any
) -> LiveConnection:
    answer = await bounded(lambda: client.get_integration(project_id, listed.id))
    # Named by the route and the id: the URL itself doubles the slash before an id starting with one.
    request = f"POST /api/integrations/{{nodeId}} of {live_text(listed.id)}"
    integration = _integration(answer, request)
    connection = LiveConnection(_entity(integration["node"], request), project_id)
    seen = {connection.node.id}
    for group in _devices_of(integration, request):
        device = _once(_entity(group.get("device"), request, parent=connection.node.id), seen, request)
        connection.devices.append(device)
        sensors = _sensors_of(group, device, request)
        connection.sensors[device.id] = [
            _once(_entity(each, request, parent=device.id), seen, request) for each in sensors
        ]
    connection.doubt_counts_behind()
    return connection


def _once(entity: LiveEntity, seen: set[str], request: str) -> LiveEntity:
    """An entity the answer holds once. One it holds twice is no second entity: read as two, the plan
    called them duplicates and advised removing one, the only copy; a repeated device group lost the
    sensors of the first. The paged lists stop alike (clients/paging.py)."""
    if entity.id in seen:
        raise PlatformError(
            f"{request} answered {live_text(entity.id)} twice: a connection holds each entity once, and "
            "an answer repeating one may have left another out, so iotplan cannot read it safely"
        )
    seen.add(entity.id)
    return entity


def _integration(answer: Any, request: str) -> dict[str, Any]:
    """The answer's `integration`, which names its connection. One that does not (an error body
    answered 200, say) is no empty connection: read as one, a plan would create again what is
    there and count nothing its removal destroys, so the read stops with the platform's message."""
    integration = answer.get("integration", answer) if isinstance(answer, dict) else None
    if isinstance(integration, dict) and isinstance(integration.get("node"), dict):
        return integration
    said = _text_at(answer, "error", "message")
    platform_said = f" (the platform said: {said})" if said else ""
    raise PlatformError(
        f"{request} answered no integration.node{platform_said}: iotplan cannot tell what the connection "
        "holds, so it reads nothing of it"
    )


def _devices_of(integration: dict[str, Any], request: str) -> list[dict[str, Any]]:
    """The connection's device groups (the documented answer always carries the list). Any other
    answer is no empty connection: read as one, its devices would be created again and its removal
    would count none of their observations."""
    groups = integration.get("devices")
    if not isinstance(groups, list) or not all(isinstance(group, dict) for group in groups):
        raise PlatformError(
            f"{request} answered devices {_shape(groups)}, not a list of device groups: iotplan cannot "
            "tell which devices the connection holds"
        )
    return groups


def _shape(value: Any) -> str:
    if isinstance(value, list):
        return "as a list holding " + ", ".join(sorted({type(each).__name__ for each in value}))
    return "missing" if value is None else f"as {type(value).__name__}"


def _sensors_of(group: dict[str, Any], device: LiveEntity, request: str) -> list[Any]:
    """A device group's sensors. Any other answer is no empty device: read as one, its sensors would
    be created again and its removal would count none of their observations."""
    sensors = group.get("sensors")
    if not isinstance(sensors, list):
        raise PlatformError(
            f"{request} answered device {live_text(device.id)} with sensors {type(sensors).__name__}, not a "
            "list: iotplan cannot tell which sensors it holds"
        )
    return sensors


class _ListedAgain:
    """The project's connection list read again once its device and sensor lists were read, past the
    run's shared list (`list_nodes_again`): whether a sibling shard made a connection since
    (`_without_siblings_new_sensors`) and whether a kept entity's connection was made or removed
    meanwhile (`_refuse_made_while_read`) are both asked of that one read, not a read each. Held with
    the lists it follows (drift's reads sharing them share it): a later read of the lists (read_unread)
    asks a read of its own, since a connection made between the two would be missed."""

    def __init__(self) -> None:
        self._read: asyncio.Future[list[dict[str, Any]]] | None = None

    async def nodes(self, client: PlatformReader, project_id: str, bounded: Any) -> list[dict[str, Any]]:
        if self._read is None:
            self._read = asyncio.ensure_future(bounded(lambda: client.list_nodes_again(project_id)))
        return _with_ids(await asyncio.shield(self._read))  # one read cancelled does not cancel another's


@dataclass(frozen=True)
class _Lists:
    devices: list[LiveEntity]
    sensors: list[LiveEntity]
    shared: bool = False  # read once for several reads (SharedLists): each places copies
    # Each shared entity's copy, by the shared one's identity (the lists hold it for the run): one
    # placed twice (a stray also kept elsewhere) is one entity, as in lists read for this read alone.
    copies: dict[int, LiveEntity] = field(default_factory=dict)
    listed_again: _ListedAgain = field(default_factory=_ListedAgain)

    def taken(self, entity: LiveEntity) -> LiveEntity:
        """The entity to place in this read's live state: a copy of a shared list's."""
        if not self.shared:
            return entity
        taken = self.copies.get(id(entity))
        if taken is None:
            props = copy.copy(entity.props)
            taken = self.copies[id(entity)] = LiveEntity(entity.id, props, entity.parent_id, entity.type)
        return taken

    def each_taken(self, entities: Iterable[LiveEntity]) -> Iterable[LiveEntity]:
        """`taken` of each: the entities themselves, unless the lists are shared."""
        return map(self.taken, entities) if self.shared else entities

    @classmethod
    def of(cls, connections: Iterable[LiveConnection]) -> _Lists:
        """What the lists would answer of these connections, read one by one."""
        read = list(connections)
        sensors = [sensor for each in read for sensor in each.every_sensor()]
        return cls([device for each in read for device in each.devices], sensors)


@dataclass(frozen=True)
class _Why:
    """Why a project's lists are read (a refusal names it), and where the read records their paging."""

    reason: str
    paged: PagedLists


# Why a project's lists are read: what stops the read says it (A5+).
_THREAD_LISTED = (
    "for a THREAD site the manifest declares in it, whose loggers and sensors only the lists name"
)
_CHEAPER = "because the {} connections this plan reads there cost fewer requests through the lists"


def _left_unread(node_ids: list[str]) -> str:
    """Why read_unread reads the lists: the connections a plan creating there did not read (A1++)."""
    named = [
        f"{node_id} (a THREAD)" if node_id.startswith("/fn/") else node_id for node_id in sorted(node_ids)
    ]
    return (
        f"because this plan creates a device or sensor there while {plural('connection', len(named))} "
        f"{first(named, 3)}, not read, could hold one with a refId it creates (A1++)"
    )


async def _read_lists(
    client: PlatformReader, project_id: str, expected: tuple[int, int], bounded: Any, why: _Why
) -> _Lists:
    """The project's device and sensor lists, read here or shared with the run's other reads."""
    read = partial(_lists_read, client, project_id, expected, bounded, why.reason)
    shared = why.paged.shared
    lists = await (read() if shared is None else shared.read(project_id, read))
    why.paged.note(client, project_id, DEVICES, lists.devices)
    why.paged.note(client, project_id, SENSORS, lists.sensors)
    part = why.paged.shards.get(project_id)
    if part is not None:
        part.note_devices(lists.devices)
        lists = await _without_siblings_new_sensors(client, project_id, part, lists, bounded)
    return lists


async def _without_siblings_new_sensors(
    client: PlatformReader, project_id: str, part: ShardPart, lists: _Lists, bounded: Any
) -> _Lists:
    """The lists without the sensors of devices the device list lacks under connections provably
    another shard's: a sibling, applied at once, made the device after the device list was read
    and its sensor before the sensor list was. The connection is the one the sensor's id starts
    with (as in the reference): one listed as another shard's (`outside`), or one made since the
    connection list was read whose refId another shard declares, which the connection list read
    again tells (a request, only then). Any other such sensor still stops the read
    (`_refuse_sensors_of_unlisted_devices`), and so does a copy of this shard's refIds."""
    listed = {device.id for device in lists.devices}
    unlisted = [sensor for sensor in lists.sensors if sensor.parent_id not in listed]
    if not unlisted:
        return lists
    theirs = set(part.outside)
    if any(_holder_by_id(sensor.id, theirs) is None for sensor in unlisted):
        # Read now, past drift's shared list (`one_node_list_per_project`), read before it was made.
        nodes = await lists.listed_again.nodes(client, project_id, bounded)
        theirs.update(node["id"] for node in nodes if part.made_by_a_sibling(_as_listed(node)))
    skipped = {id(sensor) for sensor in unlisted if _a_siblings(sensor, theirs, part)}
    if not skipped:
        return lists
    kept = [sensor for sensor in lists.sensors if id(sensor) not in skipped]
    return _Lists(lists.devices, kept, lists.shared, lists.copies, lists.listed_again)


def _a_siblings(sensor: LiveEntity, theirs: Container[str], part: ShardPart) -> bool:
    """Whether the sensor and its device lie under one of `theirs`, by both their ids, and it
    carries none of this shard's refIds."""
    holder = _holder_by_id(sensor.id, theirs)
    if holder is None or _holder_by_id(sensor.parent_id or "", theirs) != holder:
        return False
    return sensor.ref_id is None or fold_ref_id(sensor.ref_id) not in part.folded_ref_ids


async def _lists_read(
    client: PlatformReader, project_id: str, expected: tuple[int, int], bounded: Any, why: str
) -> _Lists:
    """The project's device and sensor lists. Each page becomes live entities as it arrives."""
    keep_device, keep_sensor = _KEEP_DEVICE(project_id, why), _KEEP_SENSOR(project_id, why)
    devices, sensors = await asyncio.gather(
        bounded(lambda: client.list_devices(project_id, expected[0], keep=keep_device)),
        bounded(lambda: client.list_sensors(project_id, expected[1], keep=keep_sensor)),
    )
    return _Lists(devices, sensors)


def _fill_from_lists(lists: _Lists, connections: dict[str, LiveConnection]) -> None:
    """Each listed entity put under its connection: a device by its NODE_ID, a sensor by its device."""
    _refuse_contradictions(lists, connections)
    for device in lists.devices:  # every listed entity has its parent (`_placed`)
        connection = connections.get(device.parent_id or "")
        if connection is not None:
            connection.devices.append(lists.taken(device))
            connection.sensors[device.id] = []
    under = {device_id: sensors for c in connections.values() for device_id, sensors in c.sensors.items()}
    for device_id, listed in groupby(lists.sensors, _PARENT):  # a run of one device's: looked up once
        sensors = under.get(device_id or "")
        if sensors is not None:
            sensors.extend(lists.each_taken(listed))
    for connection in connections.values():
        connection.doubt_counts_behind()


_PARENT = attrgetter("parent_id")


def _refuse_contradictions(lists: _Lists, connections: Container[str]) -> None:
    """Lists that contradict each other about who holds what, so the read stops. A listed sensor
    whose device the device list does not hold, or a device whose id lies under a read connection
    (ids start with their parent's: `{NODE_ID}/{type}/{serial}/device` in the reference) while its
    NODE_ID names another, would be left out of the connection its id names. Read as absent there, a
    THREAD's logger or sensor, which carries a hardware serial and no refId, was planned as new, and
    a removal would not count it."""
    _refuse_sensors_of_unlisted_devices(lists)
    _refuse_devices_named_elsewhere(lists, connections)


def _refuse_sensors_of_unlisted_devices(lists: _Lists) -> None:
    listed = {device.id for device in lists.devices}
    for sensor in lists.sensors:
        if sensor.parent_id not in listed:
            raise PlatformError(
                f"{SENSOR_LIST} answered {live_text(sensor.id)} under device "
                f"{live_quoted(sensor.parent_id)}, which {DEVICE_LIST} does not hold: iotplan cannot tell "
                "which connection it is under, so it cannot know what that connection holds (a device made "
                "or removed while the lists were read does this: run again once that is done)"
            )


def _refuse_devices_named_elsewhere(lists: _Lists, connections: Container[str]) -> None:
    for device in lists.devices:
        if device.id.startswith(f"{device.parent_id}/"):
            continue  # under the connection its id names, read or not (most devices: no search for it)
        holder = _holder_by_id(device.id, connections)
        if holder is not None and holder != device.parent_id:
            raise PlatformError(
                f"{DEVICE_LIST} answered {live_text(device.id)} with props.NODE_ID "
                f"{live_quoted(device.parent_id)}, though its id lies under the connection {holder}: iotplan "
                f"cannot tell which connection holds it, so it cannot know what {holder} holds (run again; "
                "if it stays, the platform's support can say which connection the device is under)"
            )


def _holder_by_id(entity_id: str, connections: Container[str]) -> str | None:
    """The connection among `connections` whose id, followed by "/", the entity's id starts with."""
    end = entity_id.find("/", 1)
    while end != -1:
        if entity_id[:end] in connections:
            return entity_id[:end]
        end = entity_id.find("/", end + 1)
    return None


def _keep_elsewhere(
    project: LiveProject,
    lists: _Lists,
    read: Mapping[str, LiveConnection],
    node_of: Callable[[str], LiveEntity | None],
    folded_ref_ids: Container[str],
) -> None:
    """The listed devices and sensors outside the `read` connections that carry one of the refIds
    `folded_ref_ids` holds folded, as refIds are compared (fold_ref_id: `qs:DAM-A/lg` and `QS:dam-a/lg`
    are copies of `qs:dam-a/lg`, as the plan reads them), each under its connection in
    `project.elsewhere`, a kept device with all its sensors (what it holds, were a rename refused onto
    it); the rest are let go (another shard's share of a fleet). Kept only when exactly
    equal, the copies under a connection a shard did not read went unseen, and the shard wrote to the
    declared refId where one run refuses to."""
    carries = partial(_carries, folded_ref_ids)
    outside: dict[str, str | None] = {}  # device id → its connection, for the devices outside `read`
    read_devices = {device.id for each in read.values() for device in each.devices}
    unanswered: dict[str, LiveEntity] = {}  # listed under a read connection whose read did not hold them
    kept: set[str] = set()  # the devices kept: with all their sensors, what one holds is told whole
    # kept by an earlier read of the lists (a plan reading those it left unread): kept once
    before = {each.id for other in project.elsewhere.values() for each in other.devices_and_sensors()}
    for device in lists.devices:
        if device.parent_id not in read:
            outside[device.id] = device.parent_id
            if carries(device):
                kept.add(device.id)
                if device.id not in before:
                    _elsewhere(project, node_of, device.parent_id).devices.append(lists.taken(device))
        elif device.id not in read_devices:
            unanswered[device.id] = device
            if carries(device):
                raise _read_and_lists_disagree(device)
    for sensor in lists.sensors:
        if sensor.id in before:
            continue
        if sensor.parent_id not in read_devices and (sensor.parent_id in kept or carries(sensor)):
            if sensor.parent_id in unanswered:
                raise _read_and_lists_disagree(unanswered[sensor.parent_id], sensor)
            holder = _elsewhere(project, node_of, outside.get(sensor.parent_id or ""))
            holder.sensors.setdefault(str(sensor.parent_id), []).append(lists.taken(sensor))


def _read_and_lists_disagree(device: LiveEntity, sensor: LiveEntity | None = None) -> PlatformError:
    """A device (with a sensor the plan asked after) the device list puts under a connection whose
    own read did not answer it: read as elsewhere, it was called a copy "in connection ?", to declare
    in a node with `id: ?`, and drift called it MISSING where the list places it."""
    with_sensor = f" with sensor {live_text(sensor.id)}" if sensor is not None else ""
    connection = live_text(str(device.parent_id))
    return PlatformError(
        f"the connection's read and the project's lists disagree about connection {connection}: "
        f"{DEVICE_LIST} puts device {live_text(device.id)}{with_sensor} under it (props.NODE_ID), and its "
        "read (POST /api/integrations/{nodeId}) does not hold that device. iotplan cannot tell what the "
        "connection holds (a device made or removed while they were read does this: run again once that "
        "is done; if it stays, the platform's support can say which answer is right)"
    )


async def _refuse_made_while_read(
    client: PlatformReader, project: LiveProject, bounded: Any, paged: PagedLists, lists: _Lists
) -> None:
    """Stops a read whose lists keep a declared refId under a connection the connection list did
    not give, once the connection list read again holds it: made after that list was read and
    before the device list was (a concurrent apply of the stack, most often). Read as elsewhere, the
    stack's own new connection would be called a copy's, to adopt by `id:`, which pins it or makes a
    second network. A connection the list still does not give lives where this credential does not
    list it: its advice stands. A kept entity's connection the list gave and gives no longer was
    removed meanwhile: its id, which the advice would pin, is no one's, so that stops the read too.
    The list read again past the run's shared one (drift's), once, in as many requests as its
    pages, only when a kept entity's connection was not listed: the read a shard's check of its
    siblings' new sensors made of it after these lists, if any (`_ListedAgain`)."""
    unlisted = sorted(node_id for node_id in project.elsewhere if node_id not in project.listed)
    if not unlisted:
        return
    now = {node["id"] for node in await lists.listed_again.nodes(client, project.id, bounded)}
    _refuse_removed_while_read(project, now, paged)
    made = [node_id for node_id in unlisted if node_id in now]
    if made and not _hidden_by_a_removal(project, now, paged):
        raise PlatformError(
            f"{DEVICE_LIST} puts devices under {plural('connection', len(made))} "
            f"{first([live_text(node_id) for node_id in made], 3)}, which {NODE_LIST} did not hold when "
            f"the plan read it and holds now, so it was made while the plan read the lists: run again once "
            "the run writing it is done (what it holds cannot be planned from this read)"
        )


def _refuse_removed_while_read(project: LiveProject, now: Set[str], paged: PagedLists) -> None:
    """Stops a read keeping entities under a connection the connection list gave when the plan read
    it and does not give now: the advice to adopt them by `id:` would pin an id that is gone. Read in
    pages, the list may have lost it to another connection's removal between two of them, as
    `_hidden_by_a_removal` allows for: said so, not that it is gone, which would then be untrue."""
    gone = project.listed - now
    removed = sorted(node_id for node_id in project.elsewhere if node_id in gone)
    if removed:
        since = (
            "not when it read it again (removed meanwhile, or moved across a page's end of that read by "
            "another connection's removal and read on neither page)"
            if _hidden_by_a_removal(project, now, paged)
            else "holds no longer"
        )
        raise PlatformError(
            f"{DEVICE_LIST} puts devices under {plural('connection', len(removed))} "
            f"{first([live_text(node_id) for node_id in removed], 3)}, which {NODE_LIST} held when the plan "
            f"read it and {since}, so the list changed while the plan read it: run again once the run "
            "writing it is done (what it holds cannot be planned from this read)"
        )


def _hidden_by_a_removal(project: LiveProject, now: Set[str], paged: PagedLists) -> bool:
    """Whether a connection listed now and not then may have been there all along: the connection
    list was read in pages (PagedLists) and has lost a connection since, whose removal between two
    pages moved it back, read on neither. "Made meanwhile" would then be untrue; the plan's refusal
    reads the paged lists again (commands/plan.py `refuse_lists_changed_under`, drift's too) and
    stops saying entities were removed."""
    return (project.id, NODES) in paged.items and bool(project.listed - now)


def _carries(folded_ref_ids: Container[str], entity: LiveEntity) -> bool:
    """Whether a live entity carries one of the refIds `folded_ref_ids` holds folded. Asked once of
    each entity outside the read: 100,000 a project's lists, whose ASCII refIds fold as lower() does."""
    ref_id = entity.ref_id
    return ref_id is not None and fold_ref_id(ref_id) in folded_ref_ids


def _keep_strays(
    project: LiveProject,
    lists: _Lists,
    under: Container[str],
    node_of: Callable[[str], LiveEntity | None],
    owned: Callable[[str | None, int], bool],
) -> None:
    """The stack's own devices (each with all its sensors: a removal takes them) and sensors under
    the connections `under` (those the manifest does not claim), by connection in `project.strays`.
    Of a device not the stack's, only the stack's sensors are kept: the device carries their
    removal, and nothing else under it is this stack's to list, let alone to prune. `owned` also
    keeps the copies of declared entities there (`_strays_of`), which the plan reports as copies."""
    outside = [device for device in lists.devices if device.parent_id in under]
    if not outside:  # no device under those connections, so no sensor either: 100,000 sensors not asked
        return
    owned_devices = {device.id for device in outside if owned(device.ref_id, 1)}
    outside_ids = {device.id for device in outside}
    carried: dict[str, list[LiveEntity]] = {}
    for sensor in lists.sensors:  # every sensor of the project: its parent asked first, its refId only then
        parent = sensor.parent_id
        if parent in outside_ids and (parent in owned_devices or owned(sensor.ref_id, 2)):
            carried.setdefault(parent, []).append(lists.taken(sensor))
    for device in outside:
        if device.id in owned_devices or device.id in carried:
            stray = _stray(project, node_of, device.parent_id)
            stray.devices.append(lists.taken(device))
            stray.sensors[device.id] = carried.get(device.id, [])


def _strays_of(scope: ProjectScope) -> Callable[[str | None, int], bool]:
    """What `_keep_strays` keeps under another connection: the stack's own (`owns`, the exact
    prefix), and a copy of a declared entity whatever case its stack prefix is in
    (`QS:dam-a/lg` of `qs:dam-a/lg`, folded as refIds are compared), which the plan reports a copy
    as the README says, and never removes (it is not the stack's): its writes are refused, so plan
    and drift must say why. Under --shard, of any shard's declared entity: the connection is read
    by this shard alone, so a copy of another shard's dropped here would be reported by none. A
    refId a `ref_id:` pins, carried exactly, is kept too: the diff tells it the pinned entity where
    it alone carries it, a copy where the declared one is found live too (two carriers). Asked of
    the entities already listed: no request more."""

    def kept(ref_id: str | None, depth: int) -> bool:
        if scope.owns(ref_id, depth):
            return True
        if ref_id is None:
            return False
        folded = fold_ref_id(ref_id)
        return folded in _KNOWN_FOLDED or folded in scope.declared_in_other_shards

    return kept


def _strays_here(scope: ProjectScope, connection: LiveEntity) -> bool:
    """Whether this read looks for the stack's orphans under this connection: always, but of a fleet
    in shards, one shard, the one holding the address the plan gives it (`#` and its short id)."""
    return scope.holds is None or scope.holds(f"#{connection.short_id}")


def _stray(
    project: LiveProject, node_of: Callable[[str], LiveEntity | None], node_id: str | None
) -> LiveConnection:
    return _held_in(project.strays, project.id, node_of, node_id)


def _elsewhere(
    project: LiveProject, node_of: Callable[[str], LiveEntity | None], node_id: str | None
) -> LiveConnection:
    """The connection `node_id` names, as far as the lists tell of it; a sensor whose device the
    device list did not answer is under a connection nobody can name ("?")."""
    return _held_in(project.elsewhere, project.id, node_of, node_id)


def _held_in(
    table: dict[str, LiveConnection],
    project_id: str,
    node_of: Callable[[str], LiveEntity | None],
    node_id: str | None,
) -> LiveConnection:
    key = node_id or "?"
    connection = table.get(key)
    if connection is None:
        node = node_of(key) or LiveEntity(key, {})
        connection = table[key] = LiveConnection(node, project_id)
    return connection


@dataclass(frozen=True)
class _KeepListed:
    """What the read keeps of an item of the device or sensor list: a live entity under its parent.
    The client keeps a whole page at once (`page`); a reader that does not, item by item."""

    parent_at: tuple[str, ...]  # where an item names its parent
    named_by: tuple[str, str]  # that field and the parent's kind, as a refusal names them
    project_id: str
    why: str

    def __call__(self, raw: Any, request: str) -> LiveEntity:
        entity = _entity(raw, request, parent=_text_at(raw, *self.parent_at))
        return _placed(entity, request, self.named_by, self.project_id, self.why)

    def page(self, items: list[Any], request: str) -> list[LiveEntity]:
        """The entities the items kept in turn make, made a field at a time across the page: a C loop
        for each field, not Python calls for each prop of each entity (the fleet's 100,000 sensors:
        0.35 → 0.2 s of CPU). A page holding an item that path refuses, or props it does not share a
        column at a time, goes item by item: the refusal then names the first such item."""
        fields = _page_fields(items, self.parent_at)
        if fields is None:
            return [self(raw, request) for raw in items]
        return list(map(LiveEntity, *fields))


_KEEP_DEVICE = partial(_KeepListed, ("props", "NODE_ID"), ("props.NODE_ID", "connection"))
_KEEP_SENSOR = partial(_KeepListed, ("device",), ("device", "device"))


def _page_fields(items: list[Any], parent_at: tuple[str, ...]) -> tuple[list[Any], ...] | None:
    """Each item's id, props, parent and type as `_KeepListed.__call__` makes them, or None: an item
    it refuses (no text id, no props telling whose, no parent), or props of kinds `_shared_columns`
    leaves to `_shared_values`."""
    parents = _nested_field(items, parent_at)  # None unless every item is an object
    if parents is None:
        return None
    ids, props = _field(items, "id"), _field(items, "props")
    if not (_all_of(ids, str) and _all_of(props, dict) and _all_of(parents, str)):
        return None
    shared = _shared_page_props(props)
    if shared is None:
        return None
    keep = _SHARED.setdefault
    return ids, shared, list(map(keep, parents, parents)), _shared_kinds(_field(items, "type"))


def _field(objects: Iterable[dict[str, Any]], key: str) -> list[Any]:
    """Each object's value at `key`, None where it has none."""
    return list(map(dict.get, objects, repeat(key)))


def _nested_field(objects: list[Any], keys: tuple[str, ...]) -> list[Any] | None:
    """Each object's value at `keys` (`_text_at`), or None where one on the way is not an object."""
    for key in keys:
        if not _all_of(objects, dict):
            return None
        objects = _field(objects, key)
    return objects


def _all_of(values: Iterable[Any], kind: type) -> bool:
    """Whether every value is exactly of `kind` (a subclass goes the way each item goes)."""
    return set(map(type, values)) <= {kind}


def _tell_whose(columns: Mapping[str, Sequence[Any]]) -> bool:
    """Whether every props of a column at a time holds a SERIAL_NO or a NAME (`_props_of`)."""
    serials, names = columns.get("SERIAL_NO"), columns.get("NAME")
    if serials is not None and None not in serials:
        return True
    if names is None:
        return False
    if serials is None:
        return None not in names
    return all(name is not None for name, serial in zip(names, serials, strict=True) if serial is None)


def _shared_kinds(kinds: list[Any]) -> list[str | None]:
    """Each item's type as `_entity` keeps it: text shared, anything else none."""
    keep = _SHARED.setdefault
    one = _one_value(kinds)
    if one.__class__ is str:
        return [keep(one, one)] * len(kinds)
    if _all_of(kinds, str):
        return list(map(keep, kinds, kinds))
    return [keep(kind, kind) if isinstance(kind, str) else None for kind in kinds]


# A page whose props come in more key orders than this goes entity by entity: columns of a few
# entities each save nothing.
_ORDERS_A_PAGE = 16


def _shared_page_props(props: list[dict[str, Any]]) -> list[MutableMapping[str, Any]] | None:
    """`_shared_values` of each props, made a column of one key order at a time, in the page's order;
    None where a column is one `_shared_columns` leaves to it, or props tell not whose they are."""
    if not props:
        return []
    first = tuple(props[0])
    # The usual page: one order, each item's compared and dropped, not a page of them held at once
    # (1,000 tuples of 11 keys left holes in memory the entities made meanwhile kept from being reused).
    if all(map(eq, map(tuple, props), repeat(first))):
        return _shared_columns(first, props)
    orders = list(map(tuple, props))
    distinct = set(orders)
    if len(distinct) > _ORDERS_A_PAGE:
        return None
    rows: dict[tuple[str, ...], list[int]] = {}
    for row, order in enumerate(orders):
        rows.setdefault(order, []).append(row)
    made: list[MutableMapping[str, Any]] = [{}] * len(props)
    for order, at in rows.items():
        shared = _shared_columns(order, [props[row] for row in at])
        if shared is None:
            return None
        for row, each in zip(at, shared, strict=True):
            made[row] = each
    return made


def _shared_columns(
    keys: tuple[str, ...], props: list[dict[str, Any]]
) -> list[MutableMapping[str, Any]] | None:
    """`_shared_values` of props that all have `keys` in this order, a column of values at a time;
    None unless each tells whose it is (`_tell_whose`)."""
    columns = dict(zip(keys, zip(*map(dict.values, props), strict=True), strict=True))
    if not _tell_whose(columns):
        return None
    declared = _declared_by(columns.get("SERIAL_NO"))
    shared = [_shared_column(key, column, declared) for key, column in columns.items()]
    if any(column is None for column in shared):
        return None
    count = len(props)
    same = tuple(
        (place, column.value)
        for place, column in enumerate(shared)
        if column.__class__ is _Same and count >= _SAME_ON_A_PAGE
    )
    at = key_order(keys, same)
    if at is None or not same:
        whole = [column.every(count) if column.__class__ is _Same else column for column in shared]
        rows = zip(*whole, strict=True)
        return (
            [dict(zip(keys, row, strict=True)) for row in rows]
            if at is None
            else list(map(Props, repeat(at), rows))
        )
    own = [column for column in shared if column.__class__ is not _Same]  # the key order holds the rest
    return list(map(Props, repeat(at), zip(*own, strict=True) if own else repeat((), count)))


class _Same(NamedTuple):
    """A column of one value all along, each entity's answer as good as another's (one text, one
    map of texts in one order, or one whole number, boolean or null of one type): held once."""

    value: Any

    def every(self, count: int) -> list[Any]:
        return [self.value] * count


# A page's column of one value is held by its key order from this many entities on: a key order
# made for a few would outweigh what their tuples save.
_SAME_ON_A_PAGE = 64


def _shared_column(
    key: str, column: tuple[Any, ...], declared: list[Declared | None] | None
) -> Sequence[Any] | _Same | None:
    """One prop of many entities, each value shared as `_shared_values` shares it; None for a column
    mixing values that rule tells apart (text and numbers, say); `_Same` for one value all along.
    `declared`: `_declared_by` the entities' serials."""
    if key in OWN_PROPS:
        return _serials_known(column, declared) if key == "SERIAL_NO" else _names_known(column, declared)
    one = _one_value(column)
    if one.__class__ is str:  # one text all along (a project's id, a template): no type asked of each
        return _Same(_SHARED.setdefault(one, one))
    kinds = set(map(type, column)) if one is _MANY or one.__class__ in _EQUAL_ACROSS else {one.__class__}
    if kinds == {str}:
        return list(map(_SHARED.setdefault, column, column))
    if kinds == {dict}:
        return _shared_maps(column, one is not _MANY)
    if one is not _MANY and len(kinds) == 1 and kinds <= _SAME_WHEN_EQUAL:  # 0 and 0 answer alike
        return _Same(one)
    return None if str in kinds or dict in kinds else column


# Equal values of these types may be of another (1 == True == 1.0): a column of one is asked its types.
_EQUAL_ACROSS = frozenset({int, bool, float})
# Types whose equal values are written alike (not float: 0.0 == -0.0); null, which only null equals.
_SAME_WHEN_EQUAL = frozenset({int, bool, type(None)})


def _declared_by(serials: Sequence[Any] | None) -> list[Declared | None] | None:
    """The entity the caller declares with each SERIAL_NO as its refId (`_KNOWN`), None for each
    other; None for no column of texts alone (`_serials_known` keeps those as answered, or refuses)."""
    return None if serials is None or not _all_of(serials, str) else list(map(_KNOWN.get, serials))


def _serials_known(column: Sequence[Any], declared: list[Declared | None] | None) -> Sequence[Any] | None:
    """A SERIAL_NO column: the refIds the caller keeps as their own texts, anything else as answered;
    None where texts sit beside other values."""
    if declared is None:  # texts beside other values, or none
        return None if str in set(map(type, column)) else column
    return [serial if held is None else held.ref_id for serial, held in zip(column, declared, strict=True)]


def _names_known(column: Sequence[Any], declared: list[Declared | None] | None) -> Sequence[Any]:
    """A NAME column: each name the caller declares of the entity its SERIAL_NO names as its own
    text (`_own_name`), anything else as answered, as `_shared_values` keeps each item's."""
    if declared is None:
        return column
    return list(map(_own_name, column, declared))


def _own_name(name: Any, held: Declared | None) -> Any:
    """`name`, or the same text as `held` declares it."""
    if held is None:
        return name
    own = held.fields.get("name")
    return own if own.__class__ is str and own == name else name


_MANY = object()  # `_one_value` of a column of several values


def _one_value(column: Sequence[Any]) -> Any:
    """The one value every item of a column equals, or _MANY. A column is decoded JSON, where only
    text equals text and an object an object: one equal to its first text holds texts alone, to its
    first object objects alone, to its first number no text nor object. Its last value is weighed
    first: a column of runs (connections, dates) is told apart without a count."""
    if not column:
        return _MANY
    first = column[0]
    if column[-1] != first or column.count(first) != len(column):
        return _MANY
    return first


def _shared_maps(maps: Sequence[dict[str, Any]], equal: bool) -> list[dict[str, Any]] | _Same | None:
    """`_shared_map` of each map, or None unless every one holds at most four texts. Checked on the
    distinct maps alone: a map equal to one of text only holds text only (no other JSON value equals
    a text). `equal`: every map equals the first (`_one_value`)."""
    first = maps[0]
    if equal and _in_one_order(maps):  # one map all along: no tuple made
        items = tuple(first.items())
        return _Same(_SHARED.setdefault(items, first)) if len(first) <= 4 and _texts_only(items) else None
    if max(map(len, maps)) > 4:
        return None
    items_of = list(map(tuple, map(dict.items, maps)))
    try:
        distinct = set(items_of)
    except TypeError:  # a list or a map inside: no map of text
        return None
    if not all(_texts_only(each) for each in distinct):
        return None
    return list(map(_SHARED.setdefault, items_of, maps))


def _in_one_order(maps: Sequence[dict[str, Any]]) -> bool:
    """Whether equal maps have their keys in one order (equal maps may not: `_shared_map` keeps apart
    `{"a": "x", "b": "y"}` and `{"b": "y", "a": "x"}`)."""
    return len(maps[0]) <= 1 or len(set(map(tuple, maps))) == 1


def _texts_only(items: tuple[tuple[str, Any], ...]) -> bool:
    return all(value.__class__ is str for _, value in items)


def _placed(
    entity: LiveEntity, request: str, named_by: tuple[str, str], project_id: str, why: str
) -> LiveEntity:
    """A listed entity goes under its parent; one without could not, and leaving it out would read
    its connection as emptier than it is (a removal not counting its observations, a creation
    copying it), so the read stops, as for an item without an id (A5+). A platform whose lists
    carry no parents at all stops every such read, an apply's verifying one too: the message says
    how to tell, why it read the lists (`why`), and what iotplan cannot manage there."""
    if entity.parent_id is None:
        field, parent = named_by
        raise PlatformError(
            f"{request} answered {live_text(entity.id)} without {field}: iotplan cannot tell which {parent} "
            f"it is under, so it cannot know what that {parent} holds (docs/api-assumptions.md, A5+). "
            f"The project's lists were read {why}. If the lists name no item's parent "
            f"(`iotplan check-platform --project {project_id}` fails on its A5+ line), iotplan cannot "
            "manage THREAD sites in this project, nor more connections than list pages, nor create a "
            "device or sensor there while a connection the plan does not read (a THREAD's, another "
            "shard's) is in it: those plans read the lists. What is already there stays; manage it with "
            "the platform's own tools"
        )
    return entity


def _text_at(value: Any, *keys: str) -> str | None:
    """The text at `keys` inside nested JSON objects, or None."""
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, str) else None


def _entity(raw: Any, request: str, parent: str | None = None) -> LiveEntity:
    """A live entity from one item of `request`'s answer. Every item has its id: without one,
    nothing can be matched or told apart safely, so the read stops."""
    if not _has_id(raw):
        raise _without_id(raw, request)
    kind = raw.get("type")
    props = _shared_values(_props_of(raw, request))
    kind = _SHARED.setdefault(kind, kind) if isinstance(kind, str) else None
    parent = _SHARED.setdefault(parent, parent) if parent is not None else None
    return LiveEntity(raw["id"], props, parent, kind)


def _without_id(raw: Any, request: str) -> PlatformError:
    shape = f"keys {', '.join(sorted(map(str, raw)))}" if isinstance(raw, dict) else type(raw).__name__
    answered = raw.get("id") if isinstance(raw, dict) else None
    if answered is not None:  # its kind only: the value is anyone's
        return PlatformError(
            f"{request} answered an item whose id is {json_kind(answered)}, not text ({shape}): iotplan "
            "cannot match it"
        )
    return PlatformError(f"{request} answered an item without an id ({shape}): iotplan cannot match it")


def _props_of(raw: dict[str, Any], request: str) -> dict[str, Any]:
    """An item's props. Without them (missing, null, a list, text), or with neither the SERIAL_NO that
    holds its refId nor a NAME (`{}`), nothing tells whose it is: read as it stands, this stack's device
    was taken for a foreign one and created again, so the read stops."""
    props = raw.get("props")
    if not isinstance(props, dict):
        shape = "without props" if props is None else f"with props {type(props).__name__}, not an object"
    elif props.get("SERIAL_NO") is None and props.get("NAME") is None:  # nothing tells whose it is
        shape = "with props holding neither SERIAL_NO nor NAME"
    else:
        return props
    raise PlatformError(
        f"{request} answered {live_text(raw['id'])} {shape}: iotplan cannot tell whose it is, nor match it "
        "(run again; if it stays, give the entity a name in the platform's web app)"
    )


# Values many entities repeat (dates, NODE_ID, PROJECT_ID, templates, metric maps, types, the
# device of ten sensors), kept once: half of what 100,000 live sensors weighed was copies of these.
# Emptied after each read; what it holds never changes a value, only which equal object carries
# it. The metric maps are shared read-only: nothing changes a live entity's nested props
# (OBSERVATION_COUNT, filled in later by live/counts.py, is a number at the top level).
_SHARED: dict[Any, Any] = {}

# Reads in progress (drift reads several manifests at once): the tables are emptied when the last ends.
_reading = 0


# The caller's entities by their refIds (read_live's `known`), for SERIAL_NO and NAME: apart from
# _SHARED, whose few values every other prop looks up, so that those lookups stay in a small table.
# One table for both: a NAME is looked up through the SERIAL_NO beside it (a table of the names too
# held 3.7 MiB more at a 111,100-entity read's end, its peak).
_KNOWN: dict[str, Declared] = {}


class _FoldedRefIds(Container[str]):
    """The refIds of `_KNOWN` folded (fold_ref_id), and those `moved` entries rename from (`also`):
    what the read keeps as their copies. Folded when first asked: a plan whose lists hold nothing
    outside the connections it reads never asks (folding 111,100 refIds cost 20 ms of CPU)."""

    def __init__(self) -> None:
        self._folded: set[str] = set()
        self._known_grew = False  # refIds were added to _KNOWN since they were last folded

    def grown(self) -> None:
        self._known_grew = True

    def also(self, ref_ids: Iterable[str]) -> None:
        """RefIds not in `_KNOWN` (no text of theirs is kept): a renamed entity's before its rename."""
        self._folded.update(map(fold_ref_id, ref_ids))

    def __contains__(self, ref_id: object) -> bool:
        return ref_id in self.folded()

    def folded(self) -> set[str]:
        if self._known_grew:
            self._folded.update(map(fold_ref_id, _KNOWN))
            self._known_grew = False
        return self._folded

    def clear(self) -> None:
        self._folded.clear()
        self._known_grew = False


_KNOWN_FOLDED = _FoldedRefIds()


def _shared_values(props: dict[str, Any]) -> MutableMapping[str, Any]:
    """Compact props, not the decoded dict: orjson makes a props dict of 11 keys 632 bytes."""
    values = []
    keep = _SHARED.setdefault
    serial = props.get("SERIAL_NO")
    held = _KNOWN.get(serial) if serial.__class__ is str else None
    for key, value in props.items():
        if key in OWN_PROPS:
            if held is not None:
                value = held.ref_id if key == "SERIAL_NO" else _own_name(value, held)
        elif type(value) is str:
            value = keep(value, value)
        elif type(value) is dict and len(value) <= 4:
            value = _shared_map(value)
        values.append(value)
    keys = tuple(props)
    at = key_order(keys)
    return dict(zip(keys, values, strict=True)) if at is None else Props(at, tuple(values))


def _shared_map(value: dict[str, Any]) -> dict[str, Any]:
    """Maps of text only (the metric maps): `{"a": 1}` and `{"a": True}` are equal keys to Python,
    but not the same answer. Keyed by their items, which no text value can equal."""
    items = tuple(value.items())
    for _, each in items:  # a loop, not all(...): 200,000 maps a read
        if each.__class__ is not str:
            return value
    return _SHARED.setdefault(items, value)  # type: ignore[no-any-return]
