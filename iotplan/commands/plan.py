"""iotplan plan: read what the desired state needs from the platform and its gateways, and diff.

Writes nothing. The manifest is loaded before the target is opened (`inputs.load_desired`), so
a broken manifest never touches a platform, not even the embedded one's file.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from iotplan import __version__
from iotplan.clients.observe import say_reads_done
from iotplan.clients.target import Target
from iotplan.collector import give_back_freed_memory
from iotplan.commands.refusal_places import declared_where
from iotplan.errors import (
    CatalogError,
    NoSafePlanError,
    PlanError,
    PlatformError,
    SelectionError,
    UnreadProjectError,
)
from iotplan.live import Catalog, LiveConnection, LiveEntity, LiveGateway, LiveState
from iotplan.live.counts import (
    count_uncounted,
    devices_and_sensors,
    doubt_zero_counts,
    sensors_under,
    uncounted_by_connection,
    why_uncounted_under,
)
from iotplan.live.gateways import read_gateway
from iotplan.live.read import DEVICES, NODES, SENSORS, PagedLists, changed_since, read_live, read_unread
from iotplan.manifest.models import SECRET_FIELDS
from iotplan.manifest.thread import thread_serial
from iotplan.plan.address import Address
from iotplan.plan.catalog import (
    CatalogNote,
    check_catalog,
    kept_unless_recreated,
    located_message,
    warned_and_let_go,
)
from iotplan.plan.copies import copies_made_meanwhile
from iotplan.plan.coverage import Shard
from iotplan.plan.desired import DesiredEntity, DesiredState, walk
from iotplan.plan.edge import desired_edge_settings, logger_ports_powered
from iotplan.plan.guards import LISTED, refuse_unset_secrets
from iotplan.plan.model import Action, Cause, Change, Kind, Plan, PlanOptions
from iotplan.plan.ownership import Ownership
from iotplan.plan.shard import make_shard_plan, shard_desired, shard_scopes
from iotplan.plan.traded_names import pinned_updates
from iotplan.secrets import ENV_REFERENCE, CredentialSpellings, lookup_secret
from iotplan.wording import first, first_lines


@dataclass(frozen=True)
class PlanRequest:
    desired: DesiredState
    options: PlanOptions = PlanOptions()
    parallelism: int = 16
    # A plan that needs an unset secret cannot run: refused, so nobody approves it. Drift, which
    # only reports, compares what it can.
    require_secrets: bool = True
    shard: Shard | None = None  # --shard: only this shard's connections are read and planned
    # A list read in pages is read again where the plan creates, removes or replaces
    # (refuse_lists_changed_under): a plan must not create what a page boundary hid, nor leave it out
    # of what a removal destroys. Drift reads them again itself, its refused plans too, in its words.
    recheck_paged_lists: bool = True
    # An apply's verifying plan: the devices and sensors that apply made, whose copies under
    # connections the plan does not manage it tells too (plan/copies.py `copies_made_meanwhile`).
    made: tuple[Change, ...] = ()


@dataclass
class PropsRead:
    """For a caller that compares entities' props across two reads (apply's verifying read, A2):
    filled with the props the read found of each entity `of` names by live id, or, `of` None, of each
    entity the apply writes props of (`props_written`: those it updates, and devices sent as they
    stand). The read's own mappings, not copies (a sweeping update's 100,000), kept only as long as the
    caller keeps this."""

    of: frozenset[str] | None = None
    props: dict[str, Mapping[str, Any]] = dataclasses.field(default_factory=dict)

    def fill(self, live: LiveState, plan: Plan) -> None:
        wanted = self.of if self.of is not None else _props_written_ids(plan)
        if not wanted:
            return
        for project in live.projects.values():
            for connection in project.connections.values():
                for entity in _entities(connection):
                    if entity.id in wanted:
                        self.props[entity.id] = entity.props


def _held_forms_noted(plan: Plan, live: LiveState, read: PropsRead) -> Plan:
    """The plan, each write that resends a prop as the platform holds it in a form the reference does
    not give (text coordinates) noted on its line, as data (`held_forms`) and in words made from it
    (apply/bodies.py `held_form_notes`, `held_forms_noted`): a platform that refuses that form refuses
    the write, and a plan shows what the apply does. A note, not a refusal: whether this platform
    refuses that form the plan cannot know (the one that stored it may take it back), and a refusal
    writes nothing, so no data rests on it. `read`: an unfilled `PropsRead` of
    the entities the apply writes props of (`of` None), filled here when there are any."""
    if not plan.writes:
        return plan  # nothing resent: a no-op plan never loads apply's bodies
    # apply's: a plan alone need not load it
    from iotplan.apply.bodies import held_form_notes, held_forms_noted

    read.fill(live, plan)
    notes = held_form_notes(plan.changes, read.props) if read.props else {}
    if not notes:
        return plan
    changes = tuple(
        held_forms_noted(change, notes[change.address]) if change.address in notes else change
        for change in plan.changes
    )
    return dataclasses.replace(plan, changes=changes)


def _props_written_ids(plan: Plan) -> frozenset[str]:
    from iotplan.apply.bodies import props_written  # apply's: a plan alone need not load it

    return frozenset(change.live_id for change in props_written(plan.changes) if change.live_id)


def _entities(connection: LiveConnection) -> Iterator[LiveEntity]:
    yield connection.node
    yield from connection.devices
    yield from connection.every_sensor()


async def plan_command(
    target: Target,
    request: PlanRequest,
    environ: Mapping[str, str],
    paged: PagedLists | None = None,
    props_read: PropsRead | None = None,
) -> Plan:
    """`paged`: filled with the lists the read may have missed an item of, for a caller that reads
    them again itself (drift); `props_read`: with entities' props as read (apply)."""
    parallelism, shard = request.parallelism, request.shard
    read_at = read_began()
    secret = lambda reference: lookup_secret(reference, environ)  # noqa: E731
    refuse_secrets_held_elsewhere(request.desired.nodes, secret)
    desired = shard_desired(request.desired, shard)
    if request.options.destroy:
        desired = nothing_but_adoptions(desired)
    mine = desired.nodes
    scopes = shard_scopes(desired, shard)
    paged = PagedLists() if paged is None else paged
    live, gateways = await asyncio.gather(
        read_live(
            target.client,
            scopes,
            target=target.description,
            parallelism=parallelism,
            known=walk(mine),
            paged=paged,
            moved_from=_moved_from(desired),
        ),
        read_gateways(target.open_gateway, mine, parallelism),
    )
    live.gateways = gateways
    say_reads_done()
    give_back_freed_memory()  # before the diff builds on the read's leftovers
    if request.options.destroy:
        desired = adoptions_found(desired, live)
    notes = _check_catalog(desired, live.catalog, live) if live.catalog is not None else ()
    make = lambda: make_shard_plan(desired, live, request.options, shard, resolve_secret=secret)  # noqa: E731
    read_rest = lambda: _plan_read_where_it_creates(target, live, make, parallelism, paged)  # noqa: E731
    try:
        counted_plan = await _counted_plan(target, live, read_rest)
    except NoSafePlanError as refused:
        if request.recheck_paged_lists:  # what a refusal names may be what a page boundary hid
            await refuse_lists_changed_under(target, paged, set(paged.items), parallelism)
        raise _noted_refusal(refused, warned_and_let_go(notes), desired) from None
    notes = kept_unless_recreated(counted_plan, notes)
    if request.recheck_paged_lists:
        await refuse_lists_changed_under(target, paged, lists_read_again(counted_plan, paged), parallelism)
    plan = dataclasses.replace(
        counted_plan,
        target_identity=target_identity(target),
        target_rpc_endpoint=getattr(target, "rpc_identity", ""),
        made_by=__version__,
        read_at=read_at,
        catalog_notes=notes,
        pinned_connections=pinned_updates(counted_plan.changes, desired.nodes),
    )
    # Apply's own `PropsRead` of every entity written is the one the notes need: filled once, as a
    # walk of the whole read; what follows changes no change's action or kind, so whom it names.
    read = props_read if props_read is not None and props_read.of is None else PropsRead()
    plan = _held_forms_noted(plan, live, read)
    if request.options.destroy:
        refuse_destroying_protected(plan, request.desired)
        refuse_destroying_adopted(plan, request.desired, live)
        plan = dataclasses.replace(plan, changes=tuple(_said_destroyed(change) for change in plan.changes))
    if request.require_secrets:
        refuse_unset_secrets(plan, secret, lambda unset: declared_where(desired, unset))
    if props_read is not None and props_read is not read:
        props_read.fill(live, plan)
    if request.made:
        copies = copies_made_meanwhile(request.made, live.projects, plan, Ownership(desired.stack))
        plan = dataclasses.replace(plan, changes=(*plan.changes, *copies)) if copies else plan
    return plan


