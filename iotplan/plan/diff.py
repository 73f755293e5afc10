"""desired × live → Plan. Pure: no I/O, no printing; every no-op says why."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import cache, cached_property, partial
from operator import attrgetter
from typing import TypeVar

from iotplan.errors import NoSafePlanError, UnreadProjectError
from iotplan.live import LiveConnection, LiveEntity, LiveGateway, LiveProject, LiveState, Observations
from iotplan.live.model import by_ref_id
from iotplan.manifest import derive_ref_id, fold_ref_id
from iotplan.manifest.addresses import owned_by, owner_of
from iotplan.manifest.moves import shown_entry
from iotplan.plan.address import Address
from iotplan.plan.carriers import Carriers, Carrying, refused_by_twice, renamed_beside_others, renames
from iotplan.plan.compare import (
    LiveSide,
    SecretResolver,
    compare,
    compare_found,
    creations,
    fingerprint,
    removal,
    unmanaged,
)
from iotplan.plan.copies import (
    Candidates,
    MovingEntry,
    Owned,
    SpeltSo,
    Taken,
    adds_a_ref_id,
    beside_their_own,
    beside_unread_sensors,
    carried_elsewhere,
    carriers,
    carrying_exactly,
    choose_copy,
    connections_of_other_stacks,
    copy_in_another_case,
    created_in_another_stack,
    listed_outside_the_read,
    same_key_in_another_stack,
    sensors_beside,
    sensors_not_read_beside,
    standing_in_the_way,
    the_one_adopted,
)
from iotplan.plan.desired import (
    ClaimingRefId,
    DeclaredInOtherShards,
    DesiredEntity,
    DesiredState,
    OtherNode,
    connection_ref_ids,
    walk,
)
from iotplan.plan.duplicates import (
    TakenCopy,
    connection_copy,
    connection_in_another_case,
    copy_of,
    copy_on_a_thread,
    copy_under_another_device,
    extra_copy,
    held_by_copy,
    kept_carriers,
    naming_copies,
    prefixed_copy,
)
from iotplan.plan.edge import EdgeContext, desired_edge_settings, edge_changes, with_loggers_cut_off
from iotplan.plan.model import (
    THREAD_PREFIX,
    Action,
    Cause,
    Change,
    FieldChange,
    InSync,
    Kind,
    Plan,
    PlanOptions,
    Refusal,
    as_change,
    lost_serial_nos,
    refused_addresses,
    thread_loggers,
)
from iotplan.plan.moved_beside import OldRefIdCarrier
from iotplan.plan.moved_onto import Holding, MovedOnto
from iotplan.plan.ownership import (
    ChangingShared,
    Ownership,
    another_stacks_connection,
    contents_counted,
    contents_text,
    look_alike_of,
    named_apart,
    not_owned_by,
    sensors_counted,
    serial_text,
    unmanaged_reason,
)
from iotplan.plan.props import Unreadable, live_fields, shown_serial
from iotplan.plan.pruning import Pruning, declared_copies
from iotplan.plan.renamed_stack import (
    Beside,
    ByKey,
    FirstApply,
    beneath_another_stacks,
    beside_another_stacks_connection,
    by_key,
)
from iotplan.plan.renames import renamed_outside_the_selection, with_rename_hints
from iotplan.plan.select import counts_may_decide, inside_selection, refusals_in_selection, select_changes
from iotplan.plan.sibling_serial import HeldBySibling, held_by_siblings
from iotplan.plan.thread import (
    Family,
    channels_taken,
    history_left_behind,
    kept_by_other_shards,
    logger_families,
    loggers_by_port,
    serial_holder,
    thread_changes,
    thread_look_alike,
    written_boxes,
)
from iotplan.plan.traded_names import OtherShards, traded_names
from iotplan.wording import counted, first, observations, plural, printable, quoted_serial

__all__ = ["PlanOptions", "fingerprint", "make_plan"]

_Live = TypeVar("_Live", LiveConnection, LiveEntity)


def make_plan(
    desired: DesiredState,
    live: LiveState,
    options: PlanOptions = PlanOptions(),
    *,
    resolve_secret: SecretResolver = lambda _: None,
    refused: Sequence[Refusal] = (),
) -> Plan:
    """`refused`: what was refused before the diff (a `moved` entry naming two live entities:
    plan/moved_readings.py), fenced as the diff's own refusals are."""
    differ = _Differ(
        desired.stack,
        options,
        resolve_secret,
        declared=desired.nodes,
        other_shards=desired.elsewhere,
        sharing_keys=_sharing(desired),
        projects=live.projects,
        node_defaults=desired.node_defaults,
        moved=desired.moved,
        named_twice=frozenset(refusal.address for refusal in refused if refusal.address is not None),
    )
    differ.problems.extend(refused)
    declared = _declared_threads(live)
    families = [family for thread in declared for family in logger_families(thread)]
    for node in desired.nodes:
        if node.on_thread:
            differ.thread(node, live.projects[node.project_id], live.gateways.get(node.address), families)
        else:
            differ.connection(node, live.projects[node.project_id])
        differ.gateway(node, live.gateways.get(node.address))
    for project in live.projects.values():
        differ.orphan_connections(project)
        differ.orphans_under_undeclared_connections(project)
    differ.copies_of_declared_entities()
    differ.copies_of_renamed_ref_ids()
    differ.changes = beside_their_own(differ.changes, desired.stack, differ.problems)
    if any(node.on_thread for node in desired.nodes):
        others = (thread for project in live.projects.values() for thread in project.other_threads.values())
        boxes = written_boxes(desired.nodes)
        kept = kept_by_other_shards(_other_shards_threads(desired, live))
        differ.changes = history_left_behind(differ.changes, others, boxes, declared, kept)
    differ.refuse_ambiguous_writes(live)
    differ.refuse_creating_in_other_stacks()
    elsewhere = (
        OtherShards(desired.elsewhere, live.projects, Ownership(desired.stack)) if desired.elsewhere else None
    )
    differ.problems += traded_names(differ.changes, desired.nodes, elsewhere=elsewhere)
    differ.name_what_moves_onto_live_ones_are_about()
    return _finished(differ, desired, live, options)


def _declared_threads(live: LiveState) -> list[LiveConnection]:
    """The THREADs the manifest declares as read, other shards' too (`threads_elsewhere`)."""
    return [
        connection
        for project in live.projects.values()
        for connection in (*project.connections.values(), *project.threads_elsewhere.values())
        if connection.node.id.startswith(THREAD_PREFIX)
    ]


def _other_shards_threads(
    desired: DesiredState, live: LiveState
) -> Iterator[tuple[LiveConnection, str, tuple[str, ...]]]:
    """Each THREAD another shard declares, as read here (live/read.py `threads_elsewhere`), with its
    key and its declared loggers' ids."""
    for other in desired.elsewhere:
        project = live.projects.get(other.project_id)
        read = project.threads_elsewhere if project and other.thread else {}
        for claim in other.claims:
            if claim in read:
                yield read[claim], other.key, other.loggers
                break


def _sharing(desired: DesiredState) -> frozenset[str]:
    """The stacks `shares_keys_with` names, folded as refIds are compared, this one's own left out:
    a template may render one list of regions into each region's manifest."""
    return frozenset(fold_ref_id(other) for other in desired.shares_keys_with) - {fold_ref_id(desired.stack)}


def _finished(differ: _Differ, desired: DesiredState, live: LiveState, options: PlanOptions) -> Plan:
    """The plan from a finished diff. Where it creates in a project whose read left connections
    unread, the caller is asked to read them and resume here: what they hold decides only the
    refId check (plan/copies.py), never the diff, so the diff is not made again. A refusal that
    --target or --exclude fences off refuses nothing (plan/select.py)."""
    unread = differ.unread_where_it_writes(live)
    if unread:
        raise UnreadProjectError(unread, lambda: _finished(differ, desired, live, options))
    differ.refuse_creating_live_ref_ids(live)
    differ.refuse_writes_to_copies_outside_the_read(live)
    # What it refused to create is missing all the same; a removal that looks renamed says so.
    diffed = _no_hint_toward(differ.named_twice, with_rename_hints([*differ.changes, *differ.withheld]))
    refusals = differ.problems
    # Selected once, for the fence on the refusals and for the plan (one it refuses is made again to raise).
    selection = cache(
        partial(
            select_changes,
            diffed,
            options.targets,
            options.excludes,
            removed=options.removed_targets,
            refused=refused_addresses(refusals),
            renamed_from=renamed_from(desired),
        )
    )
    if refusals and (options.targets or options.excludes):
        with counts_may_decide(diffed):  # a pattern's own error is told first, as the plan tells it
            refusals = refusals_in_selection(refusals, selection, options, renamed_from(desired))
    if options.targets or options.excludes:
        refusals = [*refusals, *renamed_outside_the_selection(selection, diffed)]
    if refusals:
        raise NoSafePlanError(refusals, lambda: _selected(diffed, selection, desired, live, options))
    # A creation is withheld only for a refusal, whose address it lies at or beneath: with every
    # refusal fenced off, the selection holds none of them, but its patterns may name them.
    return _selected(diffed, selection, desired, live, options)


def _no_hint_toward(named_twice: frozenset[Address], changes: list[Change]) -> list[Change]:
    """`changes`, no removal hinted as renamed to an entity whose `moved` entry names two live ones:
    the entry the hint gives meets the same refusal, which names both."""
    if not named_twice:  # nearly every plan
        return changes
    return [
        dataclasses.replace(change, looks_renamed_to=None, named_alike_elsewhere=())
        if change.looks_renamed_to in named_twice
        else change
        for change in changes
    ]


def renamed_from(desired: DesiredState) -> dict[Address, Address]:
    """Each address `moved` renames to, and the one it renames from: a refusal of the rename concerns
    both (left unmade, the old one is planned for removal)."""
    prefix = f"{desired.stack}:"
    return {
        entity.address: Address(entity.old_ref_id.removeprefix(prefix))
        for entity in walk(desired.nodes)
        if entity.old_ref_id
    }


def _selected(
    diffed: list[Change],
    selection: Callable[[], list[Change]],
    desired: DesiredState,
    live: LiveState,
    options: PlanOptions,
) -> Plan:
    with counts_may_decide(diffed):
        changes = selection()
    return Plan(
        target=live.target,
        stack=desired.stack,
        manifest=desired.source,
        changes=tuple(changes),
        options=options,
        thread_witnesses=_thread_witnesses(live),
        thread_loggers=thread_loggers(diffed),
        thread_channels=channels_taken(diffed),
    )


def _thread_witnesses(live: LiveState) -> tuple[tuple[str, str, str], ...]:
    """Every THREAD node the read listed with a CREATION_DATE, declared or not: a fence (--target, a
    shard) that leaves the declared ones out of the plan's changes leaves them witnesses."""
    return tuple(
        (thread.project_id, thread.node.id, created)
        for project in live.projects.values()
        for thread in (*project.connections.values(), *project.other_threads.values())
        if thread.node.id.startswith("/fn/")
        and isinstance(created := thread.node.props.get("CREATION_DATE"), str)
    )


