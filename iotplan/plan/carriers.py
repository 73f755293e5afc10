"""Who carries a refId besides the declared entity found live as it, and the refusal of a write by a
refId two live entities carry: integrate addresses a device or sensor by its refId, so it cannot tell
them apart. Pure: the differ (plan/diff.py) gathers the carriers once, and asks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass

from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState, Observations
from iotplan.manifest import fold_ref_id
from iotplan.manifest.moves import shown_entry
from iotplan.plan.address import Address
from iotplan.plan.copies import MovingEntry, Prefixed, duplicate_to_remove, serial_no_taken_by
from iotplan.plan.model import Change, Kind, Refusal
from iotplan.plan.moved_beside import OldRefIdCarrier, beneath_renamed, renamed_beside
from iotplan.plan.ownership import LISTED
from iotplan.wording import first, quoted_serial


@dataclass(frozen=True)
class Carriers:
    """The declared devices and sensors found live, by address, and the changes to live entities by
    their connection and live refId folded: what names the refId two live entities carry."""

    found: Mapping[Address, Change]
    by_ref_id: Mapping[tuple[str, str], list[Change]]
    # Every live device and sensor carrying a found one's refId (folded), by id, with its connection:
    # one under another connection, read or found in the project's lists, is named by its ids.
    live: Mapping[str, Mapping[str, tuple[LiveEntity, LiveConnection]]]

    @classmethod
    def of(
        cls, changes: Sequence[Change], found_live: Iterable[Change], projects: Iterable[LiveProject]
    ) -> Carriers:
        found: dict[Address, Change] = {}
        for change in found_live:
            found.setdefault(change.address, change)
        by_ref_id: dict[tuple[str, str], list[Change]] = {}
        for change in changes:
            if change.live_id is not None:
                key = (change.connection, fold_ref_id(str(change.live_ref_id)))
                by_ref_id.setdefault(key, []).append(change)
        wanted = {_carried_folded(change) for change in found.values()}
        return cls(found, by_ref_id, _live_carriers(projects, wanted))

    def under_its_connection(self, declared: Address) -> list[Change]:
        """The others under the declared one's connection carrying its refId, by their changes."""
        found = self.found[declared]
        folded = _carried_folded(found)
        return [c for c in self.by_ref_id.get((found.connection, folded), []) if c.live_id != found.live_id]

    def under_other_connections(self, declared: Address) -> list[tuple[LiveEntity, LiveEntity]]:
        """The live ones carrying the declared one's refId under other connections, each with its
        connection's node (what `carried_twice` names by ids)."""
        found = self.found[declared]
        folded = _carried_folded(found)
        named = {c.live_id for c in self.by_ref_id.get((found.connection, folded), [])} | {found.live_id}
        return [
            (entity, connection.node)
            for entity, connection in self.live.get(folded, {}).values()
            if entity.id not in named
        ]

    def held_by_the_others(self, declared: Address, stack: str) -> tuple[Observations, int, Prefixed]:
        """What the live ones carrying the declared one's refId besides it hold, as removing them
        would destroy it (each with its sensors, as its connection was read: `held_by`), how many
        they are, and which carry `stack`'s prefix (`Prefixed`). One the read did not hold (a change
        alone) counts its change's; none found as the declared one, an unknown count: never none
        where it cannot be told."""
        found = self.found.get(declared)
        if found is None:
            return Observations(0, unknown=True), 1, Prefixed(stack, carried=True)
        carrying = self.live.get(_carried_folded(found), {})
        others = [
            (entity, connection) for entity, connection in carrying.values() if entity.id != found.live_id
        ]
        prefixed = _prefixed(stack, found, others)
        held = [
            connection.held_by(entity, entity.parent_id == connection.node.id)
            for entity, connection in others
        ]
        held += [
            change.held for change in self.under_its_connection(declared) if change.live_id not in carrying
        ]
        if not held:  # told as carried by "another live entity": what it holds was not read
            return Observations(0, unknown=True), 1, prefixed
        return Observations(sum(h.known for h in held), any(h.unknown for h in held)), len(held), prefixed

    def lost_by(self, declared: Address, lost: Mapping[str, Address]) -> Address | None:
        """The declared device whose refusal tells a carrier of the declared one's refId (the one
        found as it, or another) as having had its SERIAL_NO changed to it (`model.lost_serial_nos`),
        if one is; else None."""
        if declared not in self.found:
            return None
        others = [self.found[declared].live_id]
        others += [change.live_id for change in self.under_its_connection(declared)]
        others += [entity.id for entity, _node in self.under_other_connections(declared)]
        return next((lost[live_id] for live_id in others if live_id is not None and live_id in lost), None)

    def carried_twice(self, declared: Address, writing: Address) -> str:
        """The refId a write goes by that two live entities carry, and where the others under its
        connection are, which a write to a sensor cannot show itself: it is its device's (`device
        c1/logger's refId 'WA-LOG-01', which c1/logger#9551A8 ('wa-log-01') also carries`), and
        those under other connections, by their ids."""
        found = self.found.get(declared)
        ref_id = None if found is None else found.live_ref_id or found.ref_id
        if found is None or ref_id is None:
            return "a refId that two live entities carry"
        # under its connection by address: read by the shard that writes, so shards say it alike;
        # under another by ids: read, or found in the project's lists, alike too (_live_carriers)
        others = [
            f"{c.address} ({quoted_serial(c.live_ref_id)})" for c in self.under_its_connection(declared)
        ]
        others += [_under_another(entity, node) for entity, node in self.under_other_connections(declared)]
        whose = "its refId" if writing == declared else f"{found.kind} {declared}'s refId"
        verb = "carries" if len(others) == 1 else "carry"
        carried = (
            f"which {first(others, LISTED)} also {verb}"
            if others
            else "which another live entity carries too"
        )
        return f"{whose} {quoted_serial(ref_id)}, {carried}"