def refuse_secrets_held_elsewhere(
    nodes: Iterable[DesiredEntity], resolve: Callable[[str], str | None]
) -> None:
    """Stop, before any read or write, where a field that is no secret prop (a name, notes, a URL) holds
    the value an `${env:NAME}` in a secret prop resolves to, in any spelling masking reads
    (secrets.CredentialSpellings: another case, base64, hex, percent- or JSON-escaped, a slice): the plan
    would show it, or hide the field as `(sensitive)` and so what apply writes in clear, and neither plan
    can be reviewed. Names the field and the reference, never the value. A saved plan's apply plans
    again from its manifest (commands/apply.py), so meets this stop too."""
    entities = list(walk(list(nodes)))
    secrets = _resolved_secrets(entities, resolve)
    if not secrets:
        return
    spellings = CredentialSpellings()
    for value, reference in secrets.items():
        spellings.add(value, (reference, ""))
    # Each text once, the first field holding it named: a fleet's sensors repeat their names, units
    # and notes, and each text is read decoded and folded, against every length a spelling has.
    for text, (address, field) in _texts_where(entities).items():
        if found := spellings.found_in(text):
            raise PlanError(_held_elsewhere_said(address, field, found[0]))


def _resolved_secrets(entities: list[DesiredEntity], resolve: Callable[[str], str | None]) -> dict[str, str]:
    """Each value a secret prop's reference resolves to (one shorter than SHORTEST_MASKED is no
    spelling CredentialSpellings reads), with the first reference giving it."""
    secrets: dict[str, str] = {}
    for entity in entities:
        for name in SECRET_FIELDS:
            if isinstance(reference := entity.fields.get(name), str) and (value := resolve(reference)):
                secrets.setdefault(value.strip(), reference)
    return secrets