@dataclass
class _Differ:
    stack: str
    options: PlanOptions
    resolve_secret: SecretResolver
    changes: list[Change] = field(default_factory=list)
    problems: list[Refusal] = field(default_factory=list)
    matched: dict[str, str] = field(default_factory=dict)  # live connection id → the node claiming it
    ambiguous: list[Address] = field(default_factory=list)  # entities whose refId two live copies carry
    # The creations refused for a live entity standing in the way (plan/copies.py): no part of a plan,
    # but of what the refused plan shows drift.
    withheld: list[Change] = field(default_factory=list)
    declared: Sequence[DesiredEntity] = ()  # the manifest's nodes, with everything under them
    # --shard: the other shards' connections in brief, whose devices and sensors it never reads.
    other_shards: Sequence[OtherNode] = ()
    # The stack's undeclared devices and sensors whose refId a declared one carries, each with the
    # refusal its removal would meet: a copy made in the web app, or the declared one moved there.
    # Which, is known once every declared entity is matched (copies_of_declared_entities).
    carrying_declared_ref_ids: list[tuple[Change, str]] = field(default_factory=list)
    # The stack's entities carrying a declared one's refId that a removal takes with it.
    copies_taken: list[TakenCopy] = field(default_factory=list)
    # The devices and sensors under a connection kept as a copy in another case: one carrying a
    # declared refId (folded) fences writes to it, as a copy a removal takes does.
    copies_kept: list[LiveEntity] = field(default_factory=list)
    # The declared THREADs found live: a device or sensor kept under one may carry a declared refId.
    threads_read: list[LiveConnection] = field(default_factory=list)
    # Per project, other stacks' connections by key (plan/copies.py): a found connection's key is
    # looked up there, for another stack's of the same key (one network twice).
    other_stacks: dict[str, dict[str, list[LiveEntity]]] = field(default_factory=dict)
    unclaimed_in: dict[str, Candidates] = field(default_factory=dict)  # by project: `_where_created`
    # Unmanaged devices and sensors a refused creation calls likely earlier copies (plan/copies.py),
    # by live id, with the declared entity: never pruned, whatever a fence selects.
    likely_copies: dict[str, DesiredEntity] = field(default_factory=dict)
    sharing_keys: frozenset[str] = frozenset()  # the stacks `shares_keys_with` names, folded
    node_defaults: frozenset[str] = frozenset()  # the fields `defaults: node:` sets (DesiredState)
    moved: Sequence[tuple[str, str]] = ()  # the `moved` entries as written (DesiredState)
    # The entities whose `moved` entry names two live entities (plan/moved_readings.py, refused naming
    # both): no hint toward either is given, one steering to the stray, the other meeting that refusal.
    named_twice: frozenset[Address] = frozenset()
    projects: Mapping[str, LiveProject] = field(default_factory=dict)  # read: `first_apply`
    other_stacks_at_keys: dict[str, ByKey] = field(default_factory=dict)  # by project: `Beside`
    # A found connection beside another stack's at its key (plan/renamed_stack.py), by project and
    # key, with those: what a device created under it is compared with. Nearly always none.
    beside_others: dict[tuple[str, str], Beside] = field(default_factory=dict)
    # Per project, its devices and sensors by refId: where a `moved` one's new refId is looked for
    # beyond its siblings. Indexed at the first such rename (few plans have one).
    carrying_in: dict[str, Carrying] = field(default_factory=dict)
    # The entities refused as renamed onto a live one: their writes are refused so, not again as
    # writes by a refId two live entities carry (the new holder being the other).
    moved_onto: set[Address] = field(default_factory=set)
    # Each THREAD node's loggers by port, for the notes on the port settings that cut them off.
    loggers_on_ports: dict[Address, dict[int, list[Change]]] = field(default_factory=dict)

    @cached_property  # asked for per entity: one for the plan
    def own(self) -> Ownership:
        return Ownership(self.stack, self.options.prune_unmanaged, self.options.reviewed)

    @cached_property  # asked for per unmanaged entity and per removal taking another's: one for the plan
    def pruning(self) -> Pruning:
        """Why --prune-unmanaged leaves an entity (plan/pruning.py), weighed with the differ's own
        records, which it reads as they fill."""
        return Pruning(
            self.stack,
            self.options,
            self.own,
            self.matched,
            self.likely_copies,
            self._carries_a_declared_ref_id,
            self._the_one_adopted,
        )

    @cached_property
    def own_prefix(self) -> str:
        return f"{self.stack}:"

    @cached_property  # asked only where a connection is created: one walk of what was read, if any
    def first_apply(self) -> FirstApply | None:
        """The stack, where it owns nothing live in the projects read (plan/renamed_stack.py)."""
        if not self.stack or any(self._holds_the_stacks(project) for project in self.projects.values()):
            return None
        inside = partial(inside_selection, options=self.options)  # the others refer to a refusal shown
        return FirstApply(
            self.stack, self.sharing_keys, self.declared, unsure=bool(self.other_shards), inside=inside
        )

    @cached_property  # one walk of what was read, at the first creation beside something unclaimed
    def owns_live_as_spelt(self) -> bool:
        """Whether the stack owns a live entity read whose refId's prefix is spelt as `stack:` is: a
        stack renamed in case only owns none, so a look-alike in another case is no rename where it
        does (plan/copies.py)."""
        return any(self._owns_as_spelt(project) for project in self.projects.values())

    def _owns_as_spelt(self, project: LiveProject) -> bool:
        """Whether a connection of the project, listed or read, or a device or sensor read under one
        (this stack's or not: one shared by `id:`), is the stack's by its exact prefix (`owns`)."""
        connections = [*project.connections.values(), *project.strays.values()]
        listed = [*project.unclaimed, *project.held_elsewhere, *(each.node for each in connections)]
        if any(self.own.owns(node, 0) for node in listed):
            return True
        return any(
            self.own.owns(device, 1)
            or any(self.own.owns(sensor, 2) for sensor in connection.sensors_of(device))
            for connection in connections
            for device in connection.devices
        )

    def owned_as(self, spelling: str) -> Owned:
        """What the stack spelt `spelling` owns live in the projects read (by its exact prefix): its
        entities, and what they hold, as their removal would destroy it (plan/copies.py weighs a
        look-alike's spelling against this stack's with it). Walked once a spelling, at most two."""
        if spelling not in self._owned_by_spelling:
            entities, known, unknown = 0, 0, False
            for project in self.projects.values():
                for each, held in _owned_in(project, spelling):
                    entities += each
                    known, unknown = known + held.known, unknown or held.unknown
            self._owned_by_spelling[spelling] = Owned(entities, Observations(known, unknown))
        return self._owned_by_spelling[spelling]

    @cached_property
    def _owned_by_spelling(self) -> dict[str, Owned]:
        return {}

    def owned_by_both(self, one: str, other: str) -> Observations:
        """What `owned_as` counts for both spellings: the sensors beneath an entity of each (a device
        given the other spelling's SERIAL_NO over its sensors), whose removal either would destroy,
        so that the two counts are not read as adding up."""
        known, unknown = 0, False
        for project in self.projects.values():
            for held in _owned_by_both_in(project, one, other):
                known, unknown = known + held.known, unknown or held.unknown
        return Observations(known, unknown)

    def _holds_the_stacks(self, project: LiveProject) -> bool:
        """Whether the project's connection list, or an entity read under a connection, carries a refId
        with the stack's prefix (folded): the list holds every connection, whichever shard reads."""
        if project.lists_the_stacks or project.held_elsewhere or project.strays:
            return True
        prefix = fold_ref_id(self.own_prefix)
        read = (e for c in project.connections.values() for e in (c.node, *c.devices, *c.every_sensor()))
        return any(fold_ref_id(e.ref_id).startswith(prefix) for e in read if e.ref_id)

    def _declares(self, folded: str) -> bool:
        """Whether a shard, this one or another, declares the refId `folded`: a copy of another
        shard's entity is a copy all the same."""
        return folded in self.declared_here or folded in self.declared_in_other_shards

    @cached_property  # asked only when an entity not declared is found: rare
    def declared_here(self) -> dict[str, Address]:
        """The entities this shard declares by their refIds folded (the first where two fold alike):
        indexed once, not walked for each copy whose original is looked up (300 copies under a
        person's device walked a 111,000-entity manifest 300 times)."""
        found: dict[str, Address] = {}
        for entity in walk(self.declared):
            if entity.ref_id:
                found.setdefault(fold_ref_id(entity.ref_id), entity.address)
        return found

    @cached_property  # asked only when an unmanaged entity carries a declared refId: rare
    def declared_depths(self) -> dict[str, int]:
        """The depth of the declared entity each refId a shard declares (`_declares`) is: a device
        carrying a declared sensor's refId is no copy of it. This shard's from `declared_here`, not a
        second walk (manifest/checks.py refuses two refIds folding alike)."""
        here = {folded: at.depth for folded, at in self.declared_here.items()}
        return {folded: at.depth for folded, at in self.declared_in_other_shards.items()} | here

    @cached_property  # asked only where a creation's refId is carried elsewhere: rare
    def declared_connections(self) -> frozenset[str]:
        """The keys of the connections every shard declares."""
        return frozenset(node.address for node in self.declared) | {other.key for other in self.other_shards}

    @cached_property
    def declared_in_other_shards(self) -> dict[str, Address]:
        """The devices and sensors the other shards declare, by their refIds (the one iotplan gives
        them from their keys, and the one a `ref_id:` pins), folded as refIds are compared."""
        return DeclaredInOtherShards(self.stack, self.other_shards).addresses

    def _declared_original(self, carried: str | None, found: Mapping[str, Address]) -> Address | None:
        """The declared entity whose refId a copy carries (`carried`): one of `found` (those found live,
        or all this shard declares), else one another shard declares, whether or not that shard found it
        (which this one cannot tell)."""
        folded = fold_ref_id(str(carried))
        return found.get(folded) or self.declared_in_other_shards.get(folded)

    # --- connections ---------------------------------------------------------------------
    def connection(self, node: DesiredEntity, project: LiveProject) -> None:
        live = self._find_connection(node, project)
        if live is None:
            if node.pinned_id:
                self._refuse(node.address, f"connection {node.pinned_id} is not in project {node.project_id}")
            elif not self._copies(node, project):  # copies that could not be chosen from are reported
                standing = self._create(
                    node, self._where_created(node, project), "id", _read_with_children(project), project
                )
                if standing:  # refused for it: not planned for removal besides
                    self.matched.setdefault(standing.id, node.address)
            return
        claimed_by = self.matched.setdefault(live.node.id, node.address)
        if claimed_by != node.address:
            self._refuse(node.address, f"connection {live.node.id} is already claimed by {claimed_by}")
            return
        change = self._compare(node, live.node, lambda: live.observations)
        if node.pinned_id:  # few are: no call for the rest of a fleet
            change = self._pinned_from_another_stack(node, live.node, change)
        self.changes.append(change)
        if project.other_stacks_at_keys:  # nearly always none
            beside = Beside.of(node, live.node, self._other_stacks_by_key(project), self.stack)
            if beside:
                self.beside_others[node.project_id, node.address] = beside
        self._children(node.children, live.devices, live, parent=node.address)
        if not node.pinned_id:  # one pinned by `id:` is found whatever its key: the key names nothing live
            self.changes += same_key_in_another_stack(node, live, self._other_stacks_in(project))

    def _pinned_from_another_stack(self, node: DesiredEntity, live: LiveEntity, change: Change) -> Change:
        """A connection pinned by `id:` whose refId another stack's manifest gives it stays that
        stack's (README "Between stacks"): said on its line, and a field this manifest would set
        otherwise is refused, not written for that stack's plan to set back; not where
        --target or --exclude leaves its update unmade (`--target 'feed/b-logger'`). A refId whose
        prefix is this stack's in another case may be this stack's or another's: iotplan cannot
        tell, so it stops there too."""
        owner = owner_of(live.ref_id, node.address.depth)
        if owner is None or owner == self.stack:
            return change
        alike = look_alike_of(self.stack, owner)
        if change.fields and inside_selection(node.address, self.options):
            fields = [field.path for field in change.fields]
            changing = ChangingShared(live, fields, self.node_defaults)
            self._refuse(
                node.address,
                changing.of_a_look_alike(self.stack, owner, self.owns_live_as_spelt)
                if alike
                else changing.of(owner),
            )
        said = (
            f"; {not_owned_by(self.stack, live.ref_id, 0)}"
            if alike
            else another_stacks_connection(owner, live.ref_id)
        )
        return dataclasses.replace(change, reason=change.reason + said)

    def _where_created(self, node: DesiredEntity, project: LiveProject) -> list[LiveEntity]:
        """The live connections that may stand in the way of creating `node`: the project's unclaimed
        ones, indexed once a project (plan/copies.py `Candidates`: 1,000 created beside 1,000 other
        stacks' were indexed 1,000 times), and any whose refId differs from its own only as refIds
        are compared (rare: a list of its own then)."""
        alike = self._connections_in_another_case(node, project)
        if alike:
            return [*project.unclaimed, *alike]
        if project.id not in self.unclaimed_in:
            self.unclaimed_in[project.id] = Candidates(project.unclaimed)
        return self.unclaimed_in[project.id]

    def _other_stacks_by_key(self, project: LiveProject) -> ByKey:
        if project.id not in self.other_stacks_at_keys:
            self.other_stacks_at_keys[project.id] = by_key(project.other_stacks_at_keys.values(), self.stack)
        return self.other_stacks_at_keys[project.id]

    def _other_stacks_in(self, project: LiveProject) -> dict[str, list[LiveEntity]]:
        if project.id not in self.other_stacks:
            self.other_stacks[project.id] = connections_of_other_stacks(project.unclaimed, self.stack)
        return self.other_stacks[project.id]

    def thread(
        self,
        node: DesiredEntity,
        project: LiveProject,
        gateway: LiveGateway | None,
        families: Sequence[Family] = (),
    ) -> None:
        """A THREAD's platform entities, found by the ids iotplan gives them (plan/thread.py).
        `families`: every logger of the THREADs the manifest declares, as read, each with its sensors."""
        live = project.connections.get(node.thread_id or "")
        if live is not None:
            self.matched.setdefault(live.node.id, node.address)
            self.threads_read.append(live)
        namesake = None if live else _thread_read_as_the_same(node.thread_id or "", project)
        holder = None if live or namesake else serial_holder(node.thread_id or "", project)
        alike = None if live or namesake else thread_look_alike(node.thread_id or "", project)
        planned = thread_changes(node, live, gateway, namesake, holder, families, alike)
        self.changes += planned.changes
        if node.edge is not None:  # for the notes on its port settings (`gateway`)
            self.loggers_on_ports[node.address] = loggers_by_port(planned.changes)
        self.problems += planned.problems  # each at the logger or sensor it is about, or at the node
        self.withheld += planned.withheld

    def gateway(self, node: DesiredEntity, gateway: LiveGateway | None) -> None:
        if node.edge is None or gateway is None:
            return
        context = EdgeContext(
            node.address, node.project_id, node.pinned_id or "", self.options.force_write_only
        )
        changes, problems = edge_changes(context, desired_edge_settings(node.edge), gateway)
        self.changes += with_loggers_cut_off(changes, self.loggers_on_ports.get(node.address, {}))
        self.problems += (Refusal(node.address, problem) for problem in problems)

    def _find_connection(self, node: DesiredEntity, project: LiveProject) -> LiveConnection | None:
        if node.pinned_id:
            return project.connections.get(node.pinned_id)
        self._refuse_moving_onto(node, project.copies, project.copies_in_any_case, Holding.of_connection)
        copies = self._copies(node, project)
        # Counted only when there is a choice to make: summing every sensor of a fleet costs seconds.
        holding = {copy.node.id: copy.observations.holds_data for copy in copies} if len(copies) > 1 else {}
        choice = choose_copy(copies, holding, "connection", node.ref_id)
        for copy in choice.extra:
            self.matched.setdefault(copy.node.id, node.address)
        if choice.problem:
            self._refuse(node.address, choice.problem)
        for extra in choice.extra:
            self._remove_duplicate_connection(node, extra, choice.kept)
        return choice.kept

    def _connections_in_another_case(self, node: DesiredEntity, project: LiveProject) -> list[LiveEntity]:
        """The project's connections whose refId differs from the node's, or from the one its `moved`
        entry renames from, only as refIds are compared: one to a platform that matches refIds so
        (plan/copies.py). Created beside, it would be a second network where one renamed was meant."""
        ref_ids = [node.ref_id, *([node.old_ref_id] if node.old_ref_id else [])]
        namesakes = (copy.node for ref_id in ref_ids for copy in project.copies_in_any_case(ref_id))
        return [live for live in namesakes if live.ref_id not in ref_ids and live.id not in self.matched]

    @staticmethod
    def _copies(node: DesiredEntity, project: LiveProject) -> list[LiveConnection]:
        return project.copies(node.ref_id) or (project.copies(node.old_ref_id) if node.old_ref_id else [])

    def _refuse_moving_onto(
        self,
        entity: DesiredEntity,
        copies: Callable[[str], Sequence[_Live]],
        in_any_case: Callable[[str], Sequence[_Live]],
        holding: Callable[[_Live], Holding],
    ) -> None:
        """A `moved` rename whose new refId exists too: the renamed entity would take the place of one
        that holds its own history, and the old one would be removed as no longer declared. Which of
        the two to keep is the user's choice, not iotplan's: the refusal names the entry and, told by
        what each holds (plan/moved_onto.py), whether the move looks made and what each way removes.
        The new refId's holder is looked for in any case (`in_any_case`): the platform may take
        `quickstart:DAM-B` for `quickstart:dam-b`, and the rename would stand beside it as its copy."""
        earlier = copies(entity.old_ref_id) if entity.old_ref_id else []
        later = self._holders_of_new_ref_id(entity.ref_id, earlier, copies, in_any_case) if earlier else []
        if not later:
            return
        old = holding(earlier[0])
        entry = self._moving(entity.address)
        moved_onto = MovedOnto(
            entity,
            shown_entry(*entry) if entry else "the rename",
            self.own.address_from_ref(old.live),
            old,
            holding(later[0]),
            self._declares(fold_ref_id(entity.old_ref_id or "")),
        )
        self.moved_onto.add(entity.address)
        # The entry is what each way edits (deleted, pointed elsewhere, or kept while the stray goes).
        self._refuse(
            entity.address,
            moved_onto.refusal(),
            edits_moved_entry=entry[0] if entry else None,
            weighs=moved_onto.weighs,
            moved_from=old.live.id,
        )

    @staticmethod
    def _holders_of_new_ref_id(
        ref_id: str,
        earlier: Sequence[_Live],
        copies: Callable[[str], Sequence[_Live]],
        in_any_case: Callable[[str], Sequence[_Live]],
    ) -> list[_Live]:
        """Those carrying `ref_id`, as written first, then in another case; never the old one itself,
        which a rename changing only case finds so (it is no stray of its own)."""
        exact: list[_Live] = list(copies(ref_id))
        known = list(earlier) + exact
        return exact + [each for each in in_any_case(ref_id) if all(each is not e for e in known)]

    def _moving(self, address: Address) -> MovingEntry | None:
        """The entry (index, `from`, `to`) renaming the entity or its nearest moved parent, if any."""
        parts = address.parts
        for depth in range(len(parts), 0, -1):
            moved_to = "/".join(parts[:depth])
            for index, (old, to) in enumerate(self.moved):
                if to == moved_to and old != to:
                    return index, old, to
        return None

    def _moved_past_a_pin(self, entity: DesiredEntity) -> MovingEntry | None:
        """The entry renaming a device or sensor (or a parent) that its `ref_id:` keeps as written:
        such an entity alone is read from no old refId under a rename (DesiredState)."""
        if not self.moved or not entity.ref_id_written:
            return None
        return self._moving(entity.address)

    def _remove_duplicate_connection(
        self, node: DesiredEntity, extra: LiveConnection, kept: LiveConnection | None
    ) -> None:
        """A copy that holds no data goes; it is removed by its own id, never by refId."""
        address = Address(f"{node.address}#{extra.node.short_id}")
        contents = self.own.contents_of(address, extra.devices, extra)
        self._refuse_taking_what_is_not_ours(address, "removing this duplicate", contents)
        side = LiveSide(Kind.NODE, address, extra.project_id, extra.observations)
        # the refId the copy carries: the one its `moved` entry renames from, where found by that
        ref_id = quoted_serial(extra.node.ref_id)
        reason = f"a duplicate of {kept.node.id if kept else '?'} (refId {ref_id}) that holds no data"
        self.changes.append(self._taking(removal(side, extra.node, Cause.DUPLICATE, reason), contents))

    def _create(
        self,
        entity: DesiredEntity,
        candidates: list[LiveEntity],
        adopt: str,
        holding: Callable[[LiveEntity], LiveConnection | None],
        project: LiveProject | None = None,
    ) -> LiveEntity | None:
        """Created, unless a live entity no declared one claims makes that a likely mistake, itself
        or by what it holds (`holding`: the connection read with a live one's children): the plan is
        refused (plan/copies.py), and the stack's own entity in the way, if it was that, returned.
        A connection (`project` given) is refused too on another stack's keys while this stack
        owns nothing (`first_apply`)."""
        moved = self._moved_past_a_pin(entity) if candidates else None
        spelt_so = (
            SpeltSo(
                lambda: self.owns_live_as_spelt,
                holding,
                self.owned_as,
                self._serial_taken(holding),
                self.owned_by_both,
            )
            if candidates
            else None
        )
        standing = standing_in_the_way(entity, candidates, self.own, adopt, moved, spelt_so)
        if standing is not None and entity.address in self.named_twice:  # refused already, naming both
            self.withheld += creations(entity, Cause.NOT_ON_PLATFORM, "not on the platform")
            return standing.live
        problem = standing.problem if standing else self._another_stacks_network(entity, candidates, holding)
        if problem is None and project is not None and project.unclaimed and self.first_apply:
            problem = self.first_apply.refusal(entity, self._other_stacks_in(project))
        if problem is None:
            self.changes += creations(entity, Cause.NOT_ON_PLATFORM, "not on the platform")
            return None
        self._refuse(
            entity.address,
            problem,
            edits_field=standing.edits_field if standing else None,
            lost_serial_no=standing.lost_serial_no if standing else (),
        )
        self.withheld += creations(entity, Cause.NOT_ON_PLATFORM, "not on the platform")
        if standing is None:
            return None
        self.likely_copies.update((copy.id, entity) for copy in standing.copies)
        return standing.live

    def _serial_taken(self, holding: Callable[[LiveEntity], LiveConnection | None]) -> Taken:
        """What a SERIAL_NO another writer gave a live device, or an unmanaged one to adopt carries,
        means besides it (plan/copies.py `_serial_no_changed`, `_adoption`): the refId a shard gives a
        declared entity, or one another live device or sensor of its project carries. Asked only of
        such a one: rare."""

        def serial_taken(serial: str, device: LiveEntity) -> str | None:
            folded = fold_ref_id(serial)
            declared = self.declared_here.get(folded) or self.declared_in_other_shards.get(folded)
            if declared is not None:
                return f"the refId this manifest gives {declared}"
            connection = holding(device)
            beyond = self._beyond_siblings(connection.project_id) if connection else Carrying({}, {})
            other = next((each for each in beyond.carrying(serial) if each.id != device.id), None)
            return None if other is None else f"the refId {beyond.kind_of(other)} {other.id} carries too"

        return serial_taken

    def _another_stacks_network(
        self,
        entity: DesiredEntity,
        candidates: list[LiveEntity],
        holding: Callable[[LiveEntity], LiveConnection | None],
    ) -> str | None:
        """Why `entity` is not created where another stack's network stands that may be this one,
        its stack renamed with a name edited (plan/renamed_stack.py): told by what another stack's
        entity at its address holds, and, for a device under this stack's connection, by what
        another stack's connection at that connection's key holds."""
        why = beneath_another_stacks(entity, candidates, self.stack, holding, self.sharing_keys)
        beside = self.beside_others.get((entity.project_id, entity.connection))
        if why or beside is None or entity.kind is not Kind.DEVICE:
            return why
        return beside_another_stacks_connection(entity, beside, self.stack, self.sharing_keys)

    def orphan_connections(self, project: LiveProject) -> None:
        """Connections this stack created that the manifest no longer declares, by address (their
        refIds'): the platform lists them in no set order (the `unstable-list-order` variant), and
        the removals, copies and refusals in its order would change the plan from one read to the next."""
        # The matched left out before sorting: in a no-op plan that is every connection.
        unmatched = (live for live in project.connections.values() if live.node.id not in self.matched)
        for live in _by_ref_id(unmatched):
            thread = self.declared_threads.get(fold_ref_id(live.node.ref_id)) if live.node.ref_id else None
            if thread is not None:
                self._refuse(thread.key, _at_a_threads_address(live, thread, self.stack))
                continue
            declared = self._declared_here_in_another_case(live.node, project.id)
            if declared is not None:  # whether or not its refId is one the stack gives (`st:c３`)
                side = LiveSide(Kind.NODE, Address(declared.key), project.id, live.observations)
                self.changes.append(connection_in_another_case(side, live, declared))
                self.copies_kept += kept_carriers(live)
                continue
            if not self.own.owns(live.node, 0):
                continue
            address = self.own.address_from_ref(live.node)
            side = LiveSide(Kind.NODE, address, project.id, live.observations)
            original = self._found_in_another_project(address, project.id)
            if original is not None:
                self.changes.append(connection_copy(side, live, original))
                continue
            self._refuse_moving_between_projects(address, live)
            reason = f"not in the manifest; owned by stack {self.stack!r}"
            contents = self.own.contents_of(address, live.devices, live)
            self._refuse_taking_what_is_not_ours(address, "removing this connection", contents, "devices")
            orphan = removal(side, live.node, Cause.NOT_IN_MANIFEST, reason)
            self.changes.append(self._taking(orphan, contents, contents_counted(live)))

    def _declared_here_in_another_case(self, live: LiveEntity, project_id: str) -> ClaimingRefId | None:
        """The connection declared in this project (by any shard) whose refId, or the one a `moved`
        entry renames it from, an undeclared connection's folds like (fold_ref_id: `st:C3`, `st:c３`,
        `st:c3 ` beside `st:c3`; `st:OLD` beside `moved: {from: old, to: c3}`): one entity to a
        platform whose collation joins them (docs/api-assumptions.md, A1++), so a copy of it, never
        an orphan to remove. The read claims such a connection for it, from the same list
        (live/read.py `ProjectScope.claims`, plan/desired.py `connection_ref_ids`)."""
        if not live.ref_id:
            return None
        claim = self.connection_ref_ids.get(project_id, {}).get(fold_ref_id(live.ref_id))
        return None if claim is None or claim.ref_id == live.ref_id else claim

    @cached_property  # asked only for a connection no declared one claims
    def declared_threads(self) -> dict[str, _DeclaredThread]:
        """The THREAD nodes every shard declares, by the refId their key would give an API connection,
        folded. A THREAD is found by its id, never by that refId, so a live connection carrying it is
        not the THREAD: it is another entity at the THREAD's address (in any project: an address
        names one entity in the whole manifest)."""
        here = (
            (node.ref_id, _DeclaredThread(node.address, node.thread_id or ""))
            for node in self.declared
            if node.on_thread
        )
        others = (
            (other.claims[0], _DeclaredThread(Address(other.key), other.claims[-1]))
            for other in self.other_shards
            if other.thread
        )
        return {fold_ref_id(ref_id): thread for ref_id, thread in (*here, *others)}

    @cached_property
    def connection_ref_ids(self) -> dict[str, dict[str, ClaimingRefId]]:
        return connection_ref_ids(self.declared, self.other_shards)

    def _found_in_another_project(self, address: Address, project_id: str) -> Change | None:
        """The declared connection of this key, found live in the other project it is declared in:
        the stack's connection of the same key here is then a copy of it, not a connection moved.
        Spelled in another case, it is not found: the move is refused instead, which is safe."""
        declared = self.declared_projects.get(fold_ref_id(str(address)))
        if declared is None or declared.project_id == project_id:
            return None
        return self._declared_connections_found_live.get((address, declared.project_id))

    @cached_property  # asked only where a creation's refId is carried elsewhere: rare
    def _found_at(self) -> dict[str, Address]:
        """The address of each declared connection and device found live, by its live id: where a
        refId's carrier lives, as the manifest declares it. A change of an undeclared one (a stray
        connection's, `#815046`) names no place in the manifest."""
        declared = {entity.address for entity in walk(self.declared) if entity.kind is not Kind.SENSOR}
        return {
            str(change.live_id): change.address
            for change in self.changes
            if change.address in declared and change.action in _FOUND_LIVE and change.live_id
        }

    @cached_property  # asked per connection moved: a scan of every change each was quadratic
    def _declared_connections_found_live(self) -> dict[tuple[Address, str], Change]:
        """By key and project: first asked by orphan_connections, once every declared connection is
        diffed (its own changes, copies and removals, are never found live)."""
        found: dict[tuple[Address, str], Change] = {}
        for change in self.changes:
            if change.kind is Kind.NODE and change.action in _FOUND_LIVE:
                found.setdefault((change.address, change.project_id), change)
        return found

    def _refuse_moving_between_projects(self, address: Address, live: LiveConnection) -> None:
        """The stack's connection left in one project under a key the manifest now declares in
        another (in any case: keys that differ only in case are one), or that a `moved` entry renames
        to a key declared in another: applied, the old one's removal (with its history) would not be
        a reviewed removal of its own, and the `moved` entry written to keep it would be ignored. A
        connection cannot move between projects, so the user chooses: keep it where it is, or retire
        it under another key."""
        folded = fold_ref_id(str(address))
        declared = self.declared_projects.get(folded)
        if declared is not None and declared.project_id != live.project_id:
            self._refuse(address, _moved_between_projects(address, live, declared))
        moved_to = self.moved_between_keys.get(folded)
        # A rename carried out in its own project (a move half made left the old key in both) is the
        # entry doing its job: the old key's connection here is then an orphan, its removal reviewed.
        renamed_there = (
            moved_to is not None
            and (moved_to.key, moved_to.project_id) in self._declared_connections_found_live
        )
        if moved_to is not None and moved_to.project_id != live.project_id and not renamed_there:
            # About the old connection too: its removal is refused while the entry stands (drift marks it so).
            problem = _moved_entry_between_projects(address, live, moved_to)
            self._refuse(moved_to.key, problem, about_also=(address,))

    @cached_property
    def declared_projects(self) -> dict[str, _DeclaredKey]:
        """Each connection key every shard declares, folded as refIds are compared, with its project."""
        here = (_DeclaredKey(node.address, node.project_id) for node in self.declared)
        others = (_DeclaredKey(Address(other.key), other.project_id) for other in self.other_shards)
        return {fold_ref_id(str(declared.key)): declared for declared in (*here, *others)}

    @cached_property
    def moved_between_keys(self) -> dict[str, _DeclaredKey]:
        """The connection keys `moved` entries rename from, folded, each with the declared key it
        renames to and that key's project (from every shard)."""
        here = ((node.old_ref_id, _DeclaredKey(node.address, node.project_id)) for node in self.declared)
        others = (
            (claim, _DeclaredKey(Address(other.key), other.project_id))
            for other in self.other_shards
            for claim in other.claims[1:]  # after its refId: the one before a rename, or its pinned id
            if claim.startswith(self.own_prefix)
        )
        return {
            fold_ref_id(old.removeprefix(self.own_prefix)): declared
            for old, declared in (*here, *others)
            if old
        }

    def orphans_under_undeclared_connections(self, project: LiveProject) -> None:
        """The stack's devices and sensors under a connection it neither owns nor declares (one it
        adopted by `id:`, then dropped): removed as any of its orphans, with every guard a removal
        has. The connection itself is not the stack's: it is addressed by its id, and only carries
        the removals (as an adopted connection does). Connections by refId and devices by address,
        never in the order the platform lists them (the `unstable-list-order` variant), which would
        change the plan from one read to the next."""
        for connection in _by_ref_id(project.strays.values()):
            if connection.node.id in self.matched:
                continue  # declared after all: the diff of that connection found them
            address = Address(f"#{connection.node.short_id}")
            self.changes.append(_carrier(connection, address, self.stack))
            for device in self._by_child_address(address, connection.devices, connection):
                # One carrying a declared device's refId in another case (`QS:dam-a/lg`) is a copy
                # of it, told so as the stack's own would be (`_undeclared`), never removed.
                if self.own.owns(device, 1) or self._carries_a_declared_ref_id(device, 1):
                    self._undeclared(device, connection, address)
                    continue
                self._orphans_under_another_device(device, connection, address)

    def _by_child_address(
        self, parent: Address, children: Iterable[LiveEntity], connection: LiveConnection
    ) -> list[LiveEntity]:
        """`children` of `parent` by the address the plan gives each (`child_address`)."""
        return sorted(
            children, key=lambda child: (self.own.child_address(parent, child, connection).parts, child.id)
        )

    def _orphans_under_another_device(
        self, device: LiveEntity, connection: LiveConnection, parent: Address, kept_because: str = ""
    ) -> None:
        """The stack's sensors under a device not its own: the device, never touched here (only
        --prune-unmanaged removes one, and only under a declared connection), carries their removal.
        What else matters under it is listed, never touched (`_listed_under_another_device`); a
        person's own sensors are counted on its line (300 of them are not 300 lines). Those listed
        apart come by address, not in the order the platform lists them."""
        address = self.own.child_address(parent, device, connection)
        side = LiveSide(Kind.DEVICE, address, connection.project_id, connection.held_by(device, True))
        sensors = connection.sensors_of(device)
        apart = self._by_child_address(
            address, (sensor for sensor in sensors if self._listed_apart(sensor)), connection
        )
        unlisted = len(sensors) - len(apart)
        self.changes.append(_left_unmanaged(side, device, self.stack, kept_because, unlisted))
        for sensor in apart:
            if self.own.owns(sensor, 2):
                self._undeclared(sensor, connection, address)
            else:
                self._listed_under_another_device(sensor, connection, address)

    def _listed_apart(self, sensor: LiveEntity) -> bool:
        """Whether a sensor under a device not the stack's is listed on its own: the stack's (an
        orphan), one carrying a declared refId as refIds are compared, another stack's."""
        if self.own.owns(sensor, 2) or self._carries_a_declared_ref_id(sensor, 2):
            return True
        return named_apart(self.stack, sensor.ref_id, 2) is not None

    def _listed_under_another_device(
        self, sensor: LiveEntity, connection: LiveConnection, device: Address
    ) -> None:
        """A sensor not the stack's under a device not the stack's either: unmanaged (another stack's
        named so), or a copy of a declared sensor (`SITE:`, `ｓite:`), no write reaching that refId
        beside it. Listed, as under a declared device, so that drift reports what the device holds."""
        address = self.own.child_address(device, sensor, connection)
        side = LiveSide(Kind.SENSOR, address, connection.project_id, connection.held_by(sensor, False))
        listed = _left_unmanaged(side, sensor, self.stack, "")
        if self._carries_a_declared_ref_id(sensor, 2):
            self.copies_kept.append(sensor)
            if self._the_one_adopted(sensor, 2, connection):
                # The refId a `ref_id:` adopts, as written: the very sensor, declared under another
                # device, unless the declared one is found live too (copies_of_declared_entities).
                self.carrying_declared_ref_ids.append((listed, ""))
            else:
                original = self._declared_original(sensor.ref_id, self.declared_here)
                listed = copy_under_another_device(
                    listed,
                    original,
                    prefixed_copy(self.stack, self.projects, listed),
                    self._alike_as_written(sensor, connection),
                )
        self.changes.append(listed)

    def _the_one_adopted(self, entity: LiveEntity, depth: int, connection: LiveConnection) -> bool:
        """Whether `entity` is the very one a `ref_id:` adopts, not a copy (`the_one_adopted`)."""
        if not self._carries_a_declared_ref_id(entity, depth):  # of its depth
            return False
        kind = Kind.DEVICE if depth == 1 else Kind.SENSOR
        return the_one_adopted(entity, kind, connection, self.declared_ref_ids_as_written)

    def _alike_as_written(self, sensor: LiveEntity, connection: LiveConnection) -> int:
        """How many sensors under `connection` carry, as written, the refId a `ref_id:` adopts that
        `sensor` carries (0 where it carries it written otherwise: a copy for certain)."""
        if sensor.ref_id not in self.declared_ref_ids_as_written:
            return 0
        return carrying_exactly(connection, Kind.SENSOR, str(sensor.ref_id))

    @cached_property  # asked only when a person's device holds a declared refId: rare
    def declared_ref_ids_as_written(self) -> frozenset[str]:
        """The refIds every shard declares, unfolded: a live one carrying one of them as written is
        the declared entity itself where no other carries it, not a copy."""
        here = (entity.ref_id for entity in walk(self.declared) if entity.ref_id)
        derived = (
            derive_ref_id(self.stack, *address.parts)
            for other in self.other_shards
            for address in other.devices_and_sensors()
        )
        pinned = (ref_id for other in self.other_shards for _, ref_id in other.pinned_ref_ids)
        return frozenset((*here, *derived, *pinned))

    def _refuse_taking_what_is_not_ours(
        self,
        address: Address,
        what: str,
        taken: dict[Address, LiveEntity],
        emptied: str = "",
        connection: LiveConnection | None = None,
    ) -> None:
        shared = self.pruning.shared_why(connection, "them") if connection else ""
        problem = self.own.taking_what_is_not_ours(address, what, taken, emptied, shared)
        if problem:
            self.problems.append(Refusal(address, problem))

    def _refuse(
        self,
        address: Address,
        problem: str,
        edits_moved_entry: int | None = None,
        edits_field: str | None = None,
        weighs: tuple[tuple[str, str], ...] = (),
        lost_serial_no: tuple[str, ...] = (),
        moved_from: str | None = None,
        about_also: tuple[Address, ...] = (),
    ) -> None:
        refusal = Refusal(
            address,
            f"{address}: {problem}",
            about_also=about_also,
            edits_moved_entry=edits_moved_entry,
            edits_field=edits_field,
            weighs=weighs,
            lost_serial_no=lost_serial_no,
            moved_from=moved_from,
        )
        self.problems.append(refusal)

    # --- devices and sensors -------------------------------------------------------------
    def _children(
        self,
        desired: Sequence[DesiredEntity],
        live: list[LiveEntity],
        connection: LiveConnection,
        parent: Address,
    ) -> None:
        by_ref = by_ref_id(live)
        in_another_case = _differing_in_case(by_ref)
        claimed: set[str] = set()
        unclaimed = _Unclaimed(desired, live)
        # Found once per sibling list, not once per sibling (a device's 100 sensors, 100 no-ops).
        held_by, secret, own_prefix = connection.held_by, self.resolve_secret, self.own_prefix
        add_change = self.changes.append  # the one list, extended in place (`+=`), never another
        in_any_case = _in_any_case(by_ref)
        held_by_sibling = held_by_siblings(desired, by_ref, connection)  # {} but for a device not found
        for entity in desired:
            if entity.old_ref_id:  # few are: no call for the rest of a fleet
                self._refuse_child_moving_onto(entity, by_ref, in_any_case, live, connection)
            copies = by_ref.get(entity.ref_id) or (
                by_ref.get(entity.old_ref_id, []) if entity.old_ref_id else []
            )
            if copies and copies[0].id in claimed:  # a sibling took it already: never two on one
                self._refuse_taken_twice(entity, copies[0], desired, by_ref)
                continue
            if len(copies) == 1:  # the common case: one claimed, without mapping a list
                claimed.add(copies[0].id)
            else:
                claimed.update(map(_LIVE_ID, copies))
            if in_another_case and copies:  # rare: two live refIds that differ only in case
                claimed.update(self._copies_in_another_case(entity, copies[0], in_another_case, by_ref))
            # One copy, the common case, is itself: no choice to make.
            found = copies[0] if len(copies) == 1 else self._kept_child(entity, copies, connection)
            if found is None:
                if not copies and entity.address in held_by_sibling:
                    self._refuse_held_by_sibling(entity, held_by_sibling[entity.address])
                    continue
                standing = (
                    None
                    if copies
                    else self._create(entity, unclaimed.entities, "ref_id", lambda _: connection)
                )
                if standing:  # refused for it: not planned for removal besides
                    claimed.add(standing.id)
                continue
            change = compare_found(entity, found, held_by, secret)
            if (
                change.cause is _IN_SYNC
                and entity.kind is not _DEVICE
                and entity.ref_id.startswith(own_prefix)
            ):
                add_change(change)  # an in-sync sensor of the stack's own: nothing more to say
                continue  # most of a fleet: `_matched_child`'s call saved
            self._matched_child(entity, found, connection, as_change(change))  # it may rewrite it
        if len(claimed) == len(live):  # each live child claimed (claimed holds only theirs): none to look for
            return
        for undeclared in live:
            if undeclared.id not in claimed:
                self._undeclared(undeclared, connection, parent)

    def _refuse_held_by_sibling(self, entity: DesiredEntity, held: HeldBySibling) -> None:
        """A declared device whose sensors a sibling's live device holds, its SERIAL_NO most likely
        changed to the sibling's refId (plan/sibling_serial.py): not created beside it, and those
        sensors, which the sibling plans as undeclared, marked as this refusal's."""
        self._refuse(entity.address, held.refusal(entity), lost_serial_no=held.live_ids)
        self.withheld += creations(entity, Cause.NOT_ON_PLATFORM, "not on the platform")

    def _refuse_child_moving_onto(
        self,
        entity: DesiredEntity,
        by_ref: Mapping[str, list[LiveEntity]],
        in_any_case: Callable[[str], list[LiveEntity]],
        siblings: Sequence[LiveEntity],
        connection: LiveConnection,
    ) -> None:
        """A device or sensor renamed onto a refId that a live one carries: a sibling, or one under
        another device or connection of the project (another tool's, found in the project's lists),
        which would carry it beside the renamed one all the same. Either is weighed by what it holds
        (`_refuse_moving_onto`), each under its own connection."""
        beyond = self._beyond_siblings(connection.project_id)
        sibling_ids = {each.id for each in siblings}

        def holders(ref_id: str) -> list[LiveEntity]:
            # of either kind: a sensor carrying a device's new refId is as much in its way
            others = beyond.carrying(ref_id)
            return [*in_any_case(ref_id), *(each for each in others if each.id not in sibling_ids)]

        def holding(live: LiveEntity) -> Holding:
            if live.id in sibling_ids:
                return Holding.of_child(live, entity.kind, connection)
            return Holding.of_child(live, beyond.kind_of(live), beyond.connection_of[live.id])

        self._refuse_moving_onto(entity, lambda ref_id: by_ref.get(ref_id, []), holders, holding)

    def _beyond_siblings(self, project_id: str) -> Carrying:
        if project_id not in self.carrying_in:
            project = self.projects.get(project_id)
            self.carrying_in[project_id] = Carrying.of(project) if project else Carrying({}, {})
        return self.carrying_in[project_id]

    def _refuse_taken_twice(
        self,
        entity: DesiredEntity,
        found: LiveEntity,
        siblings: Sequence[DesiredEntity],
        by_ref: Mapping[str, list[LiveEntity]],
    ) -> None:
        """Two declared siblings found one live entity (a `ref_id:` naming another's `moved` refId,
        which validate refuses, or any way yet unseen): the plan would write both to it, renaming it
        for one and removing what the other does not declare. Refused, naming both."""
        others = [
            sibling.address
            for sibling in siblings
            if sibling is not entity
            for ref_id in (sibling.ref_id, sibling.old_ref_id)
            if ref_id and any(copy.id == found.id for copy in by_ref.get(ref_id, []))
        ]
        other = f" {others[0]}" if others else " another declared entity"
        self._refuse(
            entity.address,
            f"it takes the live {entity.kind} {found.ref_id} ({found.id}), which{other} takes too: two "
            "declared entities cannot be one on the platform, and the plan would write both to it. Drop the "
            "`ref_id:` or the `moved` entry that names it, whichever is not meant",
        )

    def _copies_in_another_case(
        self,
        entity: DesiredEntity,
        found: LiveEntity,
        in_another_case: Mapping[str, list[str]],
        by_ref: Mapping[str, list[LiveEntity]],
    ) -> list[str]:
        """The ids of the live siblings whose refId differs from the found one's only in case: copies
        of it to a platform that matches refIds without case (plan/copies.py). Reported as such,
        never touched, and no write may go to that refId while they stand."""
        ref_id = str(found.ref_id)
        others = [
            e for each in in_another_case.get(fold_ref_id(ref_id), ()) if each != ref_id for e in by_ref[each]
        ]
        self.changes += (copy_in_another_case(entity, other, found) for other in others)
        if others:
            self.ambiguous.append(entity.address)
        return [other.id for other in others]

    def _kept_child(
        self, entity: DesiredEntity, copies: list[LiveEntity], connection: LiveConnection
    ) -> LiveEntity | None:
        """Copies of a device or sensor cannot be told apart by integrate, which addresses them by
        refId: extra ones are reported, and no write may go to that refId while they stand."""
        is_device = entity.kind is Kind.DEVICE
        holding = (
            {copy.id: connection.held_by(copy, is_device).holds_data for copy in copies}
            if len(copies) > 1
            else {}
        )
        choice = choose_copy(copies, holding, str(entity.kind), entity.ref_id)
        if choice.problem:
            self._refuse(entity.address, choice.problem)
        for extra in choice.extra:
            self.changes.append(extra_copy(self.stack, entity, extra, choice.kept, connection))
        if choice.extra:
            self.ambiguous.append(entity.address)
        return choice.kept

    def _matched_child(
        self, entity: DesiredEntity, found: LiveEntity, connection: LiveConnection, change: Change
    ) -> None:
        """A declared device or sensor found live, `change` its comparison (`compare_found`), but for
        an in-sync sensor of the stack's own, which `_children` plans itself."""
        is_device = entity.kind is _DEVICE
        if change.cause is not _IN_SYNC:  # most are in sync, which nothing refuses
            self._refuse_what_cannot_be_written(entity, found, change)
        sensors = connection.sensors_of(found) if is_device else []
        if not entity.ref_id.startswith(self.own_prefix):  # pinned by `ref_id:`: few are
            change = _adopted_from_another_stack(change, entity, self.stack)
        if change.action is Action.REPLACE:
            change = self._taking_undeclared_children(change, entity, sensors, connection)
        self.changes.append(change)
        if not is_device:
            return
        if change.action is Action.REPLACE:
            recreated = _recreated_as_declared(change)
            live = by_ref_id(sensors)
            for sensor in entity.children:
                self.changes += (
                    [_made_again(sensor, live)]
                    if sensor.address in recreated
                    else creations(sensor, Cause.NOT_ON_PLATFORM, "not on the platform")  # missing already
                )
        else:
            planned = len(self.changes)
            self._children(entity.children, sensors, connection, parent=entity.address)
            self._refuse_adding_beside_unread(found, connection, self.changes[planned:])

    def _refuse_adding_beside_unread(
        self, device: LiveEntity, connection: LiveConnection, changes: Sequence[Change]
    ) -> None:
        """No sensor is created under, or renamed onto, a device whose SIZE counts sensors that were
        not read: one of them may carry its refId, and the new one would be a copy of it."""
        if not connection.unread_sensors(device):
            return
        for change in changes:
            if change.kind is Kind.SENSOR and adds_a_ref_id(change):
                read = len(connection.sensors_of(device))
                self.problems.append(Refusal(change.address, beside_unread_sensors(change, device, read)))

    def _undeclared(self, entity: LiveEntity, connection: LiveConnection, parent: Address) -> None:
        is_device = not entity.parent_id or entity.parent_id == connection.node.id
        kind = Kind.DEVICE if is_device else Kind.SENSOR
        sensors = connection.sensors_of(entity) if is_device else []
        observations = connection.held_by(entity, is_device)
        # Under its live parent's address, the one its connection is applied by: the refId may still
        # name a parent that `moved` renamed, or the key a connection pinned by `id:` had before.
        address = self.own.child_address(parent, entity, connection)
        side = LiveSide(kind, address, connection.project_id, observations)
        if self.own.owns(entity, address.depth):
            contents = self.own.contents_of(address, sensors, connection)
            # Kept declared with `sensors: []`, its own sensors go; not under a connection it dropped.
            emptied = "sensors" if parent.connection in self.declared_connections else ""
            shared = self.pruning.shared_why(connection, "them")
            refusal = self.own.taking_what_is_not_ours(
                address, "removing this device", contents, emptied, shared, entity.ref_id
            )
            named = self.own.address_from_ref(entity)
            known_as = "" if named == address else f" as {named}"
            reason = f"not in the manifest; owned by stack {self.stack!r}{known_as}"
            orphan = removal(side, entity, Cause.NOT_IN_MANIFEST, reason)
            orphan = self._taking(orphan, contents, sensors_counted(sensors))
            self.changes.append(orphan)
            if self._declares(fold_ref_id(str(entity.ref_id))):
                self.carrying_declared_ref_ids.append((orphan, refusal))
            elif refusal:
                self.problems.append(Refusal(address, refusal, removal_of=entity.id))
            return
        kept_because = ""
        if self.options.prune_unmanaged:
            contents = self.own.contents_of(address, sensors, connection)
            kept_because = self.pruning.left_by_prune(entity, address.depth, connection, contents)
            if not kept_because:
                reason = f"unmanaged ({serial_text(entity.ref_id)}); removed by --prune-unmanaged"
                self.changes.append(self._taking(removal(side, entity, Cause.PRUNED, reason), contents))
                return
        left = len(self.changes)
        if is_device:  # its sensors of this stack's (one it adopted by `ref_id:`, then dropped) are orphans
            self._orphans_under_another_device(entity, connection, parent, kept_because)
        else:
            self.changes.append(_left_unmanaged(side, entity, self.stack, kept_because))
        if self._carries_a_declared_ref_id(
            entity, address.depth
        ):  # a copy, whatever case its stack prefix is in
            self.carrying_declared_ref_ids.append((self.changes[left], ""))
            self.copies_kept += sensors

    def _carries_a_declared_ref_id(self, entity: LiveEntity, depth: int) -> bool:
        """Whether `entity`, at `depth`, carries the refId of a declared entity of its depth as refIds
        are compared (fold_ref_id): a copy of it, whatever case its stack prefix is in."""
        if entity.ref_id is None:
            return False
        folded = fold_ref_id(entity.ref_id)
        return self._declares(folded) and self.declared_depths.get(folded) == depth

    def _taking(self, change: Change, contents: Mapping[Address, LiveEntity], held: str = "") -> Change:
        """A removal with what goes with it; its reason names what of that the stack does not own,
        which only --prune-unmanaged lets go (otherwise the plan is refused for it). `held`: what an
        orphan of the stack holds (`2 devices and 5 sensors`), said with it."""
        reason = change.reason + self.own.holding(held, contents)
        taking = with_collateral(dataclasses.replace(change, reason=reason), contents)
        return self._recording_copies(taking, contents)

    def _recording_copies(self, taking: Change, contents: Mapping[Address, LiveEntity]) -> Change:
        """Every removal or replacement that takes entities records the copies of declared ones among
        them: copies_of_declared_entities names each on it, and fences the declared refId."""
        self.copies_taken += (
            TakenCopy(taking, where, copy, held_by_copy(where, copy, contents))
            for where, copy in declared_copies(contents, self._carries_a_declared_ref_id)
        )
        return taking

    # --- one entity ----------------------------------------------------------------------
    def _compare(
        self, entity: DesiredEntity, live: LiveEntity, observations: Callable[[], Observations]
    ) -> Change:
        change = compare(entity, live, observations, self.resolve_secret)
        self._refuse_what_cannot_be_written(entity, live, change)
        return change

    def _refuse_what_cannot_be_written(self, entity: DesiredEntity, live: LiveEntity, change: Change) -> None:
        if change.action is Action.REPLACE:
            self._refuse_replacing_protected(entity)
        unreadable = _unreadable_field(change, entity)
        if unreadable is not None:
            self._refuse(entity.address, _not_written_over(entity, live, unreadable))

    def _refuse_replacing_protected(self, entity: DesiredEntity) -> None:
        """A replaced device takes its sensors: the refusal names the entity `protect:` is written
        on, where the user will look for it."""
        if entity.protect:
            self._refuse(entity.address, "protected, but its template change would replace it")
            return
        sensor = next((child for child in walk(entity.children) if child.protect), None)
        if sensor is not None:
            problem = f"protected, but its device {entity.address}'s template change would replace it"
            self.problems.append(Refusal(entity.address, f"{sensor.address}: {problem}"))

    def _taking_undeclared_children(
        self, change: Change, entity: DesiredEntity, sensors: list[LiveEntity], connection: LiveConnection
    ) -> Change:
        """A replaced device takes every live sensor with it, the ones the manifest does not declare
        too: named in the plan, and refused unless they are this stack's or --prune-unmanaged. The
        declared ones are recorded, so that what the device holds once confirmed can be told from
        what it held when reviewed (apply/recount.py), each with where the plan creates it again
        where its refId's address differs (a pinned refId's `#` and short id, a `moved` sensor's old
        key): what a refusal of its data names (`Change.recreated_shown`)."""
        declared = {ref: c.address for c in entity.children for ref in (c.ref_id, c.old_ref_id) if ref}
        lost = [sensor for sensor in sensors if sensor.ref_id not in declared]
        kept = {
            self.own.child_address(entity.address, s, connection): s for s in sensors if s.ref_id in declared
        }
        shown = tuple(
            (at, declared[str(s.ref_id)]) for at, s in kept.items() if declared[str(s.ref_id)] != at
        )
        change = dataclasses.replace(change, recreated=tuple(kept), recreated_shown=shown)
        if not lost:
            return with_collateral(change, {}, kept)
        taken = {self.own.child_address(entity.address, sensor, connection): sensor for sensor in lost}
        self._refuse_taking_what_is_not_ours(entity.address, "replacing this device", taken, "", connection)
        names = first([shown_serial(sensor.ref_id) or sensor.id for sensor in lost], 5)
        goes = plural("goes", len(lost))
        reason = f"{change.reason}; {counted(len(lost), 'undeclared sensor')} {goes} with it: {names}"
        taking = with_collateral(dataclasses.replace(change, reason=reason), taken, kept)
        return self._recording_copies(taking, taken)

    def copies_of_declared_entities(self) -> None:
        """The stack's undeclared entities that carry the refId of a declared one found live: copies
        of it (made in the web app), not orphans. Reported as duplicates and never removed, and no
        write goes to that refId while they stand (the platform's rule for a second one is unknown:
        docs/api-assumptions.md, A1++). The others, the declared one moved there most likely, stay
        removals (and the creation of the declared one is refused, saying so: plan/copies.py).
        Under --shard, a copy of what another shard declares is kept whether or not that shard found
        its original, which this one cannot tell: that shard refuses to create a refId live here, and
        to write by one a copy carries (refuse_writes_to_copies_outside_the_read)."""
        self._copies_kept_on_threads()
        if not (self.carrying_declared_ref_ids or self.copies_taken or self.copies_kept):
            return
        found = self._found_live()
        position = _positions(self.changes)  # a copy replaces its orphan where it stands: none moves
        for orphan, refusal in self.carrying_declared_ref_ids:
            original = self._declared_original(orphan.live_ref_id, found)
            if original is None:
                if refusal:
                    self.problems.append(Refusal(orphan.address, refusal, removal_of=orphan.live_id))
                continue
            # Not found live here: another shard's, which alone can tell whether it is live.
            seen = fold_ref_id(str(orphan.live_ref_id)) in found
            self.changes[position[id(orphan)]] = copy_of(
                orphan, original, prefixed_copy(self.stack, self.projects, orphan), seen=seen
            )
            self.ambiguous.append(original)
        # Taken by a removal (an orphan connection or device that holds it): until that removal is
        # made, two live entities carry the refId, so no write reaches the declared one.
        for copy in (*(taken.copy for taken in self.copies_taken), *self.copies_kept):
            original = self._declared_original(copy.ref_id, found)
            if original is not None:
                self.ambiguous.append(original)
        self._name_copies_taken(found)

    def copies_of_renamed_ref_ids(self) -> None:
        """A `moved` device's or sensor's write goes by the refId it carries still (`live_ref_id`),
        which the copies above, matched by the declared refId, never find: another live one carrying
        it under a connection read (in a connection of the stack's the plan removes, say, whose
        removal comes after the writes) fences the rename's writes, as a copy of a declared refId
        does (refuse_ambiguous_writes). One the project's lists found beyond the read fences them too
        (refuse_writes_to_copies_outside_the_read)."""
        # An in-sync sensor (`InSync`, most of a fleet) carries its declared refId, renamed by no
        # `moved` entry: passed over before any test, `renames` reading both refIds through it.
        maybe_renamed = (change for change in self.changes if change.__class__ is not InSync)
        renamed = {
            (change.project_id, fold_ref_id(str(change.live_ref_id))): change
            for change in self._declared_found_live(maybe_renamed)
            if renames(change) and not change.on_thread
        }
        if not renamed:  # the usual plan: no pass over what was read
            return
        for project_id, project in self.projects.items():
            for connection in project.connections.values():
                for entity in connection.devices_and_sensors():
                    if entity.ref_id is None:
                        continue
                    change = renamed.get((project_id, fold_ref_id(entity.ref_id)))
                    if change and entity.id != change.live_id and change.address not in self.ambiguous:
                        self.ambiguous.append(change.address)

    def _name_copies_taken(self, found: Mapping[str, Address]) -> None:
        """Each removal taking a copy of a declared entity names it, and the declared one: the copy
        is its collateral, listed nowhere else, where a plan that kept its parent called it a copy
        iotplan does not remove on its own. The data source may be writing the declared one's data
        there (the web app's copy keeps the SERIAL_NO)."""
        by_removal: dict[int, list[tuple[TakenCopy, Address]]] = {}
        for taken in self.copies_taken:
            original = self._declared_original(taken.copy.ref_id, found)
            if original is not None:
                by_removal.setdefault(id(taken.by), []).append((taken, original))
        if not by_removal:
            return
        for at, change in enumerate(self.changes):  # a removal made a duplicate since is not here
            copies = by_removal.get(id(change))
            if copies:
                self.changes[at] = naming_copies(change, copies)

    def _copies_kept_on_threads(self) -> None:
        """The devices and sensors kept under a declared THREAD (never removed: plan/thread.py) that
        carry the refId of a declared one integrate writes by: copies of it, as under any other
        connection (a THREAD is one), whoever put them there. Reported so, and no write reaches that
        refId while they stand, as a shard reading them from the project's lists refuses it."""
        carried = {each.id: each for thread in self.threads_read for each in kept_carriers(thread)}
        if not carried:  # nothing kept carries a SERIAL_NO: no pass over the plan's changes
            return
        kept = [
            (at, change, carried[change.live_id])
            for at, change in enumerate(self.changes)
            if change.cause is _NOT_REMOVABLE and change.live_id in carried
        ]
        if not kept:  # the usual THREAD: every logger that carries a SERIAL_NO is declared
            return
        found = self._found_live(through_integrate=True)
        for at, change, live in kept:
            original = self._declared_original(live.ref_id, found)
            if original is not None:
                prefixed = prefixed_copy(self.stack, self.projects, change, carrying=live.ref_id)
                self.changes[at] = copy_on_a_thread(change, str(live.ref_id), original, prefixed)
                self.ambiguous.append(original)

    def refuse_ambiguous_writes(self, live: LiveState) -> None:
        self._refuse_writes_within(self.ambiguous, live)

    def refuse_writes_to_copies_outside_the_read(self, live: LiveState) -> None:
        """The devices and sensors under connections the plan did not read (another shard's, one
        whose orphans another shard removes, a THREAD the manifest does not declare) that the
        project's lists found carrying the refId of one it found live: copies of it, as they are under
        a connection it read (copies_of_declared_entities), so no write reaches that refId while they
        stand. The lists are read where it writes by a refId (unread_where_it_writes), or were read
        whole already."""
        outside = [
            carrier for project in live.projects.values() for carrier in listed_outside_the_read(project)
        ]
        if not outside:  # the usual plan: one run, no undeclared THREAD
            return
        found = self._found_live(through_integrate=True, as_written=True)
        copied = {
            found[folded] for carrier in outside if (folded := fold_ref_id(str(carrier.ref_id))) in found
        }
        fenced = set(self.ambiguous)  # refused already (refuse_ambiguous_writes)
        self._refuse_writes_within(sorted(copied - fenced), live, also_refused=fenced)
        self.ambiguous += sorted(copied - fenced)

    def _refuse_writes_within(
        self, copied: Sequence[Address], live: LiveState, also_refused: Set[Address] = frozenset()
    ) -> None:
        """Every write within an entity whose refId two live entities carry, but one within
        `also_refused`, already refused so. Each write looks up its own address and its ancestors,
        and the carriers are gathered once: a fleet of copies is refused in one pass, not its square."""
        if not copied:
            return
        fenced = set(copied)
        also_refused = also_refused | self.moved_onto  # told by the moved-onto refusal instead
        found = (change for change in self._declared_found_live() if change.address in fenced)
        carriers = Carriers.of(self.changes, found, live.projects.values())  # of the fenced alone
        renamed = renamed_beside_others(carriers, live, self._moving)
        lost = lost_serial_nos(self.problems)
        pointed: dict[Address, list[Address]] = {}  # the refused writes each lost-SERIAL_NO refusal frees
        for change in self.changes:
            if not change.action.writes:
                continue
            lineage = list(change.address.self_and_ancestors())  # the connection first
            within = next((a for a in lineage if a in fenced), None)
            if within is not None and also_refused.isdisjoint(lineage):
                told = renamed.get(within)
                lost_by = carriers.lost_by(within, lost) if told is None else None
                if lost_by is not None:
                    pointed.setdefault(lost_by, []).append(change.address)
                removed = (
                    self._removals_told_by_the_entry(told[1]) if told and change.address == within else ()
                )
                self.problems.append(
                    refused_by_twice(change, within, carriers, told, lost_by, self.own.stack, removed)
                )
        self._about_the_writes_it_frees(pointed)

    def _about_the_writes_it_frees(self, pointed: Mapping[Address, Sequence[Address]]) -> None:
        """Each refusal of a device that had its SERIAL_NO changed to the refId of another declared
        one (`Refusal.lost_serial_no`) about that one's writes too, refused for the refId both carry:
        its step, setting it back, is theirs, so a selection holding one of them (`--target dam-b`)
        tells it beside them, never their refusal alone, pointing at one it leaves out."""
        if not pointed:  # nearly every plan
            return
        self.problems[:] = [
            dataclasses.replace(problem, about_also=(*problem.about_also, *pointed[problem.address]))
            if problem.lost_serial_no and problem.address is not None and problem.address in pointed
            else problem
            for problem in self.problems
        ]

    def name_what_moves_onto_live_ones_are_about(self) -> None:
        """Each refusal of a rename onto a live entity (`_refuse_moving_onto`) made about the old
        entity too, which the plan lists as a removal, and about every write beneath either: `plan`
        and `apply` refuse them all, and drift marks each so, pointing at the entry's refusal
        (plan/drift_entries.py `with_refusals`). Told only once the changes are all made."""
        if not self.moved_onto:  # nearly every plan
            return
        changes = [*self.changes, *self.withheld]
        by_live_id = {change.live_id: change.address for change in changes if change.live_id}
        self.problems[:] = [
            _about_the_old_one(problem, by_live_id.get(problem.moved_from), changes)
            if problem.moved_from is not None
            else problem
            for problem in self.problems
        ]

    def _removals_told_by_the_entry(self, besides: Sequence[OldRefIdCarrier]) -> tuple[Address, ...]:
        """The addresses of those carrying a `moved` rename's old refId that the plan removes as the
        stack's orphans (under a connection it does not declare): their refusals as removals go, whose
        step ("remove them in the platform's web app") contradicts the entry's and destroys their
        history; the entry's refusal is told for them instead, a selection holding one of them too.
        Only theirs go, by live id: what the entry's refusal tells is the carrier, not an address."""
        carrying = {each.holding.live.id for each in besides}
        removed = tuple(
            change.address
            for change in self.changes
            if change.action is Action.REMOVE and change.live_id in carrying
        )
        if removed:
            self.problems[:] = [problem for problem in self.problems if problem.removal_of not in carrying]
        return removed

    def _found_live(self, through_integrate: bool = False, as_written: bool = False) -> dict[str, Address]:
        """The declared devices and sensors found live, by their refId folded as refIds are compared;
        `through_integrate`: only those written by refId (a THREAD's are written by id); `as_written`:
        a `moved` one by the refId it carries too, which its rename's write goes by."""
        found = {
            fold_ref_id(str(change.ref_id)): change.address
            for change in self._declared_found_live()
            if not (through_integrate and change.on_thread)
        }
        if as_written:  # the refId a rename goes by, where no declared one carries it now
            for change in self._declared_found_live():
                if renames(change) and not (through_integrate and change.on_thread):
                    found.setdefault(fold_ref_id(str(change.live_ref_id)), change.address)
        return found

    def _declared_found_live(self, among: Iterable[Change] | None = None) -> Iterator[Change]:
        """Those of `among` (the plan's changes, unless given)."""
        return (
            change
            for change in (self.changes if among is None else among)
            if change.kind in _CARRY_REF_IDS and change.live_id and change.action in _FOUND_LIVE
        )

    def _written_by_ref_id(self) -> Iterator[tuple[str, str]]:
        """The project and refId of each declared device and sensor found live that a write addresses
        by its refId: one to it, or beneath it (integrate reaches a sensor through its device's); a
        renamed one's live refId too, which the rename goes by."""
        writes = [c for c in self.changes if c.action.writes and not c.on_thread and c.kind in _CARRY_REF_IDS]
        if not writes:
            return
        found = {change.address: change for change in self._declared_found_live()}
        for write in writes:
            for address in write.address.self_and_ancestors():
                if address in found:
                    yield found[address].project_id, str(found[address].ref_id)
                    if renames(found[address]):
                        yield found[address].project_id, str(found[address].live_ref_id)  # a rename's

    def refuse_creating_in_other_stacks(self) -> None:
        """No device or sensor is created with a pinned refId another stack owns: that stack would
        remove it whenever its manifest leaves it out, and this one create it again (plan/copies.py)."""
        for changes in _created_by_project(self.changes).values():
            for change in changes:
                other = owner_of(change.ref_id, change.address.depth)
                if other and other != self.stack:
                    self.problems.append(Refusal(change.address, created_in_another_stack(change, other)))

    def unread_where_it_writes(self, live: LiveState) -> dict[str, frozenset[str]]:
        """The refIds of the devices and sensors the plan creates, and those it writes by, per project
        whose read left connections unread (under --shard, another shard's; in one run, only a THREAD
        the manifest does not declare: every API connection is read): whether one is live there
        cannot be told yet (plan/copies.py, refuse_writes_to_copies_outside_the_read)."""
        unread = {project_id for project_id, project in live.projects.items() if project.unread}
        if not unread:  # the usual plan: nothing to look for, so no write is walked
            return {}
        ref_ids: dict[str, set[str]] = {
            project_id: {str(change.ref_id) for change in changes}
            for project_id, changes in _created_by_project(self.changes).items()
        }
        for project_id, ref_id in self._written_by_ref_id():
            ref_ids.setdefault(project_id, set()).add(ref_id)
        return {project_id: frozenset(each) for project_id, each in ref_ids.items() if project_id in unread}

    def refuse_creating_live_ref_ids(self, live: LiveState) -> None:
        """No device or sensor is created with a refId a live one carries anywhere in its project
        (plan/copies.py); the projects it creates in are read whole by now."""
        created = _created_by_project(self.changes)
        if not created:  # a no-op plan's: no pass over its changes for what it replaces and removes
            return
        # A replaced device's sensors are created again with it, after the live ones went with it. A
        # removal, though, comes after the creations: what it removes still carries its refIds then.
        replaced = {change.live_id for change in self.changes if change.action is _REPLACE}
        removals = {change.live_id: change for change in self.changes if change.action is _REMOVE}
        lost = lost_serial_nos(self.problems)
        for project_id, changes in created.items():
            for change, carrier in carriers(live.projects[project_id], changes):
                if carrier.entity.parent_id not in replaced:
                    removal = next(filter(None, map(removals.get, carrier.lineage)), None)
                    refusal, half_moved = carried_elsewhere(
                        change,
                        carrier,
                        self.own,
                        removal,
                        self.declared_connections,
                        lost.get(carrier.entity.id),
                        self._found_at,
                    )
                    self.problems.append(
                        Refusal(
                            change.address,
                            refusal,
                            about_also=() if half_moved is None else (half_moved,),
                            carried_by=carrier.entity.id,
                            half_moved_device=half_moved,
                            beside_carrier=() if half_moved is None else sensors_beside(carrier, self.own),
                            unread_beside_carrier=0
                            if half_moved is None
                            else sensors_not_read_beside(carrier),
                        )
                    )


