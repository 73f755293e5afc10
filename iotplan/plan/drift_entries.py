"""A plan's changes as drift entries: each entity's status and severity, children folded into a
reported parent (plan/drift.py holds the report they go into)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from iotplan.plan.address import Address
from iotplan.plan.drift import Below, Difference, Entry, Severity, Status
from iotplan.plan.model import (
    KIND_AT_DEPTH,
    THREAD_PREFIX,
    Action,
    Cause,
    Change,
    FieldChange,
    Kind,
    Plan,
    Refusal,
    lost_serial_nos,
)
from iotplan.plan.ownership import named_apart, other_owner
from iotplan.plan.props import SECRET_FIELDS, SENSITIVE, shown_serial
from iotplan.plan.renames import rename_phrase, renamed_phrase
from iotplan.wording import observations

DATA_MODEL_FIELDS = ("metrics", "template")


def drift_entries(plan: Plan, manifest: str, *, refusals: Sequence[Refusal] = ()) -> list[Entry]:
    """One entry per entity and gateway setting of one manifest's plan; with `refusals`, of a plan
    `plan` and `apply` refuse (with_refusals tells why), whose removals the next apply does not make."""
    reported = {change.address: change for change in plan.changes if _folds_children(change)}
    carriers = {change.address for change in plan.changes if _carrier(change)}
    below: dict[str, list[Below]] = {}
    kept: list[Change] = []
    for change in plan.changes:
        if change.connection in carriers and change.action in (Action.NOOP, Action.UNMANAGED):
            continue  # what only carries the stack's orphans is neither in sync with it nor its drift
        # Only what folds its own children can fold into a parent (`_folds`): an in-sync or updated
        # entity, most of a fleet, has no ancestors to search.
        ancestor = _reported_ancestor(change, reported, plan.stack) if _folds_children(change) else None
        if ancestor is not None:
            below.setdefault(ancestor, []).append(Below(change.address, change.kind, _name(change)))
        else:
            kept.append(change)
    next_apply = _ONCE_NOT_REFUSED if refusals else _NEXT_APPLY
    pointed = _PointedAtRefusals.of(plan.changes, refusals, plan.stack)
    return [
        pointed.entry(
            _entry_of(
                change, manifest, plan.stack, _carried(change, below.get(change.address, [])), next_apply
            ),
            change,
        )
        for change in kept
    ]


def missing_entry(change: Change, manifest: str, stack: str) -> Entry:
    """The MISSING entry of a creation folded below another's, told on its own (commands/drift.py)."""
    return _entry_of(change, manifest, stack, (), _NEXT_APPLY)


def with_unread_settings(entries: list[Entry], declared: Mapping[str, Sequence[str]]) -> list[Entry]:
    """Each entry of a gateway that was not read (its own `{node}/edge` entry: a gateway read has
    none, only its settings'), naming the settings its `edge:` block declares (`declared`, by
    gateway): none of them was checked, and a report that names none reads as if they were."""
    return [
        dataclasses.replace(entry, unread=tuple(map(Address, declared[entry.address])))
        if entry.kind is Kind.EDGE and entry.address in declared
        else entry
        for entry in entries
    ]


@dataclasses.dataclass(frozen=True)
class _PointedAtRefusals:
    """The entities whose entries point at another's refusal, which says what becomes of them: the
    device that lost its SERIAL_NO (or had it `changed`) and its sensors, by live id, with the declared
    device refused (`lost`); a refused `moved` rename's old entity, by live id, with the renamed one;
    the device a `moved` rename was left half done to, by address, with the declared one (`half_done`),
    and the removals of its sensors that no refId of the declared one's explains (`unkept`)."""

    lost: dict[str, Address]
    changed: set[Address]
    renamed: dict[str, Address]
    half_done: dict[Address, Address]
    unkept: dict[Address, _Beside]
    stack: str

    @classmethod
    def of(cls, changes: Sequence[Change], refusals: Sequence[Refusal], stack: str) -> _PointedAtRefusals:
        lost = lost_serial_nos(refusals)
        half_done = _half_done_moves(refusals)
        unkept = _unkept_by_half_done_moves(refusals, half_done, _declared_sensors(changes))
        return cls(lost, _serial_no_changed(changes, lost), _moved_from(refusals), half_done, unkept, stack)

    def entry(self, entry: Entry, change: Change) -> Entry:
        """`change`'s `entry`, pointing at the refusal where one says what becomes of it."""
        lost, renamed = self.lost, self.renamed
        declared = lost.get(change.live_id or "") if lost and change.action in _LOST_SERIAL_NO else None
        if declared is not None:  # its own once the SERIAL_NO is back: what the refusal says, not a removal
            device = change.address if change.kind is Kind.DEVICE else change.address.parent
            return _lost_its_serial_no(entry, change, declared, device in self.changed)
        renamed_to = renamed.get(change.live_id or "") if renamed and change.action is Action.REMOVE else None
        if renamed_to is not None:  # renamed, or kept, by the way the user takes: not removed by an apply
            return _renamed_by_a_refused_entry(entry, change, renamed_to)
        declared = self.half_done.get(change.address) if change.action is Action.REMOVE else None
        if declared is not None and change.kind is Kind.DEVICE:  # renamed, either way: not removed
            beside = self.unkept.get(change.address, _Beside())
            return _left_by_a_half_done_move(entry, change, declared, beside, self.stack)
        return entry