def _texts_where(entities: list[DesiredEntity]) -> dict[str, tuple[Address, str]]:
    """Each text of a field that is no secret prop, with the first entity and field holding it."""
    where: dict[str, tuple[Address, str]] = {}
    for entity in entities:
        for name, field in entity.fields.items():
            if name not in SECRET_FIELDS:
                for text in _texts(field):
                    where.setdefault(text, (entity.address, name))
    return where


def _held_elsewhere_said(address: Address, field: str, reference: str) -> str:
    """The stop's message: a false match (a field's text that only spells like the token) needs a way
    out too, and a new token is one that needs no edit of the field."""
    variable = match.group(1) if (match := ENV_REFERENCE.fullmatch(reference)) else reference
    return (
        f"{address}: {field} holds the value {reference} gives, as written or spelled otherwise (another "
        "case from 12 characters, base64, hex, percent- or JSON-escaped, 12 characters of it): a plan shows "
        f"what it writes, so it would show the secret, or hide {field} and apply would write it unreviewed. "
        f"Keep the secret out of other fields; if {field} holds none and only looks alike, set a new token "
        f"in {variable} (and give its feed the new one)"
    )


def _texts(value: Any) -> Iterator[str]:
    """The strings within a field's value (a list's, a mapping's keys and values)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            yield from _texts(key)
            yield from _texts(inner)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _texts(inner)


def _moved_from(desired: DesiredState) -> list[str]:
    """The refIds the `moved` renames' writes go by (their entities' before the rename): nearly
    always none, and then no walk of the manifest."""
    if not desired.moved:
        return []
    return [entity.old_ref_id for entity in walk(desired.nodes) if entity.old_ref_id]


def read_began() -> datetime:
    """Now, in UTC, to the second: a plan's or report's `read_at`, taken as its read begins, since
    what changes on the platform after that may or may not be in what it read."""
    return datetime.now(UTC).replace(microsecond=0)


def _check_catalog(desired: DesiredState, catalog: Catalog, live: LiveState) -> tuple[CatalogNote, ...]:
    """check_catalog, its problems told at the manifest's line and column when they can be."""
    try:
        return check_catalog(desired.nodes, catalog, live)
    except CatalogError as error:
        raise CatalogError(located_message(desired.source, error.problems), error.problems) from None