def _made_again(sensor: DesiredEntity, live: Mapping[str, list[LiveEntity]]) -> Change:
    """The creation of a sensor its replaced device takes, made again as declared: its `before` the
    live one's fields, so that what it holds undeclared (a name or notes set in the web app), which
    the new one is made without, is shown as a replaced device's is (render/lines.py). No fingerprint:
    a sensor swapped behind its address is the replacement's `holding` to tell (apply/recount.py); a
    saved plan's apply tells such a field changed since by this `before` (apply/stale.py)."""
    (creation,) = creations(sensor, Cause.WITH_PARENT, "created with its replaced device")
    found = live.get(sensor.ref_id) or live.get(sensor.old_ref_id or "") or []
    if not found:
        return creation
    return dataclasses.replace(creation, before=live_fields(Kind.SENSOR, found[0].props))


def _recreated_as_declared(replaced: Change) -> set[Address]:
    """The declared addresses of the live sensors a replaced device takes and the plan creates again
    (`recreated`, at the address the manifest gives each where its refId's differs)."""
    shown = dict(replaced.recreated_shown)
    return {shown.get(at, at) for at in replaced.recreated}


def _about_the_old_one(refusal: Refusal, old: Address | None, changes: Sequence[Change]) -> Refusal:
    """`refusal`, of a rename onto a live entity, about the old entity (where the plan lists it) and
    every write beneath it or the new one too."""
    assert refusal.address is not None  # a rename's refusal is at the renamed entity
    ends = [refusal.address, *([old] if old is not None else [])]
    beneath = (
        change.address
        for change in changes
        if change.action.writes
        and change.address not in ends
        and any(change.address.is_within(end) for end in ends)
    )
    about = dict.fromkeys([*ends[1:], *beneath])
    return dataclasses.replace(refusal, about_also=tuple(about))