def _serial_no_changed(changes: Iterable[Change], lost: dict[str, Address]) -> set[Address]:
    """Of the devices in `lost`, those with a SERIAL_NO, another than the declared device's: changed,
    not cleared (or another's device: its refusal says both). By address, as its sensors' entries
    know their device."""
    return {
        change.address
        for change in changes
        if change.kind is Kind.DEVICE and change.live_ref_id is not None and (change.live_id or "") in lost
    }


def _moved_from(refusals: Sequence[Refusal]) -> dict[str, Address]:
    """The old entity of each `moved` rename refused as both stand, by live id, with the renamed
    one, at whose entry the refusal is told (`Refusal.moved_from`)."""
    return {
        refusal.moved_from: refusal.address
        for refusal in refusals
        if refusal.address is not None and refusal.moved_from is not None
    }


def _half_done_moves(refusals: Sequence[Refusal]) -> dict[Address, Address]:
    """The devices holding sensors that carry a declared device's refIds, as a `moved` rename between
    the two left half done leaves them, by address, with that declared device
    (`Refusal.half_moved_device`, plan/copies.py `_carrier_advice`), whose ways forward each rename
    one of the two."""
    return {
        refusal.half_moved_device: refusal.address.parent
        for refusal in refusals
        if refusal.half_moved_device is not None
        and refusal.address is not None
        and refusal.address.parent is not None
    }


def _declared_sensors(changes: Iterable[Change]) -> set[Address]:
    """The sensors the manifest declares, as far as a half-done `moved` rename asks: the declared
    device it was left by is not live, so each of its declared sensors is a creation the plan lists."""
    return {
        change.address for change in changes if change.kind is Kind.SENSOR and change.action is Action.CREATE
    }


def _unkept_by_half_done_moves(
    refusals: Sequence[Refusal], half_done: dict[Address, Address], declared: set[Address]
) -> dict[Address, _Beside]:
    """Of each device in `half_done`, the stack's sensors under it that carry no refId of a declared
    sensor's refused creation (`Refusal.carried_by`): made under it since (its refId names it), or
    named for no declared sensor. Either way forward renames those its refId names with it, by their
    keys: one whose key the manifest declares under the declared device is kept there (renamed back)
    or declared with the device (the rename finished); the rest the next plan removes, one named for
    a third device too, whatever its key (a rename of the device renames none of it). One kept by its
    key where a carrier has that key too collides with it either way (`colliding`)."""
    if not half_done:
        return {}
    carriers = {refusal.carried_by for refusal in refusals if refusal.carried_by is not None}
    unkept: dict[Address, dict[str, _Unkept]] = {}
    read_unknown: set[Address] = set()
    not_read: set[Address] = set()
    colliding: dict[Address, set[tuple[Address, Address]]] = {}
    for refusal in refusals:
        device = refusal.half_moved_device
        if device not in half_done:
            continue
        beside = unkept.setdefault(device, {})
        if refusal.unread_beside_carrier:
            not_read.add(device)
        carried = {address for live_id, address, _, _ in refusal.beside_carrier if live_id in carriers}
        for live_id, address, known, unknown in refusal.beside_carrier:
            if unknown:
                read_unknown.add(device)
            if live_id in carriers:
                continue
            if not _kept_by_its_key(address, device, half_done[device], declared):
                beside[live_id] = _Unkept(address, known, unknown)
            elif (carrier := half_done[device].child(address.name)) in carried:
                colliding.setdefault(device, set()).add((address, carrier))
    return {
        device: _Beside(
            tuple(sorted(each.values(), key=lambda one: str(one.address))),
            device in read_unknown,
            device in not_read,
            tuple(sorted(colliding.get(device, ()), key=str)),
        )
        for device, each in unkept.items()
    }


def _kept_by_its_key(address: Address, device: Address, kept: Address, declared: set[Address]) -> bool:
    """Whether a sensor whose refId gives `address`, under the half-moved `device`, is kept by either
    way forward: its refId names that device (a rename renames it with it, by its key), and the
    manifest declares its key under the device `kept`."""
    return address.parent == device and kept.child(address.name) in declared