def _noted_refusal(
    refused: NoSafePlanError, notes: tuple[CatalogNote, ...], desired: DesiredState
) -> NoSafePlanError:
    """The refusal, each told where the manifest declares what it is about, its plan as diffed with
    the catalog's notes: drift reports that plan."""
    diffed = refused.plan
    return NoSafePlanError(
        declared_where(desired, refused.refusals),
        lambda: dataclasses.replace(diffed(), catalog_notes=notes),
    )


async def _counted_plan(target: Target, live: LiveState, make: Callable[[], Awaitable[Plan]]) -> Plan:
    """The plan (`_plan_counting`), each change weighed by a count still unknown told why
    (`_with_uncounted_why`), and each weighing one JSON-RPC was asked for said so
    (`_with_counts_asked`)."""
    asked: set[str] = set()
    plan = await _plan_counting(target, live, make, asked)
    return _with_uncounted_why(_with_counts_asked(plan, live, asked), live)


async def _plan_counting(
    target: Target, live: LiveState, make: Callable[[], Awaitable[Plan]], asked: set[str]
) -> Plan:
    """The plan; when it would destroy entities, or change the
    data model of sensors, whose counts REST did not give (or could not decide for want of them),
    those counts are read through JSON-RPC and the plan made again. So are REST's counts of 0 on
    what it removes, replaces or changes the data model of (`_doubt_rest_zeros`). `asked` gains the
    ids of the devices and sensors whose counts JSON-RPC was asked for."""
    try:
        plan = await make()
    except SelectionError:
        raise  # a --target that matches nothing, say: reading a million counts would not change it
    except PlanError as refused:
        doubted = _doubted_in_refused(live, refused)
        found, devices, sensors = await _read_missing_counts(target, live, list(live.projects), asked)
        if not found and not doubted:
            raise
        plan, blind = await make(), set()  # every project's uncounted were asked for
        settled = {entity.id for entity in (*devices, *sensors)}  # JSON-RPC's counts now
    else:
        blind, settled = {c.project_id for c in plan.changes if c.needs_a_count}, set()
    doubted = _doubt_rest_zeros(live, plan, settled)
    if not blind and not doubted:
        return plan
    projects = sorted(blind | doubted.keys())
    found, devices, sensors = await _read_missing_counts(target, live, projects, asked)
    if not blind and _as_first_made(devices, sensors, doubted):
        # A sweeping unit change of 100,000 sensors that never reported: 3 s not spent again.
        return plan
    return await make() if found or doubted else plan


def _with_uncounted_why(plan: Plan, live: LiveState) -> Plan:
    """The plan, each removal and data-model change whose count is unknown told why, as its read
    knows (`Change.uncounted_why`): an apply holding a saved plan to it advises by it."""
    weighed = [change for change in plan.changes if change.needs_a_count and change.live_id]
    if not weighed:
        return plan
    taken = _sensors_taken(live, plan, weighed)
    why = {
        change.address: {"uncounted_why": why_uncounted_under(*taken[str(change.live_id)])}
        for change in weighed
        if str(change.live_id) in taken
    }
    return _changes_given(plan, why)


def _with_counts_asked(plan: Plan, live: LiveState, asked: set[str]) -> Plan:
    """The plan, each removal and data-model change whose history's count JSON-RPC was asked for
    (`asked`: `_weighs_one_asked`) said so (`Change.counted_through_rpc`): where REST gives no count,
    one above 0 is JSON-RPC's too, which its counts alone do not tell the estimate (plan/impact.py)."""
    if not asked:  # most plans: REST's counts served, nothing to walk
        return plan
    weighed = [c for c in plan.changes if c.live_id and (c.action.destroys or c.touches_data_model)]
    taken = _sensors_taken(live, plan, weighed)
    through_rpc = {
        change.address: {"counted_through_rpc": True}
        for change in weighed
        if _weighs_one_asked(change, taken.get(str(change.live_id)), asked)
    }
    return _changes_given(plan, through_rpc)


def _changes_given(plan: Plan, given: Mapping[Address, Mapping[str, Any]]) -> Plan:
    """The plan, each change at an address of `given` with the fields given there."""
    if not given:
        return plan
    changes = tuple(
        dataclasses.replace(change, **given[change.address]) if change.address in given else change
        for change in plan.changes
    )
    return dataclasses.replace(plan, changes=changes)