class _Unclaimed:
    """The live children no declared sibling claims by its refId (or by the one before `moved`):
    where one is created, they are what may stand in its way. Listed when first asked: most
    parents create nothing; indexed as asked for, once for all the parent's creations."""

    def __init__(self, desired: Sequence[DesiredEntity], live: list[LiveEntity]) -> None:
        self._desired, self._live = desired, live

    @cached_property
    def entities(self) -> Candidates:
        wanted = {e.ref_id for e in self._desired} | {e.old_ref_id for e in self._desired if e.old_ref_id}
        return Candidates(entity for entity in self._live if entity.ref_id not in wanted)


def _differing_in_case(by_ref: Mapping[str, list[LiveEntity]]) -> dict[str, list[str]]:
    """The live refIds that differ from another one only in case, by their folded refId
    (fold_ref_id): almost always none, which a set tells at half the cost of the groups (asked per
    device and connection of a fleet)."""
    if _folded_already(by_ref) or len(set(map(fold_ref_id, by_ref))) == len(by_ref):
        return {}
    return {key: ref_ids for key, ref_ids in _by_fold(by_ref).items() if len(ref_ids) > 1}


def _in_any_case(by_ref: Mapping[str, list[LiveEntity]]) -> Callable[[str], list[LiveEntity]]:
    """The live siblings whose refId is the one asked but for case (fold_ref_id): folded at the
    first ask of a sibling list, by a `moved` entity (few are), and once for all its siblings."""
    folded: dict[str, list[str]] = {}

    def holders(ref_id: str) -> list[LiveEntity]:
        if not folded:
            folded.update(_by_fold(by_ref))
        return [entity for each in folded.get(fold_ref_id(ref_id), []) for entity in by_ref[each]]

    return holders