@dataclasses.dataclass(frozen=True)
class _Unkept:
    """A sensor a half-done `moved` rename's ways forward remove unless declared, and what it holds."""

    address: Address
    known: int
    unknown: bool


@dataclasses.dataclass(frozen=True)
class _Beside:
    """The `unkept` sensors under a device a half-done `moved` rename left, whether a count of any
    sensor read under it is unknown (carriers' too), and whether its SIZE counts sensors that were not
    read (`Refusal.unread_beside_carrier`): a read sensor given no count hides that in the device's
    unknown count, so it is asked, not inferred (`LiveConnection.held_by`). And the sensors named for
    it whose key a carrier has too, each with that carrier's address (`colliding`): either way renames
    one onto the other's refId, so each way's `moved` entry is refused while both stand."""

    unkept: tuple[_Unkept, ...] = ()
    read_unknown: bool = False
    not_read: bool = False
    colliding: tuple[tuple[Address, Address], ...] = ()


def one_entry_per_entity(entries: list[Entry]) -> list[Entry]:
    """The entries of several manifests' plans (one report), each entity once: manifests sharing a
    connection (pinned by `id:`) each see the other's entities there as unmanaged, which the other's
    own entries report (in sync, orphaned), and a person's entity there as unmanaged twice. Of those,
    the most severe is kept, saying where else it stands; a refused one is never dropped (its reason
    is why `plan` refuses its manifest). `entries` in the report's order."""
    if len({entry.manifest for entry in entries}) < 2:  # one manifest's: each entity once already
        return entries
    reported = {entry.live_id for entry in entries if entry.status is not Status.UNMANAGED}
    alike: dict[str, list[int]] = {}  # the unmanaged entries of each live entity, by position
    for at, entry in enumerate(entries):
        if entry.status is Status.UNMANAGED and entry.live_id is not None:
            alike.setdefault(entry.live_id, []).append(at)
    dropped: set[int] = set()
    named: dict[int, list[Entry]] = {}
    for live_id, positions in alike.items():
        kept = _kept_of(entries, positions, declared=live_id in reported)
        dropped.update(at for at in positions if at not in kept)
        if kept and len(positions) > 1:
            named[kept[0]] = [entries[at] for at in positions if at not in kept]
    return [
        _listed_once(entry, named[at]) if named.get(at) else entry
        for at, entry in enumerate(entries)
        if at not in dropped
    ]


def _kept_of(entries: list[Entry], positions: list[int], *, declared: bool) -> list[int]:
    """Which of one entity's unmanaged entries stay: every refused one; else, unless a manifest of
    the report declares it (its own entry reports it), the most severe (the first of equals)."""
    refused = [at for at in positions if entries[at].refused]
    if refused or declared:
        return refused
    return [min(positions, key=lambda at: entries[at].severity.rank)]


_LISTED_ONCE = "; listed once: it is "  # what opens where else one entity stands, in its reason


def _listed_once(entry: Entry, others: list[Entry]) -> Entry:
    where = ", ".join(f"{other.address} ({other.manifest})" for other in others)
    return dataclasses.replace(entry, reason=f"{entry.reason}{_LISTED_ONCE}{where} too")


def _carried(change: Change, folded: list[Below]) -> tuple[Below, ...]:
    """What an entry carries: the changes folded into it, then what its removal or replacement takes
    with it (its collateral), which the plan lists on no change of its own but counts in its line
    (`7 more destroyed with them`): an orphaned connection carries its devices and sensors."""
    if not change.action.destroys:
        return tuple(folded)
    listed = {each.address for each in folded}
    taken = [Below(each, KIND_AT_DEPTH[each.depth]) for each in change.collateral if each not in listed]
    return (*folded, *taken)


_NEXT_APPLY = "the next apply"
_ONCE_NOT_REFUSED = "an apply, once `plan` is no longer refused (see the refused entries),"


def _carrier(change: Change) -> bool:
    """A connection the stack neither declares nor owns, planned only to carry the removal of the
    stack's own entities under it (plan/diff.py `_carrier`)."""
    return change.kind is Kind.NODE and change.action is Action.NOOP and change.cause is Cause.UNMANAGED