@dataclass(frozen=True)
class Carrying:
    """A project's devices and sensors by their refId folded (fold_ref_id), each with its connection:
    read whole first (declared connections, the stack's strays), then those the project's lists kept
    for carrying a declared refId under another connection (`elsewhere`)."""

    by_folded: Mapping[str, list[LiveEntity]]
    connection_of: Mapping[str, LiveConnection]  # by live id

    @classmethod
    def of(cls, project: LiveProject) -> Carrying:
        by_folded: dict[str, list[LiveEntity]] = {}
        connection_of: dict[str, LiveConnection] = {}
        read = (*project.connections.values(), *project.strays.values(), *project.elsewhere.values())
        for connection in read:
            # every sensor: the lists keep one carrying a declared refId without its device (live/read.py)
            for entity in connection.devices_and_sensors():
                if entity.ref_id is not None and entity.id not in connection_of:
                    connection_of[entity.id] = connection
                    by_folded.setdefault(fold_ref_id(entity.ref_id), []).append(entity)
        return cls(by_folded, connection_of)

    def carrying(self, ref_id: str) -> list[LiveEntity]:
        """Those carrying `ref_id` in any case, devices and sensors alike."""
        return list(self.by_folded.get(fold_ref_id(ref_id), []))

    def kind_of(self, live: LiveEntity) -> Kind:
        """A device is its connection's child."""
        return Kind.DEVICE if live.parent_id == self.connection_of[live.id].node.id else Kind.SENSOR


def _carried_folded(found: Change) -> str:
    """The refId of a declared entity found live, as the live one carries it (else as declared),
    folded as refIds are compared: what its other carriers are looked up by."""
    return fold_ref_id(str(found.live_ref_id or found.ref_id))


def _prefixed(stack: str, found: Change, others: Sequence[tuple[LiveEntity, LiveConnection]]) -> Prefixed:
    """Which of the others carrying `found`'s refId keep `stack`'s prefix once given another
    SERIAL_NO: they do, where that refId has it (a new one with it names the stack's orphan too),
    and so do their sensors whose refIds have it, which the next plan removes as the stack's own."""
    sensors = (sensor.ref_id for entity, connection in others for sensor in connection.sensors_of(entity))
    return Prefixed.of(stack, str(found.live_ref_id or found.ref_id), sensors)