def _by_fold(ref_ids: Iterable[str]) -> dict[str, list[str]]:
    """The refIds by their folded refId (fold_ref_id), each group in the order given."""
    folded: dict[str, list[str]] = {}
    for ref_id in ref_ids:
        folded.setdefault(fold_ref_id(ref_id), []).append(ref_id)
    return folded


def _folded_already(ref_ids: Iterable[str]) -> bool:
    """Whether each refId is its own fold (`fold_ref_id`), as iotplan's own are: ASCII, no capital
    and no blank (a text that is printable holds none but " "), so none folds to another's. Told
    of them all at once: half the cost of folding each (tests/plan/test_differing_in_case.py)."""
    joined = "".join(ref_ids)
    return joined.isascii() and joined.islower() and joined.isprintable() and " " not in joined


def _created_by_project(changes: Sequence[Change]) -> dict[str, list[Change]]:
    """The devices and sensors the plan creates through integrate, by project (a THREAD's have ids,
    not refIds: plan/thread.py)."""
    created: dict[str, list[Change]] = {}
    for change in changes:
        if change.action is _CREATE and change.kind in _CARRY_REF_IDS and not change.on_thread:
            created.setdefault(change.project_id, []).append(change)
    return created


_CARRY_REF_IDS = (Kind.DEVICE, Kind.SENSOR)
# Read once: an enum member read through its class costs a lookup each time, and the passes over a
# plan's changes ask one of each of a fleet's 111,100 (7 ms a pass, 1 ms so).
_CREATE, _REPLACE, _REMOVE, _NOT_REMOVABLE = Action.CREATE, Action.REPLACE, Action.REMOVE, Cause.NOT_REMOVABLE
_DEVICE, _IN_SYNC = Kind.DEVICE, Cause.IN_SYNC  # asked of each declared device and sensor found live
_LIVE_ID = attrgetter("id")  # a child's, claimed by its declared one: half a list's cost, per entity
_FOUND_LIVE = (Action.NOOP, Action.UPDATE, Action.REPLACE)  # a declared entity's change, once found live