def _weighs_one_asked(
    change: Change, taken: tuple[LiveConnection, list[LiveEntity]] | None, asked: set[str]
) -> bool:
    """Whether JSON-RPC was asked the count of a sensor the change takes (`taken`: `_sensors_taken`'s),
    which the apply's recount asks again (live/counts.py `counted_again`), or, where it takes none, of
    what it is about (a device, a connection's devices). A device's own count asked beside sensors
    REST counted is left out: the project's read asks every count REST left out, and the recount
    does not ask it again, as its sensors' counts settle what it holds."""
    sensors = taken[1] if taken is not None else []
    if sensors:
        return any(sensor.id in asked for sensor in sensors)
    devices = taken[0].devices if taken is not None and change.kind is Kind.NODE else []
    return change.live_id in asked or any(device.id in asked for device in devices)


def _sensors_taken(
    live: LiveState, plan: Plan, changes: list[Change]
) -> dict[str, tuple[LiveConnection, list[LiveEntity]]]:
    """By the live id of each of these changes of the plan, its connection and the sensors a write
    to it takes (live/counts.py `sensors_under`): only the changes' own connections are walked,
    each found by the live id of its connection's change (kept for its id, as a no-op if need be)."""
    asked: dict[tuple[str, str], set[str]] = {}
    for change in changes:
        asked.setdefault((change.project_id, change.connection), set()).add(str(change.live_id))
    found: dict[str, tuple[LiveConnection, list[LiveEntity]]] = {}
    for node in plan.changes:
        ids = (
            asked.get((node.project_id, node.connection)) if node.kind is Kind.NODE and node.live_id else None
        )
        connection = _counted_connection(live, node.project_id, str(node.live_id)) if ids else None
        if connection is not None and ids:
            found.update((i, (connection, sensors)) for i, sensors in sensors_under(connection, ids).items())
    return found


def _counted_connection(live: LiveState, project_id: str, node_id: str) -> LiveConnection | None:
    """The connection of `_counted_connections` with this id, if it is one."""
    return next((each[node_id] for each in _counted_by_id(live, project_id) if node_id in each), None)


def _doubted_in_refused(live: LiveState, refused: PlanError) -> dict[str, set[str]]:
    """`_doubt_rest_zeros` of a refused plan's diff: drift reports it, and its removals' REST 0s are
    no more a count there. So are the REST 0s a refusal's words rest on (`Refusal.weighs`: a `moved`
    rename onto a live entity, told made or not by what each of the two holds), which the diff's
    removals may leave out (a --target naming the moved entity alone): taken as REST gave them, a
    stray holding history not counted yet would be offered for removal first, and an old one holding
    some would look made, its entry to be deleted. The diff's own are left out
    where it is refused too (a --target or --exclude that cannot stand alone): the refusal, which
    may be why, is said first, as plan/select.py orders them."""
    if not isinstance(refused, NoSafePlanError):
        return {}
    weighed = [each for refusal in refused.refusals for each in refusal.weighs]
    try:
        diffed: Plan | None = refused.plan()
    except PlanError:
        diffed = None
    return _doubt_rest_zeros(live, diffed, weighed=weighed)


def _as_first_made(
    devices: list[LiveEntity], sensors: list[LiveEntity], doubted: dict[str, set[str]]
) -> bool:
    """Whether the counts JSON-RPC gave these (the uncounted, asked for) leave the live state as the
    plan's first diff read it, so that diffing again would make the same plan: every sensor asked
    for was a 0 of REST's doubted (`doubted`: their ids by project) and JSON-RPC counts it 0 too,
    and no device gained a count above 0 (a device's own count only raises a total its sensors'
    counts settle, as the larger of the two: live/model.py `Observations.of_tree`, so its 0 and none
    weigh alike)."""
    zeros = set().union(*doubted.values())
    return all(s.id in zeros and s.observations == 0 for s in sensors) and not any(
        d.observations for d in devices
    )