def with_refusals(entries: list[Entry], refusals: Sequence[Refusal]) -> list[Entry] | None:
    """The entries of a plan `plan` and `apply` refuse, each refusal told with the drift entry of
    the entity it concerns (or that folds it), else with the entity's own entry or its nearest
    ancestor's (a port problem on an in-sync logger): marked refused, at least high. The entries of
    the entities it is about besides (`Refusal.about_also`: the other connection of a trade of names,
    the writes beneath both) are marked so too where drifted, pointing at that entry: `plan` and
    `apply` refuse every write there, and a pipeline gating on `refused` must not apply one. None when one
    concerns no entry at all: nothing in the report would say it."""
    drifted: dict[Address | None, int] = {}
    for index, entry in enumerate(entries):
        if entry.status.is_drift:
            drifted.update((each.address, index) for each in entry.below)
            drifted[entry.address] = index
    anywhere = {entry.address: index for index, entry in enumerate(entries)}
    told: dict[int, list[Refusal]] = {}
    pointed: dict[int, list[Address]] = {}  # the entries pointing at where a refusal is told
    for refusal in refusals:
        at = _told_at(refusal.address, drifted, anywhere)
        if at is None or refusal.address is None:
            return None
        told.setdefault(at, []).append(refusal)
        for index in _also_at(refusal, drifted) - {at}:
            pointed.setdefault(index, []).append(entries[at].address)  # its entity may be folded there
    return [
        _refused(entry, told.get(index, []), pointed.get(index, []))
        if index in told or index in pointed
        else entry
        for index, entry in enumerate(entries)
    ]


def _also_at(refusal: Refusal, drifted: dict[Address | None, int]) -> set[int]:
    """The drifted entries that are or fold the entities a refusal is about besides its own: what
    an apply would write there. One in sync (a sensor beneath a retyped THREAD logger) has nothing
    to write and stays listed as in sync; nor is an ancestor's marked, which the refusal is not about."""
    return {drifted[address] for address in refusal.about_also if address in drifted}


def _told_at(
    address: Address | None, drifted: dict[Address | None, int], anywhere: dict[Address, int]
) -> int | None:
    """The entry a refusal is told with: the drifted one that is or folds its entity, else the
    entity's own entry or its nearest ancestor's; None when it names no entity of the report."""
    if address in drifted:
        return drifted[address]
    if address is None:
        return None
    for each in reversed(list(address.self_and_ancestors())):  # the nearest first
        if each in anywhere:
            return anywhere[each]
    return None


_REFUSED = "; `plan` and `apply` refuse it: "  # what opens why, in a refused entry's reason


def pointing_at(entry: Entry, told_at: Address) -> Entry:
    """A refused entry whose refusal is told at another's (`told_at`): why it is refused said as a
    pointer there, as `_refused` says one told elsewhere (a merge's trade through two shards, each of
    which told it: plan/merge.py)."""
    drifted, _, _ = entry.reason.partition(_REFUSED)
    return dataclasses.replace(entry, reason=f"{drifted}{_REFUSED}see {told_at}")


def _refused(entry: Entry, refusals: list[Refusal], pointed: list[Address]) -> Entry:
    """The entry refused: each of `refusals` told, where the manifest declares it when known; each
    refusal told at another entry of `pointed` (its entity's) pointed at, as told once."""
    severity = min(entry.severity, Severity.HIGH, key=lambda each: each.rank)
    status = Status.NOT_CHECKED if entry.status is Status.IN_SYNC else entry.status  # listed, not counted
    seen = (f"see {address}" for address in dict.fromkeys(pointed))
    reason = f"{entry.reason}{_REFUSED}{'; '.join([*map(str, refusals), *seen])}"
    carried_by = tuple(dict.fromkeys(r.carried_by for r in refusals if r.carried_by is not None))
    return dataclasses.replace(
        entry, status=status, reason=reason, severity=severity, refused=True, carried_by=carried_by
    )


def _folds_children(change: Change) -> bool:
    """A held logger (pending) carries its held sensors, as a missing one carries those created with it."""
    folding = (Action.CREATE, Action.REMOVE, Action.UNMANAGED, Action.REPLACE, Action.DUPLICATE)
    return change.action in folding or change.cause is Cause.PORT_UNCONFIRMED


def _folds(parent: Change, child: Change) -> bool:
    """A child planned the same way as its parent, or re-created with its replaced parent: one live
    now (`recreated`), not one missing already, which is MISSING on its own (the summary counts it)."""
    if parent.action is Action.REPLACE and child.action is Action.CREATE:
        return child.address in _recreated(parent)
    return parent.action is child.action


def _recreated(replaced: Change) -> set[Address]:
    """The live sensors a replaced device takes and the plan creates again, at their planned addresses."""
    return {*replaced.recreated, *(shown for _, shown in replaced.recreated_shown)}


def _reported_ancestor(change: Change, reported: dict[Address, Change], stack: str) -> str | None:
    """The reported ancestor it folds into: never one of another owner (another stack's sensor under
    a person's device keeps its own entry, its owner named, at severity info)."""
    for parent in change.address.ancestors():
        if parent in reported and _folds(reported[parent], change):
            return parent if _owners_alike(change, reported[parent], stack) else None
    return None


