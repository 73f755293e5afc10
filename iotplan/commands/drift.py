"""iotplan drift: where reality has wandered from git. Read-only, safe to schedule.

Drift is a plan seen from the other side: each manifest is planned, and the plan read as a
report (`plan/drift.py`). Several manifests give one report.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iotplan import __version__
from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_entities import EntityCalls
from iotplan.clients.target import Target
from iotplan.commands.apply import declared_settings
from iotplan.commands.manifests import SharedStack, shared_stacks
from iotplan.commands.plan import (
    PlanRequest,
    lists_read_again,
    plan_command,
    read_began,
    refuse_lists_changed_under,
    target_identity,
)
from iotplan.errors import IotplanError, NoSafePlanError
from iotplan.live.read import PagedLists, SharedLists
from iotplan.plan.address import Address
from iotplan.plan.coverage import Coverage, Shard
from iotplan.plan.desired import DesiredState
from iotplan.plan.drift import Coordinates, Difference, Entry, Report, Severity, Status
from iotplan.plan.drift_entries import (
    drift_entries,
    missing_entry,
    one_entry_per_entity,
    with_refusals,
    with_unread_settings,
)
from iotplan.plan.held_identity import held_identity
from iotplan.plan.model import Action, Change, Kind, Plan
from iotplan.plan.serials_edited import plan_families, thread_read
from iotplan.plan.shard import shard_desired
from iotplan.plan.thread import Family, HeldUnlike, held_unlike
from iotplan.secrets import masked_in_place
from iotplan.wording import joined

MANIFESTS_AT_ONCE = 4  # each manifest's read is itself concurrent under --parallelism
# What a list an entity was removed from between its pages made drift get wrong (A5): the stop's words.
DRIFT_READ = (
    "drift read these lists in pages, so it may have missed a live one, reported it MISSING or left "
    "it out of what a removal destroys"
)


@dataclass(frozen=True)
class DriftRequest:
    manifests: list[tuple[str, DesiredState]]  # the path as given, and what it declares
    parallelism: int = 16
    shard: Shard | None = None  # --shard: only this shard's connections are read and reported

    def __post_init__(self) -> None:
        refuse_shared_stacks(self.manifests)


async def drift_command(
    target: Target,
    request: DriftRequest,
    environ: Mapping[str, str],
    on_read: Callable[[], None] = lambda: None,
) -> Report:
    named = _named_in_report([path for path, _ in request.manifests])
    report = Report(
        target=target.description,
        made_by=__version__,
        # Shown output that nothing applies by: masked as the Target line is (a URL's credential in
        # --sim-db's folders). merge compares shards' reports by it, each masked alike.
        target_identity=masked_in_place(target_identity(target)),
        manifests={named[path]: desired.source.digest for path, desired in request.manifests},
        shard=Coverage.of(request.shard) if request.shard else None,
        read_at=read_began(),  # before the first manifest's read: the earliest of its plans'
    )
    limit = asyncio.Semaphore(MANIFESTS_AT_ONCE)
    shared = SharedLists()  # each project's device and sensor lists, read once for every manifest
    read_again: list[tuple[PagedLists, set[tuple[str, str]]]] = []

    async def one(given: str, desired: DesiredState) -> None:
        path = named[given]  # as the report names it: shown output, which nothing reads the file by
        async with limit:
            read = PlanRequest(
                desired,
                parallelism=request.parallelism,
                require_secrets=False,
                shard=request.shard,
                recheck_paged_lists=False,
            )
            paged = PagedLists(shared=shared)
            plan, entries, lists = await _entries(target, read, environ, path, paged)
        if lists:  # the plan itself is not kept: a fleet's report holds its entries already
            read_again.append((paged, lists))
        report.entries.extend(with_unread_settings(entries, declared_settings(desired)))
        if plan.catalog_notes:
            report.catalog_notes[path] = plan.catalog_notes
        report.locations.update(site_locations(path, shard_desired(desired, request.shard)))
        on_read()

    with target.client.one_node_list_per_project():  # drift writes nothing between the reads
        await asyncio.gather(*(one(path, desired) for path, desired in request.manifests))
    await _refuse_lists_changed(target, read_again, request.parallelism)
    report.entries.sort(key=lambda entry: (entry.manifest, entry.site))
    report.entries = one_entry_per_entity(report.entries)
    return report


def _named_in_report(paths: list[str]) -> dict[str, str]:
    """Each manifest as the report names it: masked, as every message names a file (a URL's
    credential in its folders' names), the file having been read as given. Two named alike so would
    be one manifest in the report, their entries and digests mixed: refused, not guessed apart."""
    named = {path: masked_in_place(path) for path in paths}
    if len(set(named.values())) < len(named):
        raise IotplanError(
            "two manifests' paths differ only in a URL's credential, which the report masks, so it "
            "would name them alike: rename or move one"
        )
    return named


async def _entries(
    target: Target, request: PlanRequest, environ: Mapping[str, str], path: str, paged: PagedLists
) -> tuple[Plan, list[Entry], set[tuple[str, str]]]:
    """One manifest's plan and entries, and the paged lists to read again before they are reported
    (`_refuse_lists_changed`). A plan that `plan` and `apply` refuse is reported all the
    same, each refusal with the entry of the entity it concerns: drift only reads, and a sensor moved
    in the web app is drift to report, not a reason to report nothing. A refusal that concerns no
    entry stops the report, as every refusal once did: nothing else in it would say it. A refusal's
    advice is weighed on all the lists gave (how many entities each spelling of a stack owns, say),
    so over a refused plan every list read in pages is read again, as `plan` reads them."""
    try:
        plan = await plan_command(target, request, environ, paged)
        told = await _held_by_json_rpc(target, plan, drift_entries(plan, path))
        return plan, told, lists_read_again(plan, paged)
    except NoSafePlanError as refused:
        plan = refused.plan()
        entries = with_refusals(drift_entries(plan, path, refusals=refused.refusals), refused.refusals)
        if entries is None:
            raise
        return plan, await _held_by_json_rpc(target, plan, entries), set(paged.items)


# A THREAD logger or sensor the REST lists do not show that JSON-RPC holds by its id, as declared: no
# drift known, the lists alone in doubt.
NOT_LISTED_YET = (
    "declared in the manifest; JSON-RPC holds it by its id ({id}), but the REST lists drift reads do not "
    "show it yet (A16 in docs/api-assumptions.md); JSON-RPC answers its type and declared fields as "
    "declared: drift again later, once the lists show it"
)
# One JSON-RPC holds otherwise than declared: drift, whatever the lists show.
HELD_OTHERWISE = (
    "declared in the manifest; JSON-RPC holds it by its id ({id}), which the REST lists drift reads do not "
    "show yet (A16 in docs/api-assumptions.md), otherwise than declared: {how}"
)

# One JSON-RPC holds as declared but for a logger's serial, which nothing shows this platform gives.
HELD_UNCHECKED = (
    "declared in the manifest; JSON-RPC holds it by its id ({id}), which the REST lists drift reads do not "
    "show yet (A16 in docs/api-assumptions.md), as declared but for its serial: {how}"
)


async def _held_by_json_rpc(target: Target, plan: Plan, entries: list[Entry]) -> list[Entry]:
    """A THREAD logger or sensor reported MISSING that JSON-RPC holds by the id iotplan gives it: the
    REST lists drift reads them in may not show a JSON-RPC write yet (A16), as apply tells of one it
    made. Never "not on the platform", which pages someone for an entity that exists: what JSON-RPC
    holds is compared with the manifest, as the plan will once the lists show it, its SERIAL_NO with
    its logger's or sensors' as JSON-RPC answers them. Held as declared, PENDING (nothing known
    wrong); otherwise MODIFIED, drift, which the lists showing it later cannot undo (another writer's
    sensor at the id, another type, name, channel or serial). A held logger's sensors, folded below it
    while it was MISSING, are each looked up alike, and one JSON-RPC does not hold stays MISSING: a
    PENDING logger never hides a sensor that exists nowhere. Only those entries (and a sensor's
    logger) are looked up, in one read a project and kind; a read that fails leaves them MISSING, and
    so does a refusal (its reason says it)."""
    creating = {change.address: change for change in plan.writes if _made_through_json_rpc(change)}
    missing = [
        entry
        for entry in entries
        if entry.status is Status.MISSING and not entry.refused and entry.address in creating
    ]
    if not missing or target.jsonrpc is None:
        return entries
    loggers = {change.address: change for change in plan.changes if change.kind is Kind.DEVICE}
    asked = _asked(creating, loggers, missing)
    families = plan_families(thread_read(plan))  # whether the platform gives loggers their id's serial
    held = _Held(plan.stack, creating, loggers, families, await _entities_held(target.jsonrpc, asked))
    told = {entry.address: held.told(entry) for entry in missing}
    return [each for entry in entries for each in told.get(entry.address, [entry])]


def _asked(
    creating: Mapping[Address, Change], loggers: Mapping[Address, Change], missing: list[Entry]
) -> list[Change]:
    """The changes whose ids are looked up: each missing entry's, those of the sensors folded below
    it, and each sensor's logger (its SERIAL_NO is what theirs is checked against)."""
    asked = [creating[entry.address] for entry in missing]
    asked += [creating[each.address] for entry in missing for each in entry.below if each.address in creating]
    sensors_loggers = [_logger(loggers, change) for change in asked if change.kind is Kind.SENSOR]
    return asked + [logger for logger in sensors_loggers if logger is not None and logger.live_id]


def _logger(loggers: Mapping[Address, Change], sensor: Change) -> Change | None:
    """The plan's change of the logger a sensor's change is under, if the plan has one."""
    parent = sensor.address.parent
    return None if parent is None else loggers.get(parent)


@dataclass(frozen=True)
class _Held:
    """What JSON-RPC answered for the ids looked up (`held`, by id), and how each entry reads so."""

    stack: str
    creating: Mapping[Address, Change]
    loggers: Mapping[Address, Change]  # the plan's logger changes, by address: a sensor's is looked up
    families: Sequence[Family]  # each THREAD logger the plan read with its sensors (`ids_serials_given`)
    held: Mapping[str, Mapping[str, Any]]

    def told(self, entry: Entry) -> list[Entry]:
        """The entry as JSON-RPC holds it; a held logger's with its folded sensors each told apart."""
        change = self.creating[entry.address]
        entity = self.entity(change)
        if entity is None:
            return [entry]
        if change.kind is Kind.SENSOR:
            logger = self.logger_of(change)  # unread, its serial cannot be checked: left MISSING
            return (
                [entry]
                if logger is None
                else [_as_held(entry, change, entity, logger, [], self.loggers.values(), self.families)]
            )
        return self.logger(entry, change, entity)

    def logger(self, entry: Entry, change: Change, entity: Mapping[str, Any]) -> list[Entry]:
        """A held logger, and each sensor folded below it told apart (`sensor`)."""
        folded = [self.creating[each.address] for each in entry.below if each.address in self.creating]
        sensors = [found for each in folded if (found := self.entity(each)) is not None]
        kept = tuple(each for each in entry.below if each.address not in self.creating)
        unfolded = dataclasses.replace(entry, folded=len(kept), below=kept)
        told = _as_held(unfolded, change, entity, None, sensors, self.loggers.values(), self.families)
        return [told, *(self.sensor(each, entity, entry.manifest) for each in folded)]

    def sensor(self, change: Change, logger: Mapping[str, Any], manifest: str) -> Entry:
        """A sensor folded below a held logger, told as JSON-RPC holds it, or MISSING."""
        found = self.entity(change)
        missing = missing_entry(change, manifest, self.stack)
        if found is None:
            reason = NOT_HELD.format(id=change.live_id, logger=logger.get("id"))
            return dataclasses.replace(missing, reason=f"{missing.reason}; {reason}")
        return _as_held(missing, change, found, logger, [], self.loggers.values(), self.families)

    def entity(self, change: Change) -> Mapping[str, Any] | None:
        return self.held.get(str(change.live_id))

    def logger_of(self, change: Change) -> Mapping[str, Any] | None:
        parent = _logger(self.loggers, change)
        return None if parent is None else self.entity(parent)


# A sensor folded below a logger JSON-RPC holds that it holds nothing at: missing, whatever the lists.
NOT_HELD = "JSON-RPC holds its logger ({logger}) but nothing at its own id ({id})"


def _made_through_json_rpc(change: Change) -> bool:
    """A THREAD logger's or sensor's creation: its id is iotplan's to give, and JSON-RPC reads it."""
    return change.action is Action.CREATE and change.on_thread and change.kind in _GETS


_GETS = {Kind.DEVICE: EntityCalls.get_devices, Kind.SENSOR: EntityCalls.get_sensors}


async def _entities_held(client: JsonRpcClient, changes: list[Change]) -> dict[str, Mapping[str, Any]]:
    """Of the changes' ids, the entities JSON-RPC answers for, by id: one read per project and kind."""
    asked: dict[tuple[str, Kind], list[str]] = {}
    for change in changes:
        asked.setdefault((change.project_id, change.kind), []).append(str(change.live_id))
    held: dict[str, Mapping[str, Any]] = {}
    for (project_id, kind), ids in asked.items():
        try:
            found = await _GETS[kind](client.in_project(project_id), ids)
        except IotplanError:  # unread: told as the lists show it
            continue
        held.update((str(entity.get("id")), entity) for entity in found if isinstance(entity, dict))
    asked_for = {str(change.live_id) for change in changes}
    return {entity_id: entity for entity_id, entity in held.items() if entity_id in asked_for}


def _as_held(
    entry: Entry,
    change: Change,
    entity: Mapping[str, Any],
    logger: Mapping[str, Any] | None,
    sensors: list[Mapping[str, Any]],
    loggers: Iterable[Change],
    families: Sequence[Family],
) -> Entry:
    live_id = str(change.live_id)
    unlike = held_unlike(change, entity, logger, sensors, families)
    identity = held_identity(change, entity, loggers)
    notes = [note for note in (identity.elsewhere, unlike.serial or identity.serial) if note]
    if unlike.retyped is not None or unlike.fields or notes:
        return _held_otherwise(entry, change, live_id, unlike, notes)
    if identity.unchecked is not None:
        return _held_unchecked(entry, live_id, identity.unchecked)
    return _not_listed_yet(entry, live_id)


def _not_listed_yet(entry: Entry, live_id: str) -> Entry:
    """PENDING, with no count: none was read of it (`observations` null, format 1.4)."""
    reason = NOT_LISTED_YET.format(id=live_id)
    return dataclasses.replace(
        entry,
        status=Status.PENDING,
        severity=Severity.LOW,
        reason=reason,
        live_id=live_id,
        observations=0,
        observations_unknown=True,
    )


def _held_unchecked(entry: Entry, live_id: str, note: str) -> Entry:
    """NOT_CHECKED, as the listed logger reads (plan/thread_identity.py `logger_identity_lost`)."""
    return dataclasses.replace(
        _not_listed_yet(entry, live_id),
        status=Status.NOT_CHECKED,
        severity=Severity.INFO,
        reason=HELD_UNCHECKED.format(id=live_id, how=note),
    )


def _held_otherwise(
    entry: Entry, change: Change, live_id: str, unlike: HeldUnlike, notes: list[str]
) -> Entry:
    """MODIFIED: high where its type or a field saying how its history reads (its channel) differs."""
    said = (
        [f"its {joined([field.path for field in unlike.fields])} read otherwise (below)"]
        if unlike.fields
        else []
    )
    if unlike.retyped is not None:
        said.insert(0, RETYPED.format(live=unlike.retyped, declared=change.template))
    said += notes
    found = [Difference(field.path, field.after, field.before) for field in unlike.fields]
    if unlike.retyped is not None:
        found.insert(0, Difference("type", change.template, unlike.retyped))
    rereads = unlike.retyped is not None or any(field.rereads_history for field in unlike.fields)
    return dataclasses.replace(
        entry,
        status=Status.MODIFIED,
        severity=Severity.HIGH if rereads else Severity.MEDIUM,
        reason=HELD_OTHERWISE.format(id=live_id, how="; ".join(said)),
        live_id=live_id,
        differences=tuple(found),
    )


# A17: what `plan` refuses once the lists show the entity.
RETYPED = (
    "a {live} there, declared a {declared}, and a type cannot be changed (`plan` refuses it once the lists "
    "show it): give this entity another key (or `id`), or declare its type"
)


async def _refuse_lists_changed(
    target: Target, read_again: list[tuple[PagedLists, set[tuple[str, str]]]], parallelism: int
) -> None:
    """A MISSING entry, an ORPHANED one or a replacement (what it destroys) read through a list that
    may have lost an item to another writer's removal between its pages rests on what that list left
    out: a live device reported missing pages someone at night; a refusal's advice, on every list.
    Those lists are read again as a plan's are, and a list that lost an entity stops the report, a
    read that went wrong (exit 1, as a connection listed but gone when read), not drift (2). Every
    manifest read each list through the one read the run shares (the client's connection list,
    SharedLists), so each list is read again once, after every manifest is read, for all the
    manifests whose entries rest on it, not once a manifest: 50 sites of a 100,000-sensor project,
    200 requests, not 10,000. A report with nothing of the kind reads nothing more."""
    wanted = {key for _, lists in read_again for key in lists}
    await refuse_lists_changed_under(target, _one_read(read_again), wanted, parallelism, DRIFT_READ)


def _one_read(read_again: list[tuple[PagedLists, set[tuple[str, str]]]]) -> PagedLists:
    """The shared read's items of each list some manifest's entries rest on: every manifest that
    noted a list noted that same read."""
    merged = PagedLists()
    for paged, lists in read_again:
        merged.items.update((key, paged.items[key]) for key in lists if key in paged.items)
    return merged


def refuse_shared_stacks(manifests: list[tuple[str, DesiredState]]) -> None:
    """Two manifests of one stack that list one project, read against one platform, each call what the
    other declares there orphaned: one report would say the same entity is in sync and about to be
    removed. Two that list no project in common are read together (apart_stacks warns of them)."""
    clashes = [shared for shared in _shared_stacks(manifests) if shared.clash]
    if clashes:
        raise IotplanError(".\n".join(str(each) for each in clashes) + ".")


def apart_stacks(manifests: list[tuple[str, DesiredState]]) -> list[SharedStack]:
    """Manifests of one stack that list no project in common: each blind to the others' projects."""
    return [shared for shared in _shared_stacks(manifests) if not shared.clash]


def _shared_stacks(manifests: list[tuple[str, DesiredState]]) -> list[SharedStack]:
    return shared_stacks((path, desired.stack, desired.project_ids) for path, desired in manifests)


def site_locations(path: str, desired: DesiredState) -> dict[tuple[str, str], Coordinates]:
    """Each connection's declared location: where the report puts its site on a map."""
    located: dict[tuple[str, str], Coordinates] = {}
    for node in desired.nodes:
        location = node.fields.get("location")
        if isinstance(location, dict) and "lat" in location and "lon" in location:
            located[(path, node.connection)] = Coordinates(float(location["lat"]), float(location["lon"]))
    return located