def _doubt_rest_zeros(
    live: LiveState,
    plan: Plan | None,
    settled: Collection[str] = (),
    weighed: Iterable[tuple[str, str]] = (),
) -> dict[str, set[str]]:
    """By project, the ids of what a write takes that REST counted at 0 (a removal or replacement, a
    sensor's metrics or units, a THREAD entity's channel, zero date or mode), those counts dropped
    (live/counts.py `doubt_zero_counts`) to be read through JSON-RPC, whose objects tell a 0 an
    upload has not reached yet by its LAST_OBSERVATION, as the apply reads them again before
    writing. Whether or not the change holds data besides: the apply's recount doubts every
    removal's, and a total short of a lagging sensor's is no count of what it destroys. Taken as
    REST gave them, a sensor that had just reported was removed as holding nothing, without
    --allow-destroy; a THREAD's changes, shown needing no --allow-data-model-change, were refused
    by their unit on every run. `settled`: the ids whose counts JSON-RPC gave already, left as they are.
    `weighed`: more (project id, live id) whose 0s are doubted so, a refusal's (`_doubted_in_refused`)."""
    unweighed: dict[str, set[str]] = {}
    for project_id, live_id in weighed:
        unweighed.setdefault(project_id, set()).add(live_id)
    # The removals found once for the plan (`Plan.destroying`), then the data-model changes: each
    # project's ids go to a set, which the order they come in leaves as it is.
    changes = () if plan is None else (*plan.destroying, *(c for c in plan.changes if c.touches_data_model))
    for change in changes:
        if change.live_id:
            unweighed.setdefault(change.project_id, set()).add(change.live_id)
    doubted = {
        project_id: doubt_zero_counts(_counted_connections(live, project_id), entity_ids, settled)
        for project_id, entity_ids in unweighed.items()
    }
    return {project_id: ids for project_id, ids in doubted.items() if ids}


def _counted_connections(live: LiveState, project_id: str) -> list[LiveConnection]:
    """The project's connections whose removals and writes a plan weighs by their counts
    (`_counted_by_id`)."""
    return [connection for each in _counted_by_id(live, project_id) for connection in each.values()]


def _counted_by_id(live: LiveState, project_id: str) -> tuple[Mapping[str, LiveConnection], ...]:
    """The project's connections whose removals and writes a plan weighs by their counts, by id:
    those it declares, and those holding its orphans."""
    project = live.projects[project_id]
    return project.connections, project.strays


async def _plan_read_where_it_creates(
    target: Target, live: LiveState, make: Callable[[], Plan], parallelism: int, paged: PagedLists
) -> Plan:
    """The plan, once every project where it creates devices or sensors is read whole: a refId is
    never created while a live entity carries it (plan/copies.py). Only such a plan, in a project
    where the read left connections unread (another stack's, another shard's, a THREAD's), costs
    the project's device and sensor lists; a plan creating nothing reads nothing more. The plan
    then resumes where it stopped, without diffing again."""
    try:
        return make()
    except UnreadProjectError as unread:
        for project_id, ref_ids in unread.ref_ids.items():
            await read_unread(target.client, live.projects[project_id], ref_ids, parallelism, paged)
        return unread.resume()


_LIST_OF = {Kind.NODE: NODES, Kind.DEVICE: DEVICES, Kind.SENSOR: SENSORS}
# The lists a removal of each kind counts what it takes from, where the lists gave it.
_TAKEN_FROM = {Kind.NODE: (DEVICES, SENSORS), Kind.DEVICE: (SENSORS,)}


# Who read the lists in pages, and what an item missed there made it get wrong: the stop's words.
PLAN_READ = (
    "the plan read these lists in pages, so it may have missed a live one, planned it as new or left "
    "it out of what a removal destroys"
)


async def refuse_lists_changed_under(
    target: Target, paged: PagedLists, lists: set[tuple[str, str]], parallelism: int, read: str = PLAN_READ
) -> None:
    """A plan creating connections, devices or sensors in a project whose list of that kind may have
    lost an item to a removal between its pages (live/read.py PagedLists) reads that list again: the
    missed live entity would be created again. So does a plan removing (or replacing) a connection
    or device whose devices and sensors the lists gave: one missed would be left out of what the
    removal destroys (7,000 observations shown as none). `lists_read_again` names those lists; an id
    read then and gone now stops the plan (or drift's report: `read` says whose read, and what it got
    wrong). A plan doing neither, or lists that could hide nothing, read nothing more."""
    changed = await changed_since(target.client, paged, lists, parallelism)
    if changed:
        # A shard's list may only have gained entities: made meanwhile, or moved into sight by a
        # removal between its pages; "removed" alone would send the user looking for a removal.
        how = "removed" if any(each.lost for each in changed) else "made or removed"
        raise PlatformError(
            f"entities were {how} while {read}; run it again once the other writer is done:\n"
            + first_lines([each.said for each in changed], 5)
        )