@dataclass(frozen=True)
class _DeclaredKey:
    """A connection key as the manifest declares it, and the project it declares it in."""

    key: Address
    project_id: str


@dataclass(frozen=True)
class _DeclaredThread:
    """A THREAD node's key as the manifest declares it, and its connection id."""

    key: Address
    node_id: str


def _at_a_threads_address(live: LiveConnection, thread: _DeclaredThread, stack: str) -> str:
    """A connection whose refId is the one the THREAD node's key gives (`st:site`, a feed once declared
    `kind: api` under that key): planned beside the THREAD, its removal or copy would be told, selected
    by --target and applied at the THREAD's address, as the THREAD's own."""
    held = live.observations
    noun = "API connection" if live.node.id.startswith("/api/") else "connection"
    return (
        f"THREAD node {thread.key} ({thread.node_id}) and the {noun} {printable(live.node.id)} (refId "
        f"{quoted_serial(live.node.ref_id)}{contents_text(live)}, holding "
        f"{observations(held.known, held.unknown)}) would share the address {thread.key}: a THREAD is "
        "found by its id, so that connection is another entity, yet its changes would be planned and "
        f"applied as the THREAD's. Give the THREAD node another key: the connection, stack {stack!r}'s, "
        "is then planned on its own (declared `kind: api` to keep it, or left out to remove it)"
    )