def _live_carriers(
    projects: Iterable[LiveProject], wanted: Set[str]
) -> dict[str, dict[str, tuple[LiveEntity, LiveConnection]]]:
    """The live devices and sensors whose refId, folded, is `wanted`, by it and their id, each with
    its connection (what one holds is read from it), sorted by id: under read connections, or found
    in the project's lists (another shard's, an undeclared THREAD's), so a run and its shards name
    them alike."""
    carrying: dict[str, dict[str, tuple[LiveEntity, LiveConnection]]] = {}
    for project in projects:
        for connection in (*project.connections.values(), *project.elsewhere.values()):
            # every sensor: the lists keep one outside the read without its device (live/read.py)
            for entity in connection.devices_and_sensors():
                folded = fold_ref_id(entity.ref_id) if entity.ref_id is not None else ""
                if folded in wanted:
                    carrying.setdefault(folded, {}).setdefault(entity.id, (entity, connection))
    return {folded: dict(sorted(each.items())) for folded, each in carrying.items()}


def _weighed(found: Change, besides: Sequence[OldRefIdCarrier]) -> tuple[tuple[str, str], ...]:
    """(project id, live id) of each one carrying a rename's old refId whose count its words tell."""
    return tuple((found.project_id, each.holding.live.id) for each in besides)


def _under_another(entity: LiveEntity, node: LiveEntity) -> str:
    """`device /api/.../device ('fleet:c2/d0') under connection /fn/6C7D8E/node`."""
    kind = "device" if entity.parent_id == node.id else "sensor"
    return f"{kind} {entity.id} ({quoted_serial(entity.ref_id)}) under connection {node.id}"


def renames(change: Change) -> bool:
    """Whether a `moved` entry renames the live entity: its write goes by the refId it carries."""
    return change.live_ref_id not in (None, change.ref_id)


def refused_by_twice(
    change: Change,
    within: Address,
    carriers: Carriers,
    told: tuple[MovingEntry, list[OldRefIdCarrier]] | None,
    lost_by: Address | None,
    stack: str,
    removed: tuple[Address, ...],
) -> Refusal:
    """The refusal of `change`, a write within `within`, whose refId two live entities carry. Its
    step is the one keeping every history: setting back the SERIAL_NO `lost_by`'s refusal tells
    of, or the `moved` entry's (`told`: its entry and the old refId's other carriers), else the
    duplicate's, with what it holds. `removed`: those carrying the entry's old refId the plan removes,
    whose refusals as removals the entry's tells instead (plan/diff.py `_removals_told_by_the_entry`)."""
    at_it = change.address == within
    if lost_by is not None:  # that one's step keeps its history; removing it would not
        why = f": {serial_no_taken_by(lost_by, 'one of them')}"
    elif told is None:
        why = duplicate_to_remove(*carriers.held_by_the_others(within, stack))
    else:
        shown = shown_entry(*told[0])
        why = renamed_beside(shown, told[1], stack) if at_it else beneath_renamed(shown, within)
    problem = (
        f"would {change.action} by {carriers.carried_twice(within, change.address)}; "
        f"integrate cannot tell them apart{why}"
    )
    # Each write its own refusal: a selection leaving this one out is not refused for it.
    return Refusal(
        change.address,
        f"{change.address}: {problem}",
        about_also=removed,
        its_write_alone=True,
        edits_moved_entry=told[0][0] if told and at_it else None,  # its line, beneath
        weighs=() if told is None else _weighed(carriers.found[within], told[1]),
    )


def renamed_beside_others(
    carriers: Carriers, live: LiveState, moving: Callable[[Address], MovingEntry | None]
) -> dict[Address, tuple[MovingEntry, list[OldRefIdCarrier]]]:
    """The fenced `moved` renames whose old refId, which their writes go by, only live entities
    under connections the stack does not declare carry besides them (another tool's): each with
    its entry and those, told by what they hold (plan/moved_beside.py). Others keep the copy's
    wording. `moving`: the entry renaming an address or its nearest moved parent (plan/diff.py)."""
    told: dict[Address, tuple[MovingEntry, list[OldRefIdCarrier]]] = {}
    for address, change in carriers.found.items():
        entry = moving(address)
        if not renames(change) or entry is None:
            continue
        project = live.projects[change.project_id]
        elsewhere = carriers.under_other_connections(address)
        besides = [OldRefIdCarrier.of(entity, node, project) for entity, node in elsewhere]
        if elsewhere and all(besides) and not carriers.under_its_connection(address):
            told[address] = (entry, [each for each in besides if each is not None])
    return told