def lists_read_again(plan: Plan, paged: PagedLists) -> set[tuple[str, str]]:
    """(project id, list) of the lists whose missed item would make the plan wrong: where it creates
    (drift: MISSING), and where what it removes or replaces was counted from the lists (drift:
    ORPHANED, or a replacement's observations)."""
    created = {
        (change.project_id, _LIST_OF[change.kind])
        for change in plan.changes
        if change.action is Action.CREATE and change.kind in _LIST_OF
    }
    counted = {
        (change.project_id, kind)
        for change in plan.destroying
        if change.project_id in paged.filled
        for kind in _TAKEN_FROM.get(change.kind, ())
    }
    return created | counted


async def _read_missing_counts(
    target: Target, live: LiveState, project_ids: list[str], asked: set[str]
) -> tuple[int, list[LiveEntity], list[LiveEntity]]:
    """How many counts JSON-RPC gave for the uncounted devices and sensors of these projects, and
    those devices and sensors (what it was asked for, where there is one, their ids added to
    `asked`): each project's sensors walked once for both."""
    found, devices, sensors = 0, [], []
    for project_id in project_ids:
        asked_of = uncounted_by_connection(_counted_connections(live, project_id))
        each = devices_and_sensors(asked_of)
        devices += each[0]
        sensors += each[1]
        if target.jsonrpc is not None:
            found += await count_uncounted(target.jsonrpc.in_project(project_id), asked_of, target.endpoints)
            asked.update(entity.id for entity in (*each[0], *each[1]))
    return found, devices, sensors


def nothing_but_adoptions(desired: DesiredState) -> DesiredState:
    """What --destroy plans against: no entity of the stack's own, so all it owns is removed, with
    every guard a removal has. What the manifest adopted is not the stack's to remove: a connection
    adopted by `id` stays, and so do the devices and sensors in it adopted by a `ref_id:` not the
    stack's own (with nothing declared in them, so nothing of them is written); the stack's entities
    in them go. Left undeclared, an adopted entity would read as unmanaged, and --prune-unmanaged
    would remove it."""
    own = f"{desired.stack}:"
    adopted = [_identity_only(node, own) for node in desired.nodes if node.pinned_id]
    elsewhere = tuple(dataclasses.replace(other, devices=()) for other in desired.elsewhere if other.adopted)
    # project_ids already names every project the manifest declares: each is still read.
    return dataclasses.replace(desired, nodes=adopted, elsewhere=elsewhere)


def _identity_only(entity: DesiredEntity, own: str) -> DesiredEntity:
    """The entity with nothing declared but what finds it, and its children adopted by a `ref_id:`
    not the stack's own (`own`, its prefix): a THREAD's are found by the ids the stack gives them."""
    children = tuple(
        _identity_only(child, own)
        for child in entity.children
        if not child.on_thread and not child.ref_id.startswith(own)
    )
    particulars = entity.particulars._replace(edge=None)
    return dataclasses.replace(entity, fields={}, template=None, children=children, particulars=particulars)


def adoptions_found(desired: DesiredState, live: LiveState) -> DesiredState:
    """The --destroy desired state without the adopted devices and sensors not found under their
    declared parent: a destroy creates nothing, and what is not there cannot be kept."""
    return dataclasses.replace(desired, nodes=[_found(node, live) for node in desired.nodes])


def _found(node: DesiredEntity, live: LiveState) -> DesiredEntity:
    connection = live.projects[node.project_id].connections.get(node.pinned_id or "")
    if connection is None:
        return node  # the plan says that the pinned connection is missing
    devices = []
    for device in node.children:
        copies = [each for each in connection.devices if each.ref_id == device.ref_id]
        if copies:
            carried = {sensor.ref_id for copy in copies for sensor in connection.sensors_of(copy)}
            sensors = tuple(sensor for sensor in device.children if sensor.ref_id in carried)
            devices.append(dataclasses.replace(device, children=sensors))
    return dataclasses.replace(node, children=tuple(devices))