def _owners_alike(change: Change, parent: Change, stack: str) -> bool:
    if change.action is not Action.UNMANAGED:  # only an unmanaged entity names another owner
        return True
    return _named_apart(change, stack) == _named_apart(parent, stack)


def _named_apart(change: Change, stack: str) -> str | None:
    """As the plan lists an entity apart from what holds it (`named_apart`): a look-alike of this
    stack's prefix too, which may be this stack's, is not folded into a person's device."""
    return named_apart(stack, change.live_ref_id, change.address.depth)


def _entry_of(change: Change, manifest: str, stack: str, below: tuple[Below, ...], next_apply: str) -> Entry:
    status, reason = _status(change, next_apply)
    severity = _severity(change, status)
    owner = _other_stack(change, stack) if status is Status.UNMANAGED else None
    if owner is not None:
        severity = Severity.INFO
        reason += (
            f"; stack {owner!r} owns it, and its own manifest's drift reports it: not this stack's drift"
        )
    differences = tuple(
        Difference(each.path, _masked(each, each.after), _masked(each, each.before)) for each in change.fields
    )
    live_only = status in (Status.ORPHANED, Status.UNMANAGED, Status.DUPLICATE)
    destroys = change.action.destroys
    return Entry(
        manifest=manifest,
        site=change.connection,
        address=change.address,
        kind=change.kind,
        status=status,
        reason=reason,
        live_id=None if status is Status.MISSING else change.live_id,  # a THREAD creation's is its id-to-be
        differences=differences,
        folded=len(below),
        severity=severity,
        below=below,
        name=_name(change) if live_only or _pairs_by_name(change, status) else None,
        serial=shown_serial(change.live_ref_id) if live_only else None,
        observations=change.observations if destroys else 0,
        observations_unknown=change.observations_unknown and destroys,
        owner=owner,
        project_id=change.project_id or None,
        looks_renamed_to=change.looks_renamed_to if status is Status.ORPHANED else None,
    )


# What the device that lost its SERIAL_NO and its sensors are planned as: unmanaged (it has none),
# and removals (their refIds are this stack's, under a device no declared one claims); in sync, the
# device a declared sibling finds by the SERIAL_NO it was given (plan/sibling_serial.py).
_LOST_SERIAL_NO = (Action.UNMANAGED, Action.REMOVE, Action.NOOP)


def _lost_its_serial_no(entry: Entry, change: Change, declared: Address, changed: bool) -> Entry:
    """The entry of the device that lost its SERIAL_NO, or had it `changed`, or of one of its sensors,
    pointing at the MISSING entry of `declared`, whose refusal says to set it back: with it back,
    nothing of them is removed, so no removal, its history or severity, is told. It is what that
    refusal is about, so refused, at least high, as `with_refusals` marks an entity it is about
    besides its own: a pipeline gating on `refused` must not take it for ordinary drift; one in sync
    (a sibling finds it) is listed, not counted, as `_refused` lists one, saying what is known of it
    (its fields match), not "in sync" beside NOT_CHECKED. A changed one may be another's device
    holding sensors with those refIds (plan/copies.py `_serial_no_changed`)."""
    whose = "it" if change.kind is Kind.DEVICE else "its device"
    what = f"had its SERIAL_NO changed if it is {declared}" if changed else "lost its SERIAL_NO"
    if entry.status is Status.IN_SYNC:
        reason = (
            f"its fields match the manifest, but `plan` and `apply` refuse it: {whose} {what}: see {declared}"
        )
    else:
        reason = f"{change.reason}; {whose} {what}: see {declared}"
    severity = min(status_severity(entry.status), Severity.HIGH, key=lambda each: each.rank)
    return dataclasses.replace(
        entry,
        status=Status.NOT_CHECKED if entry.status is Status.IN_SYNC else entry.status,
        reason=reason,
        severity=severity,
        refused=True,
        observations=0,
        observations_unknown=False,
        looks_renamed_to=None,
    )


def _renamed_by_a_refused_entry(entry: Entry, change: Change, renamed_to: Address) -> Entry:
    """The entry of a `moved` rename's old entity while the new one stands too: the plan lists it as
    a removal, which neither way forward the refusal gives makes (the rename, once the stray is gone
    or given another SERIAL_NO; the move made, it holds nothing), so no removal, its history or
    severity, is told; `with_refusals` marks it refused, pointing at the refusal's entry."""
    reason = (
        f"{change.reason}; its `moved` entry renames it to {renamed_to}, which stands too: which of the "
        "two stays is yours to choose"
    )
    return dataclasses.replace(
        entry,
        reason=reason,
        severity=status_severity(entry.status),
        observations=0,
        observations_unknown=False,
        looks_renamed_to=None,
    )