def _moved_between_projects(address: Address, live: LiveConnection, declared: _DeclaredKey) -> str:
    held = live.observations
    declared_in = declared.project_id
    if declared.key != address:
        declared_in += f" as {declared.key} (keys that differ only in case are one key)"
    return (
        f"declared in project {declared_in}, but the stack's connection of this key ({live.node.id}, "
        f"holding {observations(held.known, held.unknown)}) is in project {live.project_id}: a "
        "connection and its history cannot move between projects, and one key cannot name a "
        f"connection in each. Keep it under project {live.project_id}'s `nodes:`; or give the new one "
        "another key: the plan then shows the old one's removal, with its history, as its own to "
        "review (apply asks --allow-destroy for its observations)"
    )


def _moved_entry_between_projects(old: Address, live: LiveConnection, moved_to: _DeclaredKey) -> str:
    held = live.observations
    return (
        f"`moved: {{from: {old}, to: {moved_to.key}}}` renames the stack's connection {old} "
        f"({live.node.id}, holding {observations(held.known, held.unknown)}) in project "
        f"{live.project_id} to a key declared in project {moved_to.project_id}: a connection and its "
        "history cannot move between projects, so the entry cannot keep them. Declare "
        f"{moved_to.key} under project {live.project_id}'s `nodes:` to rename it there; or drop the "
        f"`moved` entry: the plan then shows {old}'s removal, with its history, as its own to review "
        "(apply asks --allow-destroy for its observations)"
    )