def _said_destroyed(change: Change) -> Change:
    """`--destroy` where the plan would say `not in the manifest`: the manifest still declares it."""
    if change.cause is not Cause.NOT_IN_MANIFEST:
        return change
    return dataclasses.replace(change, reason=change.reason.replace("not in the manifest", "--destroy", 1))


def refuse_destroying_protected(plan: Plan, desired: DesiredState) -> None:
    """`protect: true` holds under --destroy too: the manifest must drop it first."""
    protected = {entity.address for entity in walk(desired.nodes) if entity.protect}
    hit = sorted(
        str(address)
        for change in plan.changes
        if change.action.destroys
        for address in (change.address, *change.collateral)
        if address in protected
    )
    if hit:
        raise PlanError(
            f"--destroy would remove protected {first(hit, LISTED)}: "
            "remove `protect: true` from the manifest first"
        )


def refuse_destroying_adopted(plan: Plan, desired: DesiredState, live: LiveState) -> None:
    """What the manifest adopts by a `ref_id:` not the stack's own stays under --destroy: a removal
    that would take it (of the stack's own connection or device it sits in, or --prune-unmanaged
    where it sits elsewhere) is refused, --prune-unmanaged or not: that flag is for what no manifest
    entry names."""
    adopted = _adopted_by_ref_id(desired)
    removed = {change.live_id: change.address for change in plan.changes if change.action.destroys}
    if not adopted or not removed:
        return
    taken = []
    for entity, lineage in _live_devices_and_sensors(live):
        # The removal that takes it: of its connection, its device, or itself.
        holder = next((removed[each] for each in lineage if each in removed), None)
        if holder is not None and entity.ref_id in adopted:
            taken.append(f"{adopted[entity.ref_id]} (SERIAL_NO {entity.ref_id!r}) with {holder}")
    if taken:
        raise PlanError(
            f"--destroy would remove {first(taken, LISTED, '; ')}, though the manifest "
            f"adopts {'them' if len(taken) > 1 else 'it'} (what a manifest adopted stays under --destroy): "
            "to keep it, fence its parent off with --exclude; to let it go, drop it from the manifest "
            "first (--prune-unmanaged then takes it)"
        )


def _adopted_by_ref_id(desired: DesiredState) -> dict[str, Address]:
    """The devices and sensors the manifest adopts by a `ref_id:` not the stack's own, by refId."""
    own = f"{desired.stack}:"
    return {
        entity.ref_id: entity.address
        for entity in walk(desired.nodes)
        if entity.kind is not Kind.NODE and not entity.on_thread and not entity.ref_id.startswith(own)
    }


def _live_devices_and_sensors(live: LiveState) -> Iterator[tuple[LiveEntity, tuple[str, ...]]]:
    """Every live device and sensor read, with the ids of its connection, its device and itself."""
    for project in live.projects.values():
        for connection in project.connections.values():
            for device in connection.devices:
                yield device, (connection.node.id, device.id)
                for sensor in connection.sensors_of(device):
                    yield sensor, (connection.node.id, device.id, sensor.id)


async def read_gateways(
    open_gateway: Callable[[str], Any], nodes: list[DesiredEntity], parallelism: int
) -> dict[str, LiveGateway]:
    """Each declared THREAD, concurrently: only the settings its manifest names are read."""
    limit = asyncio.Semaphore(parallelism)
    declared = [node for node in nodes if node.edge is not None and node.pinned_id]

    async def one(node: DesiredEntity) -> LiveGateway:
        assert node.edge is not None and node.pinned_id is not None
        # and the power of a port a logger is declared on, undeclared: a logger there may get no readings
        ports = (device.fields.get("port") for device in node.children)
        wanted = set(desired_edge_settings(node.edge)) | logger_ports_powered(node.edge, ports)
        async with limit:
            return await read_gateway(
                open_gateway(node.edge.host), node.edge.host, thread_serial(node.pinned_id), wanted
            )

    found = await asyncio.gather(*(one(node) for node in declared))
    return {node.address: gateway for node, gateway in zip(declared, found, strict=True)}


def target_identity(target: Target) -> str:
    """Where a plan was made, without secrets: the target's identity, or its description."""
    return str(getattr(target, "identity", "") or target.description)