def _left_by_a_half_done_move(
    entry: Entry, change: Change, declared: Address, beside: _Beside, stack: str
) -> Entry:
    """The entry of a device whose sensors carry `declared`'s refIds, as a `moved` rename between the
    two left half done leaves them: the plan lists it as a removal, which neither way forward the
    refusal gives makes (a `moved` entry renaming it back, or one renaming the rest of the sensors to
    it), so no removal of it, or of the history of the sensors carrying those refIds, is told. Its
    `unkept` sensors (`_unkept_by_half_done_moves`) are what each way's plan removes unless declared:
    their history and severity are told, as at least what they hold where its SIZE counts sensors that
    were not read (which may carry none of those refIds either). `with_refusals` marks it refused,
    pointing at the entry the refusal is told with."""
    unkept = beside.unkept
    unread = beside.not_read or (change.observations_unknown and not beside.read_unknown)
    known, unknown = _held(unkept, unread)
    whole = not unkept and not unread
    kept = "it, with its history" if whole else "it, with the history of the sensors carrying them"
    reason = (
        f"{change.reason}; its sensors carry {declared}'s refIds, as a `moved` rename between the two "
        f"left half done leaves them: either way of finishing or undoing it "
        f"{_refused_while_colliding(beside.colliding, stack)}keeps {kept}{_unkept(unkept, unread)}"
    )
    destroys = known > 0 or unknown
    return dataclasses.replace(
        entry,
        reason=reason,
        severity=Severity.CRITICAL if destroys else status_severity(entry.status),
        observations=known,
        observations_unknown=unknown,
        looks_renamed_to=None,
    )


def _refused_while_colliding(colliding: Sequence[tuple[Address, Address]], stack: str) -> str:
    """Where a sensor named for the half-moved device has a carrier's key, why either way's `moved`
    entry is refused (plan/moved_onto.py: both ends of a sensor's rename exist), and what settles it, so
    that the way drift tells is one a plan makes ("" where none collides). Both carry the stack's
    prefix: kept with it, the one given another SERIAL_NO is the stack's orphan the next plan removes."""
    if not colliding:
        return ""
    both = ", and ".join(f"both {one} and {other}" for one, other in colliding)
    return (
        f"is refused while {both} exist (a rename gives one the other's refId): give the one not meant "
        f"there a SERIAL_NO that does not start with '{stack}:' (its history stays), or remove it and its "
        "history; then either way "
    )


def _unkept(unkept: Sequence[_Unkept], unread: bool) -> str:
    """What each way forward of a half-done `moved` rename does with the device's sensors carrying
    none of the declared one's refIds: renamed with it, to keys the manifest does not declare, removed.
    Where its SIZE counts sensors not read, those may be such sensors too, and a plan renaming sensors
    onto it is refused outright (plan/copies.py `beside_unread_sensors`) until the SIZE is corrected."""
    if not unkept and not unread:
        return ""
    known, unknown = _held(unkept, unread)
    held = (
        f", destroying {observations(known, unknown)}" if known or unknown else " (holding no observations)"
    )
    if not unread:
        one = len(unkept) == 1
        them = "it" if one else "them"
        return (
            f"; but {_names(unkept)} {'carries' if one else 'carry'} none of them: either way's plan removes "
            f"{them}{held}, unless the manifest declares {them} under the device kept"
        )
    which = f"{_names(unkept)}, and any" if unkept else "any"
    return (
        f"; but its SIZE counts sensors that were not read, which may carry none of them either: the next "
        f"plan of either way removes {which} sensor under it carrying none{held}{_uncounted(unkept)}, or "
        "refuses while its SIZE counts sensors not read, unless the manifest declares them under the "
        "device kept"
    )


def _uncounted(unkept: Sequence[_Unkept]) -> str:
    """Beside sensors not read, those read that were given no count, named apart: the count is unknown
    for both reasons, which `observations` alone cannot tell ("" where every sensor read has one)."""
    uncounted = [each for each in unkept if each.unknown]
    if not uncounted:
        return ""
    return f" (no count was given for {_names(uncounted)}, and none read for the sensors not read)"


def _held(unkept: Sequence[_Unkept], unread: bool) -> tuple[int, bool]:
    """What `unkept` hold, as `observations` takes it: unknown too where the device's SIZE counts
    sensors that were not read (`unread`), which may be such sensors."""
    return sum(each.known for each in unkept), unread or any(each.unknown for each in unkept)


def _names(unkept: Sequence[_Unkept]) -> str:
    return ", ".join(str(each.address) for each in unkept)