def _positions(changes: Sequence[Change]) -> dict[int, int]:
    """Where each change stands in `changes` (the first place, by identity): found once, not by a
    search of the list for each."""
    return {id(change): at for at, change in reversed(list(enumerate(changes)))}


def _adopted_from_another_stack(change: Change, entity: DesiredEntity, stack: str) -> Change:
    """An entity adopted by a `ref_id:` another stack's manifest gives it (`owner_of`) stays that
    stack's too: said with every change to it, and in drift reports (`import --stack` adopts so;
    nothing hands ownership over). One that only starts with its prefix is no stack's."""
    other = owner_of(entity.ref_id, entity.address.depth)
    if not other or other == stack:
        return change
    note = f"; stack {other!r} owns it too, and removes it when its manifest drops it"
    return dataclasses.replace(change, reason=change.reason + note)


def _left_unmanaged(
    side: LiveSide, live: LiveEntity, stack: str, kept_because: str, unlisted: int = 0
) -> Change:
    """An unmanaged entity, left alone (`unmanaged`, its reason naming the stack that owns it);
    `kept_because`: why --prune-unmanaged could not remove it, with what to do instead
    (plan/pruning.py); `unlisted`: the unmanaged sensors beneath it the plan counts on its line,
    not one by one."""
    change = unmanaged(side, live, stack)
    reason = change.reason
    if unlisted:
        reason = f"{reason}; beneath it {counted(unlisted, 'unmanaged sensor')}, not listed one by one"
    if kept_because:
        reason = f"{reason}; --prune-unmanaged leaves it {kept_because}"
    return change if reason is change.reason else dataclasses.replace(change, reason=reason)


def _carrier(connection: LiveConnection, address: Address, stack: str) -> Change:
    """The connection under which the stack's orphans are removed: written nothing, named by its id."""
    node = connection.node
    return Change(
        address=address,
        kind=Kind.NODE,
        action=Action.NOOP,
        cause=Cause.UNMANAGED,
        project_id=connection.project_id,
        connection=address.connection,
        reason=f"{unmanaged_reason(stack, node.ref_id, 0)}; holds its orphans",
        live_id=node.id,
        live_ref_id=node.ref_id,
        counted=False,
    )


def _unreadable_field(change: Change, entity: DesiredEntity) -> FieldChange | None:
    """A sensor's metric maps read in a form the reference does not document (plan/props.py): its
    history is read by them, so they are not written over. A location that is no numbers is unreadable
    too, and written over: it holds no history. Other entities, and a no-op plan's empty changes, are
    not searched."""
    if not change.fields or entity.kind is not Kind.SENSOR:
        return None
    unreadable = (
        each for each in change.fields if each.path == "metrics" and isinstance(each.before, Unreadable)
    )
    return next(unreadable, None)


def _not_written_over(entity: DesiredEntity, live: LiveEntity, field: FieldChange) -> str:
    """Why a field read in a form the reference does not document is not written over: what it
    holds (a sensor's metrics, which its history is read by) cannot be told."""
    assert isinstance(field.before, Unreadable)
    return (
        f"the {field.path} of {entity.kind} {live.id} cannot be read: {field.before.why}. The platform's "
        'reference documents metric maps keyed by index only ("0", "1", ... in metric order), so iotplan '
        "cannot tell what it measures, and does not write over it: set its metrics again in the "
        "platform's web app, then plan again"
    )


def with_collateral(
    change: Change, taken: Mapping[Address, LiveEntity], recreated: Mapping[Address, LiveEntity] | None = None
) -> Change:
    """`change` with what goes with it, and which of those sensors (connection/device/sensor: depth
    2) hold data or may (those of them whose count is unknown: `uncounted`). A replaced device's
    `recreated` sensors are no collateral (the plan makes them again), but their history goes with
    it: held, they are recorded as the others are, so one that held none when reviewed and holds
    data now is told (apply/stale.py `takes_more`). Held and shown at another address by the plan
    (`recreated_shown`), each is listed in `holding_shown` with it, for readers of the plan JSON:
    `holding` names it by its refId's address, the identity the staleness check compares.
    Each list is by address, a device before its sensors: the platform lists them in no set order
    (the `unstable-list-order` variant), and one in its order would change the plan's JSON and
    digest from one read to the next."""
    destroyed = {**taken, **(recreated or {})}
    counts = {
        address: Observations.of_sensor(destroyed[address])
        for address in _by_address(destroyed)
        if address.depth == 2
    }
    holding = tuple(address for address, held in counts.items() if held.holds_data)
    uncounted = tuple(address for address, held in counts.items() if held.unknown)
    elsewhere = dict(change.recreated_shown)
    shown = tuple((address, elsewhere[address]) for address in holding if address in elsewhere)
    return dataclasses.replace(
        change, collateral=_by_address(taken), holding=holding, holding_shown=shown, uncounted=uncounted
    )


def _owned_in(project: LiveProject, spelling: str) -> Iterator[tuple[int, Observations]]:
    """Each entity of the project that stack `spelling` owns by its exact prefix, read or listed (a
    connection read counts with what it holds beneath it, as its removal would take it): how many
    entities, and what they hold."""
    read = _connections_read(project)
    for node in {each.id: each for each in (*project.unclaimed, *project.held_elsewhere)}.values():
        if node.id not in read and owned_by(spelling, node.ref_id, 0):
            yield 1, Observations(node.observations or 0, node.observations is None)
    for connection in read.values():
        yield from _owned_under(connection, spelling)


def _connections_read(project: LiveProject) -> dict[str, LiveConnection]:
    """The connections of the project read with their devices and sensors (another stack's at a
    declared key, strays, its own), by id: one read in two of those is counted once."""
    return {
        each.node.id: each
        for each in (
            *project.other_stacks_at_keys.values(),
            *project.strays.values(),
            *project.connections.values(),
        )
    }


def _owned_under(connection: LiveConnection, spelling: str) -> Iterator[tuple[int, Observations]]:
    """Of a connection read, each entity `spelling` owns, once; what they hold counted at the highest
    owned (a connection's count takes all beneath it, a device's its sensors'), never twice."""
    top = owned_by(spelling, connection.node.ref_id, 0)
    if top:
        yield 1, connection.observations
    for device in connection.devices:
        device_owned = owned_by(spelling, device.ref_id, 1)
        if device_owned:
            yield 1, Observations() if top else connection.held_by(device, True)
        for sensor in connection.sensors_of(device):
            if owned_by(spelling, sensor.ref_id, 2):
                yield 1, Observations() if top or device_owned else Observations.of_sensor(sensor)


def _read_with_children(project: LiveProject) -> Callable[[LiveEntity], LiveConnection | None]:
    """A live connection of the project as read with its devices and sensors, for what it holds:
    another stack's at a declared key, or one the project's lists hold that no declared one claims
    (a look-alike in another case is read so: its own count alone misses its sensors')."""
    return lambda live: project.other_stacks_at_keys.get(live.id) or project.connections.get(live.id)


def _owned_by_both_in(project: LiveProject, one: str, other: str) -> Iterator[Observations]:
    """Of the connections of the project read, what each sensor `_owned_under` counts for both
    spellings holds (a device's sensors not read, where both count that device's)."""
    for connection in _connections_read(project).values():
        for device in connection.devices:
            above = [(connection.node.ref_id, 0), (device.ref_id, 1)]
            if connection.unread_sensors(device) and _counted_by_both(above, one, other):
                yield Observations(0, unknown=True)
            for sensor in connection.sensors_of(device):
                if _counted_by_both([*above, (sensor.ref_id, 2)], one, other):
                    yield Observations.of_sensor(sensor)


def _counted_by_both(lineage: list[tuple[str | None, int]], one: str, other: str) -> bool:
    """Whether each spelling owns an entity of a sensor's lineage (refId and depth), counting it."""
    return all(any(owned_by(spelling, *each) for each in lineage) for spelling in (one, other))


def _by_address(addresses: Iterable[Address]) -> tuple[Address, ...]:
    return tuple(sorted(addresses, key=lambda address: address.parts))


def _by_ref_id(connections: Iterable[LiveConnection]) -> list[LiveConnection]:
    """In their refIds' order, which for a stack's own is their addresses' (one prefix); the id
    decides between those with the same refId, or none."""
    return sorted(connections, key=lambda live: (live.node.ref_id or "", live.node.id))


def _thread_read_as_the_same(thread_id: str, project: LiveProject) -> str | None:
    """The id of a live THREAD connection that differs from `thread_id` only as refIds are compared
    (`fold_ref_id`): in case, a full-width digit, a zero-width space. `.upper()` let the last two
    pass, and a second THREAD node was registered beside one a platform may take for it."""
    wanted = fold_ref_id(thread_id)
    return next((live_id for live_id in project.connections if fold_ref_id(live_id) == wanted), None)