def _other_stack(change: Change, stack: str) -> str | None:
    """The stack an unmanaged entity's refId names, when another than this one: a connection shared
    by pinning its `id:` holds both stacks' entities, each reported by its own stack's drift. Only a
    refId that stack's manifest gives an entity of its depth (`owner_of`) counts: a serial a person
    typed (`SN:0042`, `other:legacy` on a device) leaves the entity this stack's drift."""
    return other_owner(stack, change.live_ref_id, change.address.depth)


def _name(change: Change) -> str | None:
    """The name it has where it exists: on the platform, else in the manifest."""
    for fields in (change.before, change.after):
        name = (fields or {}).get("name")
        if isinstance(name, str) and name:
            return name
    return None


def _masked(field: FieldChange, value: Any) -> Any:
    secret = field.sensitive or field.path.split(".")[0] in SECRET_FIELDS
    return SENSITIVE if secret and value is not None else value


def _status(change: Change, next_apply: str) -> tuple[Status, str]:
    action = change.action
    if action is Action.CREATE:  # a new THREAD logger whose box another THREAD holds: told as in the plan
        return Status.MISSING, "; ".join(["declared in the manifest, not on the platform", *change.box_notes])
    if change.cause is Cause.PORT_UNCONFIRMED:  # a creation held back: missing all the same
        return Status.MISSING, change.reason
    if action is Action.REPLACE:  # a template change: what the next apply destroys, as for an orphan
        return Status.MODIFIED, f"{change.reason}: {next_apply} replaces it{_destroying(change)}"
    # Another THREAD answering at a site's address differs from git as surely as a changed field,
    # and worse (`_severity`): drift, though nothing else of that gateway could be read.
    if action in (Action.UPDATE, Action.REFUSED):
        return Status.MODIFIED, change.reason + _rereading(change, next_apply)
    if change.cause is Cause.DIFFERS:  # differs with nothing to write (a THREAD logger's serial edited)
        return Status.MODIFIED, change.reason
    if action is Action.DUPLICATE or change.cause is Cause.DUPLICATE:
        return Status.DUPLICATE, change.reason
    if action is Action.REMOVE:  # the stack's own, no longer declared: what `plan` would remove
        removes = f"{change.reason}: {next_apply} removes it{_destroying(change)}"
        return Status.ORPHANED, removes + _looks_renamed(change)
    if action is Action.UNMANAGED:  # live, not declared, not the stack's: never touched
        return Status.UNMANAGED, change.reason
    if action is Action.PENDING:
        asleep = change.cause is Cause.GATEWAY_ASLEEP
        return (Status.PENDING if asleep else Status.UNREACHABLE), change.reason
    if change.cause is Cause.UNVERIFIABLE:
        return Status.NOT_CHECKED, change.reason
    return Status.IN_SYNC, change.reason


_HINT = "; it "  # what opens an orphan's rename hint in its reason


def _looks_renamed(change: Change) -> str:
    """The plan's hint on a removal that looks like a key renamed without `moved`, as the plan words it
    (plan/renames.py `rename_phrase`): the one line of the manifest that keeps the history it destroys."""
    if change.looks_renamed_to is None:
        return ""
    return f"{_HINT}{rename_phrase(change)}"


def _pairs_by_name(change: Change, status: Status) -> bool:
    """A missing REST connection: its manifest's name is what a merge of shards pairs it by with an
    orphaned connection another shard reports (`with_connection_renames_merged`)."""
    return status is Status.MISSING and change.kind is Kind.NODE and not change.on_thread


# A connection pairs by (manifest, project, name): each manifest's plan is its own run.
_Named = tuple[str, str | None, str]


def with_connection_renames_merged(entries: list[Entry]) -> list[Entry]:
    """The shards' entries (`iotplan merge`) with their connections' rename hints found over the whole,
    as the merge of their plans finds them (plan/renames.py `with_rename_hints_merged`): the split hashes
    connection keys, so an orphaned connection holding history and the missing one it looks renamed to
    may be two shards', and neither shard could pair them, or saw a look-alike whose count only its own
    shard reads. A connection pairs by its name alone, one to one: where two look alike, neither. The
    hints on devices and sensors, whose parent is in their own shard, are kept as the shard found them,
    as is a shard's hint the merge cannot find again (`_unnamed_pair`)."""
    orphans = [at for at, entry in enumerate(entries) if _renamed_connection(entry)]
    if not orphans:  # the usual report: no orphaned connection holds history
        return entries
    missing = [entry for entry in entries if entry.status is Status.MISSING and entry.kind is Kind.NODE]
    by_name = _by_name(missing)
    seekers = Counter(_named(entries[at]) for at in orphans)
    paired = list(entries)
    for at in orphans:
        orphan = entries[at]
        if _unnamed_pair(orphan, missing):
            continue
        alike = by_name.get(_named(orphan), [])
        created = alike[0] if len(alike) == 1 and seekers[_named(orphan)] == 1 else None
        paired[at] = _hinted(orphan, created)
    return paired


def _unnamed_pair(orphan: Entry, missing: list[Entry]) -> bool:
    """The shard hinted the orphan renamed to a missing connection that carries no name: a report
    saved before format 1.10, which did not write a missing connection's. Its shard paired the two
    by what the merge cannot read: the hint is kept as that shard found it, never dropped unseen."""
    return any(
        entry.address == orphan.looks_renamed_to and entry.manifest == orphan.manifest and not entry.name
        for entry in missing
    )


def _renamed_connection(entry: Entry) -> bool:
    """An orphaned REST connection of the stack's own holding history, named: what may be a rename."""
    return (
        entry.status is Status.ORPHANED
        and entry.kind is Kind.NODE
        and entry.destroys_data
        and entry.owner is None
        and not (entry.live_id or "").startswith(THREAD_PREFIX)
        and _named(entry)[2] != ""
    )


def _named(entry: Entry) -> _Named:
    """Its name, "" where it has none, or none views may show (masked: never a name to pair by)."""
    name = entry.name if entry.name and entry.name != SENSITIVE else ""
    return entry.manifest, entry.project_id, name


def _by_name(entries: Iterable[Entry]) -> dict[_Named, list[Address]]:
    found: dict[_Named, list[Address]] = {}
    for entry in entries:
        if _named(entry)[2]:
            found.setdefault(_named(entry), []).append(entry.address)
    return found


def _hinted(orphan: Entry, created: Address | None) -> Entry:
    """The orphan with its reason's hint, and `looks_renamed_to`, those of its pair over the whole. The
    reason is rebuilt in one run's order: why it is removed, the hint, then what was said after it
    (why `plan` refuses it, where else it is listed)."""
    removes, after = _around_hint(orphan.reason)
    hint = f"{_HINT}{renamed_phrase(orphan.address, created)}" if created is not None else ""
    return dataclasses.replace(orphan, reason=removes + hint + after, looks_renamed_to=created)


def _around_hint(reason: str) -> tuple[str, str]:
    """An orphan's reason without its rename hint: the text before it (why it is removed), and what
    follows it, each part opened by the words that write it (`_refused`, `_listed_once`), which a
    hint never holds."""
    after_at = min((at for at in map(reason.find, (_REFUSED, _LISTED_ONCE)) if at >= 0), default=len(reason))
    hint_at = reason.find(_HINT + "looks like a rename to ", 0, after_at)
    return reason[: after_at if hint_at < 0 else hint_at], reason[after_at:]


def _rereading(change: Change, next_apply: str) -> str:
    """What restoring git's metrics or units does to a sensor's history, which `plan` puts behind
    --allow-data-model-change (render/lines.py `rereads_phrase`)."""
    if not change.rereads_data:
        return ""
    held = observations(change.observations, change.observations_unknown)
    return f": {next_apply} changes how {held} read: it needs --allow-data-model-change"


def _destroying(change: Change) -> str:
    if not change.holds_data:
        return " (it holds no observations)"
    return f", destroying {observations(change.observations, change.observations_unknown)}"


def _severity(change: Change, status: Status) -> Severity:
    if change.cause is Cause.GATEWAY_MISMATCH:  # the wrong box at the right address: nothing was read
        return Severity.CRITICAL
    # A removal or replacement holding observations: the next apply destroys them. Unknown counts
    # too: never taken as none.
    if change.destroys_data:
        return Severity.CRITICAL
    if status is Status.MODIFIED and _touches_data_model(change):
        return Severity.HIGH
    if change.on_dead_port:  # a logger that may get no readings: listed, not folded into "in sync"
        return Severity.LOW
    return status_severity(status)


def status_severity(status: Status) -> Severity:
    """What a status alone says; a change can say more (plan/drift.py `_severity`)."""
    return _STATUS_SEVERITY[status]


_STATUS_SEVERITY = {
    Status.MISSING: Severity.CRITICAL,
    Status.DUPLICATE: Severity.CRITICAL,
    Status.MODIFIED: Severity.MEDIUM,
    Status.ORPHANED: Severity.HIGH,
    Status.UNMANAGED: Severity.LOW,
    Status.UNREACHABLE: Severity.LOW,
    Status.PENDING: Severity.LOW,
    Status.NOT_CHECKED: Severity.INFO,
    Status.IN_SYNC: Severity.NONE,
}


def _touches_data_model(change: Change) -> bool:
    return (
        change.action is Action.REPLACE
        or change.touches_data_model
        or any(each.key in DATA_MODEL_FIELDS for each in change.fields)
    )
