"""Copies: two live entities with one refId, and a live entity that looks like an earlier copy.

There is no lock on the platform, and a platform that does not keep a refId makes every apply
create its entity again (docs/api-assumptions.md). So before a connection or device is created,
an unmanaged one with the same name (as read: `same_name`) in the same place is reported as a likely
earlier copy to adopt; so is, for a device or sensor the manifest names not, an unnamed one of its
template, and for a connection, one still named as the platform names those it creates without
props; a device whose SERIAL_NO another writer cleared, told by its sensors' refIds, as one to give it
back; and, for a sensor, one of its template with none holding observations, which may be it (nothing
proves it), as one to give it back to or to give its own. Where one would be created, another stack's
entity at its address or the one its `moved` entry renames it from (this stack renamed?; one named
otherwise, by what it holds: plan/renamed_stack.py), one of this stack's left under a parent re-keyed
without `moved`, or another stack's with its name
(which `ref_id:` must not adopt: two stacks would own it) refuse the plan too; another stack's
connection of a found one's key and name (two applies at once made both) is reported, never refused
over. And when one refId
is carried twice, the plan never picks a copy silently: it keeps the
copy that may hold data, plans the removal of connection copies that certainly hold none, and
reports the rest.

Nor does a plan make a second carrier of a refId: a device or sensor it would create with a refId
that a live one carries anywhere in the project (under another connection, this stack's or not)
is refused. The vendor documents refId only as a "Unique entity id", not how far the uniqueness
reaches, so what a platform does with that `new` (refuse it, update the other entity, move it, or
make a copy, as the emulator does) is unknown (docs/api-assumptions.md, A1++).

Nor does the platform document a case rule for refIds, or any collation (how an accent is encoded,
compatibility forms, invisible characters, trailing blanks), so two that differ only so may be one
entity to it: the manifest refuses two such (manifest/checks.py), and these checks fold them the same
way (`fold_ref_id`). A creation beside a live entity whose refId differs from its own only so is
refused (its `new` could reach that one, which the plan would then remove), naming the `moved`
entry that keeps that one's history where it is this stack's; another stack's whose prefix is this
one's in another case is this stack renamed so while it owns nothing live as it is spelt, a copy
another writer made where that spelling owns clearly less, else either, both said; two such live
siblings are copies.
These checks are made when planning: a carrier another writer makes between the plan's read and the
write, apply's verifying read names as a copy of what the apply made (`copies_made_meanwhile`), and
another stack's entity made meanwhile at an address the apply created, as one standing in the way
(`beside_another_stacks`).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import unicodedata
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import yaml

from iotplan.live import LiveConnection, LiveEntity, LiveProject, Observations
from iotplan.live.model import short_id
from iotplan.look_alikes import LookAlike, escaped, look_alike, passes_for_a_stacks
from iotplan.manifest import derive_ref_id, fold_ref_id
from iotplan.manifest.addresses import FoldedAlike, owned_by, owner_of
from iotplan.manifest.moves import shown_entry
from iotplan.manifest.text import as_read, why_no_identifier
from iotplan.manifest.yaml_numbers import yaml12_reads_a_number
from iotplan.manifest.yaml_read_back import reads_back
from iotplan.plan.address import Address
from iotplan.plan.compare import DEFAULT_TEMPLATES, duplicate, fingerprint
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Action, Cause, Change, Kind, Plan, Refusal
from iotplan.plan.ownership import Ownership, no_rename_of, serial_text
from iotplan.plan.prefixed import Prefixed
from iotplan.plan.props import identity_holds_a_secret, live_fields, shown_live, shown_quoted, shown_serial
from iotplan.wording import counted, live_quoted, observations, plural, printable, quoted_serial

T = TypeVar("T", LiveConnection, LiveEntity)

# The name the platform gives a connection integrate creates without props (the vendor's integrate
# page: NAME "Data Source API Import 95A09D" for SERIAL_NO "95A09D"), its refId not kept either.
PLATFORM_CONNECTION_NAME = "Data Source API Import {serial}"


@dataclass
class Choice(Generic[T]):
    """Which copy a plan compares against, and what becomes of the others."""

    kept: T | None
    extra: list[T] = field(default_factory=list)
    problem: str = ""


def same_name(name: object, other: object) -> bool:
    """Whether two NAMEs read as one to a person: alike but for case, runs of blanks (a trailing one,
    a no-break space), invisible marks and how an accent is encoded (Unicode NFC or NFD). The
    likely-earlier-copy guard asks it: a live copy whose name only looks the same is still a copy,
    and one created beside it would split the feed's data between the two."""
    if name.__class__ is not str or other.__class__ is not str:
        return name == other
    return name == other or _as_read(str(name)) == _as_read(str(other))


@functools.lru_cache(maxsize=1 << 14)  # asked of each candidate for each creation beside them
def _as_read(name: str) -> str:
    """manifest/text.py's `as_read` (invisible marks, any space, accent encoding), and case and
    blanks at either end too: a live NAME is not held to the manifest's rules."""
    return as_read(name.casefold()).strip()


def _named_alike(found: LiveEntity, name: object) -> str:
    """`named 'Logger'`; where the live NAME differs from the manifest's in what `same_name` leaves
    out, both, escaped so that the difference shows (`'Toe\\xa0logger'`): every accent too where
    one of them is encoded otherwise (`'Pre\\u0301sa'`), which would look the same. The manifest's
    is named as its, lest it read as how iotplan read the live one."""
    live = found.props.get("NAME")
    ours = shown_live(name)  # declared, masked as views show it: a plan shows it so
    if live == name:
        return f"named {ours!r}"
    shown = shown_live(str(live))  # read from the platform: a credential in it masked
    encoded_otherwise = any(unicodedata.normalize("NFC", str(each)) != each for each in (live, name))
    if encoded_otherwise:
        return f"named {shown!a}, which reads as this manifest's {ours!a} ({_ONLY_READ_ALIKE})"
    return f"named {live_quoted(shown)}, which reads as this manifest's {ours!r} ({_ONLY_READ_ALIKE})"


_ONLY_READ_ALIKE = "only case, blanks or accent encoding differ"


def choose_copy(copies: list[T], holds_data: dict[str, bool], what: str, ref_id: str) -> Choice[T]:
    """One copy: itself. Several: the one that may hold data; refused when more than one may."""
    if len(copies) <= 1:
        return Choice(copies[0] if copies else None)
    ids = [_id(copy) for copy in copies]
    holding = [copy for copy in copies if holds_data[_id(copy)]]
    if len(holding) > 1:
        return Choice(
            None,
            problem=f"{len(copies)} {what}s carry refId {ref_id!r} and more than one may hold observations "
            f"({', '.join(ids)}): {_which_to_keep(what)}",
        )
    kept = holding[0] if holding else copies[0]
    return Choice(kept, [copy for copy in copies if copy is not kept])


def _which_to_keep(what: str) -> str:
    """How to end the ambiguity: a connection can be pinned by `id:`; a device or sensor cannot (`id:`
    belongs to THREAD entities, and a `ref_id:` is the very refId both carry), so only the web app can."""
    if what == "connection":
        return "keep one (pin it with `id:`) and remove the others in the platform's web app"
    return (
        "keep one, and remove the others, or give them another SERIAL_NO, in the platform's web app "
        f"(integrate finds a {what} by its refId only, so no pin in the manifest can choose one)"
    )


@dataclass(frozen=True)
class Standing:
    """Why a declared entity is not created, and the live one in its way when that one is this
    stack's: the plan would otherwise remove it as undeclared besides."""

    live: LiveEntity | None
    problem: str
    # The unmanaged ones the problem calls likely earlier copies of it: --prune-unmanaged leaves them,
    # whatever a fence selects, since one of them holds the history the declared entity's feed began.
    copies: tuple[LiveEntity, ...] = ()
    # The field of the entity whose edit the problem offers, where not the entity's mapping
    # (`ref_id`: a pin kept as written): its refusal is told at that field's line.
    edits_field: str | None = None
    # The live ids of a device that lost its SERIAL_NO and its sensors this entity's refIds name
    # (`_lost_its_serial_no`): drift tells them to see its refusal (`Refusal.lost_serial_no`).
    lost_serial_no: tuple[str, ...] = ()


@dataclass(frozen=True)
class Owned:
    """What a spelling of a stack owns live, as read: its entities (by the exact prefix) and what
    they hold."""

    entities: int = 0
    held: Observations = field(default_factory=Observations)

    def clearly_a_stray_beside(self, other: Owned) -> bool:
        """Whether this spelling owns little beside `other` owning much: fewer entities, and no
        history `other` does not outweigh (none, or less than `other` holds; never an unknown
        count). A hand-made device beside a stack's network is one; a network renamed in case only
        beside the few entities made since under its new spelling is not."""
        if self.entities >= other.entities or self.held.unknown:
            return False
        return self.held.known == 0 or self.held.known < other.held.known

    def shown(self, spelling: str) -> str:
        """`3 entities made as `quickstart:` (holding 0 observations)`."""
        holds = observations(self.held.known, self.held.unknown)
        return f"{counted(self.entities, 'entity')} made as `{spelling}:` (holding {holds})"


# What else a SERIAL_NO is besides the live entity given: the refId the manifest gives an entity, or
# one another live entity carries; None: nothing else.
Taken = Callable[[str, LiveEntity], str | None]


def _taken_by_nothing(serial: str, live: LiveEntity) -> None:
    return None


@dataclass(frozen=True)
class SpeltSo:
    """What tells this stack renamed in case only from a copy in another case: whether it owns live
    entities with refIds spelt as `stack:` spells it (a stack renamed so owns none), asked only of a
    look-alike (it walks what was read); `owned`, what a spelling owns live, to weigh the two where
    both own some; and `holding`, the connection read with a live entity's children, for what that
    copy holds (None: not read)."""

    owns_live: Callable[[], bool] = field(default=lambda: False, compare=False)
    holding: Callable[[LiveEntity], LiveConnection | None] = field(default=lambda live: None, compare=False)
    owned: Callable[[str], Owned] = field(default=lambda spelling: Owned(), compare=False)
    # What else a SERIAL_NO another writer gave a device (`_serial_no_changed`), or an unmanaged one
    # to adopt (`_adoption`), means besides it.
    serial_taken: Taken = field(default=_taken_by_nothing, compare=False)
    # What `owned` counts for both of two spellings (sensors beneath an entity of each): never added up.
    owned_by_both: Callable[[str, str], Observations] = field(
        default=lambda one, other: Observations(), compare=False
    )

    def held_by(self, live: LiveEntity, kind: Kind) -> Observations:
        """What `live` holds, as its removal would destroy it: from its connection, where read with
        its children; else its own count, unknown where the platform gave none."""
        connection = self.holding(live)
        if connection is None:
            return Observations(live.observations or 0, live.observations is None)
        if connection.node.id == live.id:
            return connection.observations
        return connection.held_by(live, kind is Kind.DEVICE)


# A `moved` entry: its index, `from` and `to` as written.
MovingEntry = tuple[int, str, str]


def standing_in_the_way(
    entity: DesiredEntity,
    candidates: Sequence[LiveEntity],
    own: Ownership,
    adopt: str,
    moved_past_pin: MovingEntry | None = None,
    spelt_so: SpeltSo | None = None,
) -> Standing | None:
    """The live entity, among those where `entity` would be created that no declared entity claims,
    that makes creating it a likely mistake: None when there is none. Pass `Candidates` where many
    are created beside the same ones: their look-ups are indexed once for all. `moved_past_pin`: the
    entry renaming `entity` or a parent that its `ref_id:` keeps from rewriting its refId. `spelt_so`:
    whether the stack owns live entities as `stack:` spells it, and what one found holds."""
    if not candidates:  # nearly every creation: nothing unclaimed where it goes, nothing in its way
        return None
    if not isinstance(candidates, Candidates):
        candidates = Candidates(candidates)
    spelt = spelt_so or SpeltSo()
    return (
        _in_another_case(entity, candidates, own, adopt, spelt)
        or _renamed_from_another_case(entity, candidates, own, spelt)
        or _beside_a_look_alike(entity, candidates, adopt)
        or _renamed_from_a_look_alike(entity, candidates, spelt)
        or _at_this_address_in_another_stack(entity, candidates, own)
        or _left_by_a_new_parent_key(entity, candidates, own, moved_past_pin)
        or _lost_its_serial_no(entity, candidates, own, spelt_so)
        or _likely_earlier_copy(entity, candidates, own, adopt, spelt)
    )


# A device found holding the declared device's sensors: it, its connection, and those sensors.
_Holder = tuple[LiveEntity, LiveConnection, list[LiveEntity]]


def _lost_its_serial_no(
    entity: DesiredEntity, candidates: Candidates, own: Ownership, spelt_so: SpeltSo | None
) -> Standing | None:
    """The declared device where it would be created, its SERIAL_NO cleared or changed by another
    writer (the web app, or an update that replaced its props): a device whose sensors carry the
    declared sensors' refIds, which name it. Its name may have changed with it, so it is told by
    those alone. What keeps every history is its SERIAL_NO back: not a `ref_id:` (none adopts a
    device without one, and one adopting another's text leaves its sensors' refIds naming a device
    the manifest no longer gives it), nor a move of its sensors, nor a manifest that removes them.
    Where two devices hold such sensors, or the changed SERIAL_NO means something else, which to set
    back is not iotplan's to tell: it names them, and says no step that removes. A device whose
    SERIAL_NO is a refId this stack gives a device of its own connection is not looked at: a `moved`
    rename stopped between its calls (or one made by hand) leaves it so, and the refusal of its
    sensors' creation (`_left_by_an_unfinished_move`) says how to finish or undo it, which this one
    cannot. One naming a device of another connection is no `moved` rename (none crosses parents)."""
    if entity.kind is not Kind.DEVICE or spelt_so is None:
        return None
    found = [
        (live, holding, carrying)
        for live in candidates
        if (holding := spelt_so.holding(live)) is not None
        and not _renamed_within_its_connection(entity, live, holding, own)
        and (carrying := _carrying_its_sensors(entity, live, holding))
    ]
    if not found:
        return None
    holders = tuple(live for live, _, _ in found)
    lost = tuple(
        each for live, _, carrying in found for each in (live.id, *(sensor.id for sensor in carrying))
    )
    if len(found) > 1:
        return Standing(None, _several_hold_its_sensors(entity, found), holders, lost_serial_no=lost)
    live, holding, carrying = found[0]
    held = (
        f"{counted(len(carrying), 'sensor')} carrying the refIds of its sensors, with {_held(live, holding)}"
    )
    if _serial_no_lost(live):
        problem = (
            f"not found by its refId, but the device at {live.id}{named_as_live(live)} lost its SERIAL_NO "
            f"(cleared in the platform's web app, or by an update that replaced its props): it has none, and "
            f"holds {held}. To keep them, set SERIAL_NO to {quoted_serial(entity.ref_id)} on it in the "
            "platform's web app (its sensors' refIds name it), then plan again"
        )
    else:
        problem = _serial_no_changed(entity, (live, holding, carrying), held, own.stack, spelt_so)
    return Standing(None, problem, holders, lost_serial_no=lost)


def _serial_no_lost(live: LiveEntity) -> bool:
    """No SERIAL_NO, or a blank one: either names nothing, so neither was "changed" to anything."""
    return not (live.ref_id or "").strip()


def _renamed_within_its_connection(
    entity: DesiredEntity, live: LiveEntity, holding: LiveConnection, own: Ownership
) -> bool:
    """Whether `live`'s SERIAL_NO is a refId this stack gives a device of the connection it is under
    (the declared one's, or the one its connection's refId names): what a `moved` rename, half done
    or made by hand, leaves. A refId naming a device of another connection is no such rename."""
    if not own.owns(live, 1):
        return False
    connection = own.address_from_ref(live).connection
    return connection == entity.connection or (
        own.owns(holding.node, 0) and connection == own.address_from_ref(holding.node).connection
    )


def _carrying_its_sensors(
    entity: DesiredEntity, live: LiveEntity, holding: LiveConnection
) -> list[LiveEntity]:
    """The sensors of `live` carrying the declared sensors' refIds as written: any of them where it
    has no SERIAL_NO; where it has one, those whose refId names the declared device alone: one its
    keys give (`ref_id:` on the device or not), or a `ref_id:` under the device's own (`x-123/a`). A
    sensor's `ref_id:` may pin another writer's text, which says nothing of whose device holds it."""
    named = f"{entity.ref_id}/"
    lost = _serial_no_lost(live)
    declared = {
        child.ref_id
        for child in entity.children
        if lost or not child.ref_id_written or child.ref_id.startswith(named)
    }
    return [sensor for sensor in holding.sensors_of(live) if sensor.ref_id in declared]


def _serial_no_changed(
    entity: DesiredEntity,
    found: _Holder,
    held: str,
    stack: str,
    spelt_so: SpeltSo,
) -> str:
    """The one device holding the declared one's sensors, with another SERIAL_NO than its refId:
    likely it, its SERIAL_NO changed by another writer, or another's device holding sensors that
    carry those refIds, which iotplan cannot tell apart. So it says what it found and the step for
    each: its SERIAL_NO back, or those sensors given SERIAL_NOs of their own (each history kept).
    Where that SERIAL_NO means something else (a stack's refId, this one's for a device of another
    connection, one the manifest declares, one another live entity carries), which entity it is meant
    for is not iotplan's to tell either. But where it is a refId of the stack the manifest adopts the
    device from by `ref_id:`, that stack renamed it (`moved`), or someone did by hand (`_adopted`)."""
    live = found[0]
    serial = str(live.ref_id)
    adopted_from = owner_of(serial, 1)
    if adopted_from not in (None, stack) and owner_of(entity.ref_id, 1) == adopted_from:
        return _adopted(entity, found, str(adopted_from))
    head = f"not found by its refId, but the device at {live.id}{named_as_live(live)} ({serial_text(serial)})"
    back = f"set its SERIAL_NO back to {quoted_serial(entity.ref_id)} in the platform's web app"
    meant = _meant_otherwise(serial, live, stack, spelt_so)
    if meant is None:
        return (
            f"{head} holds {held}. If it is {entity.address}, its SERIAL_NO changed by another writer (in "
            f"the platform's web app, or by an update), {back} (its sensors' refIds name it), then plan "
            "again; if it is not, give those sensors SERIAL_NOs of their own in the platform's web app"
            f"{_told_apart(entity, live)} (each keeps its history, and {entity.address} is created beside "
            "it), then plan again"
        )
    return (
        f"{head}, which is {meant}, holds {held}. Which entity that SERIAL_NO is meant for is not "
        f"iotplan's to tell: if it is this device, {back}, then plan again; "
        f"{neither_created_nor_removed(entity.address)}"
    )


def _meant_otherwise(serial: str, live: LiveEntity, stack: str, spelt_so: SpeltSo) -> str | None:
    """What else the SERIAL_NO another writer gave device `live` is: this stack's refId for one of
    its devices, a refId another stack gives, or one the manifest gives or another live entity
    carries (`SpeltSo.serial_taken`); None where it is nothing else."""
    owner = next(filter(None, (owner_of(serial, depth) for depth in range(3))), None)
    if owner == stack and owner_of(serial, 1) == stack:
        return f"the refId this stack gives its device {Address(serial.removeprefix(f'{stack}:'))}"
    if owner:
        return f"a refId stack {owner!r} gives"
    return spelt_so.serial_taken(serial, live)


def neither_created_nor_removed(address: Address, them: str = "it") -> str:
    """Said where which live device (`them`) is `address`'s is not iotplan's to tell: it creates no
    second one beside it, and removes nothing of it, whose history may be the declared one's."""
    return f"iotplan does not create {address} beside {them}, nor remove anything of {them}"


def _told_apart(entity: DesiredEntity, live: LiveEntity) -> str:
    """The step besides its sensors' own SERIAL_NOs that a device not the declared one needs for it to
    be created beside it: a device named alike, or unnamed of its template where the declared one has
    no name, is what `_likely_earlier_copy` takes for an earlier copy of it, and refuses to create
    beside (offering to adopt the device just told not to be it). "" where none is needed."""
    name = entity.fields.get("name")
    if name and same_name(live.props.get("NAME"), name):
        alike, give = "named alike", "another name"
    elif not name and not live.props.get("NAME") and live.template == _unnamed_template(entity):
        alike, give = "unnamed, of its template,", "a name"
    else:
        return ""
    return (
        f" and give that device {give} there, or {entity.address} {give.replace('name', '`name:`')} in the "
        f"manifest, as a device {alike} where it is created is taken for an earlier copy of it"
    )


def _adopted(entity: DesiredEntity, found: _Holder, other: str) -> str:
    """The device this manifest adopts from stack `other` by `ref_id:`, found by its sensors under a
    SERIAL_NO `other` gives another device. A `moved` of `other` rewrites its sensors' refIds with
    the device's: where `other`'s sensors under it still carry refIds under the adopted one, it was
    changed by hand, and `other`'s plan says how it goes back (a `ref_id:` following it would
    ping-pong with that plan's advice); else `other` likely renamed it, and the adoption follows."""
    live, holding, carrying = found
    ours = {sensor.id for sensor in carrying}
    theirs = [
        sensor
        for sensor in holding.sensors_of(live)
        if sensor.id not in ours and owned_by(other, sensor.ref_id, 2)
    ]
    held = (
        f"{counted(len(carrying), 'sensor')} carrying the refIds of its sensors ({_sensors_held(carrying)})"
    )
    if theirs:
        held = f"{held} and {counted(len(theirs), 'sensor')} of stack {other!r} ({_sensors_held(theirs)})"
    head = f"not found by its refId, but the device at {live.id}{named_as_live(live)}, holding {held},"
    named = f"{entity.ref_id}/"
    if not any(str(sensor.ref_id).startswith(named) for sensor in theirs):
        return _renamed_by_its_stack(head, live, other, entity.ref_id, _OWN_SERIAL_NOS)
    return (
        f"{head} belongs to stack {other!r} ({serial_text(live.ref_id)}), which this manifest adopts by "
        f"`ref_id: {as_yaml(entity.ref_id)}`; its SERIAL_NO was changed by hand (in the platform's web app, "
        f"or by a script), not by a `moved` of stack {other!r}, which renames its sensors with it: the plan "
        f"of stack {other!r} says how it goes back. Keep `ref_id: {as_yaml(entity.ref_id)}`, and plan again "
        f"once stack {other!r} has it back; {neither_created_nor_removed(entity.address)}"
    )


def _sensors_held(sensors: Iterable[LiveEntity]) -> str:
    held = [Observations.of_sensor(sensor) for sensor in sensors]
    return observations(sum(each.known for each in held), any(each.unknown for each in held))


def _held(device: LiveEntity, holding: LiveConnection) -> str:
    held = holding.held_by(device, True)
    return observations(held.known, held.unknown)


def _several_hold_its_sensors(entity: DesiredEntity, found: Sequence[_Holder]) -> str:
    """Two devices or more holding sensors that carry the declared device's sensors' refIds: one is
    likely it, its SERIAL_NO cleared or changed, and which is the user's to choose."""
    each = "; ".join(
        f"{live.id}{named_as_live(live)} ({serial_text(live.ref_id)}), {counted(len(carrying), 'sensor')}, "
        f"with {_held(live, holding)}"
        for live, holding, carrying in found
    )
    return (
        f"not found by its refId, but {len(found)} devices hold sensors carrying the refIds of its sensors: "
        f"{each}. One is likely this device, its SERIAL_NO cleared or changed by another writer: which one "
        f"to give SERIAL_NO {quoted_serial(entity.ref_id)} is yours to choose, in the platform's web app, "
        f"then plan again; {neither_created_nor_removed(entity.address, 'them')}. The one not chosen "
        "keeps carrying those refIds: its sensors are then listed as copies of this device's (duplicates, "
        "which iotplan does not remove on its own) until they get SERIAL_NOs of their own in the "
        "platform's web app"
    )


class Candidates(list[LiveEntity]):
    """The live entities where entities would be created that no declared one claims, in the order
    read, with what each check of `standing_in_the_way` asks of them indexed when a creation first
    asks it. A parent re-keyed whole creates as many beside as many, and a scan of them all per
    creation was their square (2,000 re-keyed sensors: 10 s of CPU). Each look-up answers as that
    scan did, with the first in their order, so a refusal names the same one. Never changed once
    made: the indexes would not follow."""

    def carrying(self, ref_id: str) -> LiveEntity | None:
        """The first whose refId folds as `ref_id` does (`fold_ref_id`)."""
        return self._by_ref_id[0].get(fold_ref_id(ref_id))

    def looking_like(self, ref_id: str) -> tuple[LiveEntity, LookAlike] | None:
        """The first whose refId only looks like `ref_id`, case aside (`look_alike`: a U+2010 hyphen
        for `-`, a Cyrillic `с` for `c`), which `carrying` does not find: NFKC joins neither. Dashes
        for `-` in any number of places: one created beside it would be a duplicate."""
        for live in self._not_ascii:
            alike = look_alike(str(live.ref_id), ref_id, ignore_case=True, dashes_anywhere=True)
            if alike is not None:
                return live, alike
        return None

    @functools.cached_property
    def _not_ascii(self) -> list[LiveEntity]:
        """Those whose refId holds a non-ASCII character: nearly every refId is ASCII, so few are
        ever compared (a look-alike may be longer or shorter than the refId it looks like: a
        trailing U+2800 BRAILLE PATTERN BLANK, `ꜳ` for `aa`)."""
        return [live for live in self if live.ref_id and not live.ref_id.isascii()]

    def at(self, address: Address) -> list[LiveEntity]:
        """Those whose refId ends in `:` and `address`, whatever comes before, folded as refIds are
        compared (`Dam-A` at `dam-a`)."""
        return self._by_ref_id[1].get(_folded(address), [])

    def seen_by(self, own: Ownership, depth: int) -> _Seen:
        """These as `own`'s stack sees them where an entity of `depth` would be created."""
        seen = self._seen.get((own, depth))
        if seen is None:
            seen = self._seen[own, depth] = _Seen(self, own, depth)
        return seen

    @functools.cached_property
    def _seen(self) -> dict[tuple[Ownership, int], _Seen]:
        return {}

    @functools.cached_property
    def _by_ref_id(self) -> tuple[dict[str, LiveEntity], dict[str, list[LiveEntity]]]:
        """The first by its folded refId, and each by what follows the last `:` in its refId, folded
        (an address holds none: its keys are a manifest's). One pass: a connection's are asked once."""
        first: dict[str, LiveEntity] = {}
        by_address: dict[str, list[LiveEntity]] = {}
        for live in self:
            ref_id = live.ref_id
            first.setdefault(_folded(ref_id), live)
            _, colon, address = (ref_id or "").rpartition(":")
            if colon:
                by_address.setdefault(_folded(address), []).append(live)
        return first, by_address


class _Seen:
    """The candidates as a stack sees them where an entity of `depth` would be created: its own by
    the address their refId names, the others (unmanaged) by name and, unnamed, by template.

    A name is looked up as `same_name` reads it (`_as_read`). A NAME that is no text (a number a
    platform answered) is indexed under none: `same_name` holds it alike only to what equals it,
    and a manifest's names are text."""

    def __init__(self, candidates: Candidates, own: Ownership, depth: int) -> None:
        self._candidates, self._own, self._depth = candidates, own, depth

    def left_elsewhere(self, parent: Address, key: str, name: object) -> _Placed | None:
        """The first of the stack's whose refId names another parent than `parent`, with the key
        `key` or, where `name` is one, named alike."""
        groups = [self._placed_by_key.get(key), self._placed_by_name.get(_read(name)) if name else None]
        found = [group.not_under(parent) for group in groups if group is not None]
        return min((each for each in found if each is not None), key=lambda each: each.at, default=None)

    def named(self, name: object) -> list[LiveEntity]:
        """The unmanaged ones named alike, in their order."""
        return self._unmanaged_by_name.get(_read(name), []) if name else []

    def without_serial_no(self, template: str) -> list[LiveEntity]:
        """The unmanaged ones of `template` with no SERIAL_NO (or an empty one), in their order."""
        return self._without_serial_no.get(template, [])

    def unnamed(self, template: str) -> LiveEntity | None:
        """The first unmanaged one of `template` with no name, unless its refId is another stack's."""
        return self._unnamed.get(template)

    def unnamed_of_another_stack(self, template: str, key: str) -> LiveEntity | None:
        """The first unmanaged one of `template` with no name whose refId is another stack's, ending
        in the key `key`."""
        return self._unnamed_of_other_stacks.get((template, key))

    @functools.cached_property
    def named_by_the_platform(self) -> list[LiveEntity]:
        """The unmanaged ones named as the platform names a connection it creates without props."""
        return [
            e
            for e in self._unmanaged
            if e.props.get("NAME") == PLATFORM_CONNECTION_NAME.format(serial=e.ref_id)
        ]

    @functools.cached_property
    def _unmanaged(self) -> list[LiveEntity]:
        return [live for live in self._candidates if not self._own.owns(live, self._depth)]

    @functools.cached_property
    def _placed(self) -> list[_Placed]:
        """The stack's own, each with the address its refId names, where that has a parent."""
        placed = []
        for at, live in enumerate(self._candidates):
            was = self._own.address_from_ref(live) if self._own.owns(live, self._depth) else None
            if was is not None and was.parent is not None:
                placed.append(_Placed(at, live, was, was.parent))
        return placed

    @functools.cached_property
    def _placed_by_key(self) -> dict[str | None, _FirstNotUnder]:
        return _first_not_under((each.was.name, each) for each in self._placed)

    @functools.cached_property
    def _placed_by_name(self) -> dict[str | None, _FirstNotUnder]:
        return _first_not_under((_read(each.live.props.get("NAME")), each) for each in self._placed)

    @functools.cached_property
    def _unmanaged_by_name(self) -> dict[str | None, list[LiveEntity]]:
        by_name: dict[str | None, list[LiveEntity]] = {}
        for live in self._unmanaged:
            by_name.setdefault(_read(live.props.get("NAME")), []).append(live)
        by_name.pop(None, None)
        return by_name

    @functools.cached_property
    def _without_serial_no(self) -> dict[str, list[LiveEntity]]:
        by_template: dict[str, list[LiveEntity]] = {}
        for live in self._unmanaged:
            if not live.ref_id and live.template.__class__ is str:
                by_template.setdefault(str(live.template), []).append(live)
        return by_template

    @functools.cached_property
    def _unnamed(self) -> dict[str, LiveEntity]:
        first: dict[str, LiveEntity] = {}
        for template, live, other in self._without_name:
            if not other:
                first.setdefault(template, live)
        return first

    @functools.cached_property
    def _unnamed_of_other_stacks(self) -> dict[tuple[str, str], LiveEntity]:
        first: dict[tuple[str, str], LiveEntity] = {}
        for template, live, other in self._without_name:
            if other:
                first.setdefault((template, _last_key(live.ref_id)), live)
        return first

    @functools.cached_property
    def _without_name(self) -> list[tuple[str, LiveEntity, str | None]]:
        """The unmanaged ones without a name, each with its template (one that is no text is a
        manifest's none) and the other stack its refId names, if any."""
        return [
            (str(live.template), live, _other_stack(live.ref_id, self._depth, self._own.stack))
            for live in self._unmanaged
            if not live.props.get("NAME") and live.template.__class__ is str
        ]


def _read(name: object) -> str | None:
    """A name as `same_name` compares it; None for one that is no text."""
    return _as_read(str(name)) if name.__class__ is str else None


@dataclass(frozen=True)
class _Placed:
    """One of the stack's candidates, at its place in their order, with the address its refId names
    and that address's parent."""

    at: int
    live: LiveEntity
    was: Address
    under: Address


@dataclass
class _FirstNotUnder:
    """Of the candidates sharing a key or a name, in their order: the first, and the first under
    another parent than the first's. Whatever parent an entity would be created under, the first
    of them not under it is one of the two."""

    first: _Placed
    other: _Placed | None = None

    def add(self, placed: _Placed) -> None:
        if self.other is None and placed.under != self.first.under:
            self.other = placed

    def not_under(self, parent: Address) -> _Placed | None:
        return self.first if self.first.under != parent else self.other


def _first_not_under(keyed: Iterable[tuple[str | None, _Placed]]) -> dict[str | None, _FirstNotUnder]:
    """Each group's `_FirstNotUnder`, by its key; none for the key None (a NAME that is no text)."""
    groups: dict[str | None, _FirstNotUnder] = {}
    for key, placed in keyed:
        if key is None:
            continue
        if key in groups:
            groups[key].add(placed)
        else:
            groups[key] = _FirstNotUnder(placed)
    return groups


def _in_another_case(
    entity: DesiredEntity, candidates: Candidates, own: Ownership, adopt: str, spelt_so: SpeltSo
) -> Standing | None:
    """A live entity where `entity` would be created, its refId the same but for case: perhaps the
    same entity to the platform, whose `new` would then reach it, and the plan's removal of it, as
    undeclared, take it. This stack's is most likely the entity re-keyed in case only, which `moved`
    renames with its history; another stack's, this stack renamed in case only, unless this stack
    owns live entities spelt as it is (a stack renamed so owns none): then a copy, another writer's,
    where that spelling owns clearly less (`Owned`), else either (a rename half applied under
    `--target`), both said."""
    live = candidates.carrying(entity.ref_id)
    if live is None:
        return None
    alike = FoldedAlike(entity.ref_id, str(live.ref_id))
    head = (
        f"not found by its refId {alike.shown(entity.ref_id)}, but {entity.kind} {live.id} carries "
        f"{alike.shown(alike.other)}, which differs from it only in {alike.how}: the platform documents no "
        f"{alike.rule} for refIds, so it may take the two for one entity (docs/api-assumptions.md, A1++)."
    )
    if own.owns(live, entity.address.depth):
        return Standing(live, f"{head} {_renamed_in_case(own, live, entity.address)}")
    other = _other_stack(live.ref_id, entity.address.depth, own.stack)
    if other and spelt_so.owns_live():
        held = spelt_so.held_by(live, entity.kind)
        mine, theirs = spelt_so.owned(own.stack), spelt_so.owned(other)
        if theirs.clearly_a_stray_beside(mine):
            return Standing(
                None, f"{head} {_a_copy_in_another_case(entity, live, alike, own.stack, held)}", (live,)
            )
        both = spelt_so.owned_by_both(own.stack, other)
        said = _renamed_or_a_copy(entity, live, alike, (own.stack, mine), (other, theirs), held, both)
        return Standing(None, f"{head} {said}")
    whose = _renamed_in_case_only(other) if other else _adopt_as_written(live, alike, adopt)
    return Standing(
        None, f"{head} {whose}, or give {entity.address} a refId that differs by more than {alike.folded}"
    )


def _a_copy_in_another_case(
    entity: DesiredEntity, live: LiveEntity, alike: FoldedAlike, stack: str, held: Observations
) -> str:
    """The look-alike whose refId's prefix is this stack's in another case, where this stack owns
    live entities spelt as it is and the other spelling clearly less: no rename (keeping the other
    spelling would disown them all), but
    a copy another writer made, or another stack's. Its history is kept by leaving it, said first;
    its removal, which destroys that, last."""
    holds = observations(held.known, held.unknown)
    return (
        f"{no_rename_of(stack)}: {entity.kind} {live.id} (refId {alike.shown(alike.other)}, holding "
        f"{holds}) is a copy another writer made, or another stack's. To keep it and its history, "
        f"leave it and give {entity.address} a refId that differs by more than {alike.folded}; if "
        f"nobody needs it, remove it in the platform's web app (its {holds} with it), then plan again"
    )


def _renamed_or_a_copy(
    entity: DesiredEntity,
    live: LiveEntity,
    alike: FoldedAlike,
    this: tuple[str, Owned],
    other: tuple[str, Owned],
    held: Observations,
    both: Observations,
) -> str:
    """The look-alike whose prefix is this stack's in another case, where both spellings own live
    entities and the other owns as much or more: this stack renamed in case only after some were made
    under the new spelling (an `apply --target`), or a copy beside it; which, iotplan cannot tell.
    Both are said, the rename first, each with what it holds (and what both count, `both`, once);
    no removal of the other spelling's, whose history would go with it, and this spelling's only
    where they hold none."""
    (stack, mine), (spelt, theirs) = this, other
    if mine.held.holds_data:  # no removal of history: they are left, owned by no stack
        made = f"leave the {mine.shown(stack)} with their history: no stack then owns them"
    else:
        made = f"remove the {mine.shown(stack)} in the platform's web app, then plan again"
    holds = observations(held.known, held.unknown)
    return (
        f"Both spellings of this stack own live entities: {mine.shown(stack)}, and "
        f"{theirs.shown(spelt)}{_counted_once(mine, theirs, both)}, no stray beside them, so iotplan "
        "cannot tell a rename from a copy. "
        f"If this stack was renamed in case only, keep `stack: {spelt}`, spelt so (ownership is the "
        f"exact prefix: stack {spelt!r} owns all it made, with its history), and {made}. If instead "
        f"{entity.kind} {live.id} (refId {alike.shown(alike.other)}, holding {holds}) is a copy "
        "another writer made, or another stack's, leave it, with its history, and give "
        f"{entity.address} a refId that differs by more than {alike.folded}"
    )


def _counted_once(mine: Owned, theirs: Owned, both: Observations) -> str:
    """Where the two spellings' counts share observations (one's entities beneath the other's), how
    many, and how many there are in all: added up, they would read as more at stake than there is
    ("" where they share none)."""
    if not both.holds_data:
        return ""
    known = mine.held.known + theirs.held.known - both.known
    unknown = mine.held.unknown or theirs.held.unknown
    return (
        f", {observations(both.known, both.unknown)}, the same ones, counted for both (one spelling's "
        f"entities are beneath the other's): {observations(known, unknown)} in all"
    )


def _renamed_in_case_only(other: str) -> str:
    """Where the look-alike is stack `other`'s, `other` is this stack in another case (keys and
    stacks are ASCII and hold no `:`, so only case can differ): likeliest this stack renamed so,
    which `stack:` spelt as before undoes. Leaving the entity to `other`, or re-keying this one,
    would make the network a second time."""
    return (
        f"This stack looks renamed from {other!r} in case only: keep `stack: {other}`, spelt so (a "
        "stack cannot be renamed, in case either: ownership is the exact prefix, and stack "
        f"{other!r} still owns all it made, and its plan removes what its manifest drops, with its "
        f"history). If stack {other!r} is another network, leave it to that stack"
    )


def _adopt_as_written(live: LiveEntity, alike: FoldedAlike, adopt: str) -> str:
    """How to adopt the look-alike: a connection by its id (a node takes no `ref_id:`); a device or
    sensor by its refId typed as the platform has it, where only the encoding differs, unless that
    is one a manifest refuses (a trailing blank, an invisible mark): then only the web app can help."""
    otherwise = _adopt_but_by_ref_id(live, alike.other, adopt)
    if otherwise is not None:
        return otherwise
    if alike.in_encoding:
        return f"Adopt it with `ref_id: {alike.shown(alike.other)}` (escaped as written on the platform)"
    return "Adopt it with `ref_id:`"


def _adopt_but_by_ref_id(live: LiveEntity, ref_id: str, adopt: str) -> str | None:
    """How to adopt `live` where `ref_id:` cannot: a connection by its id, one whose refId a manifest
    may not hold only once the web app gives it another. None where `ref_id:` can."""
    if adopt == "id":
        return f"Adopt it with `id: {live.id}`"
    if why_no_identifier(ref_id) is not None:
        return (
            f"A manifest may not hold its refId, so `ref_id:` cannot adopt it: give {live.id} another "
            "SERIAL_NO in the platform's web app and adopt it with that, or remove it there"
        )
    return None


def copy_in_another_case(entity: DesiredEntity, extra: LiveEntity, kept: LiveEntity) -> Change:
    """A live sibling of the entity found, its refId the same but for case: a copy of it to a
    platform that matches refIds without case, reported as one and never touched."""
    alike = FoldedAlike(str(extra.ref_id), str(kept.ref_id))
    reason = (
        f"carries refId {alike.shown(alike.ref_id)}, which differs only in {alike.how} from "
        f"{alike.shown(alike.other)} of {entity.kind} {kept.id}: a platform that matches refIds without "
        f"{alike.folded} takes them for one, and integrate cannot "
        "tell them apart; remove one in the platform's web app"
    )
    return duplicate(entity, extra, kept, reason)


def _at_this_address_in_another_stack(
    entity: DesiredEntity, candidates: Candidates, own: Ownership
) -> Standing | None:
    """Stack `other`'s entity at this very address, or at the one its `moved` entry renames it from,
    with the same name (or this one declares none): this stack is likely `other` renamed. A stack has
    no rename: its refIds name it, and `other` still owns all it made. Two stacks may use one key for
    different things (each key is its stack's own): named differently, they are let be, unless what
    it holds tells otherwise (plan/renamed_stack.py)."""
    name = entity.fields.get("name")
    for live, other, moved_from in at_another_stacks_addresses(entity, candidates, own.stack):
        if name is None or same_name(live.props.get("NAME"), name):
            return Standing(None, _at_another_stacks_address(entity, live, other, moved_from))
    return None


def at_another_stacks_addresses(
    entity: DesiredEntity, candidates: Candidates, stack: str
) -> Iterator[tuple[LiveEntity, str, Address | None]]:
    """Each candidate whose refId is another stack's for `entity`'s address, then for the one its
    `moved` entry renames it from (`moved_from`), with that stack and, found there, that address: a
    rename declared beside a `stack:` changed points at the old stack's entity (nothing of this
    stack's stands at the old address)."""
    old = moved_from(entity, stack)
    for address in (entity.address, *([old] if old else [])):
        for live in candidates.at(address):
            other = owner_of(live.ref_id, entity.address.depth)
            if (
                other
                and other != stack
                and _folded(live.ref_id) == fold_ref_id(derive_ref_id(other, *address.parts))
            ):
                yield live, other, None if address == entity.address else address


def moved_from(entity: DesiredEntity, stack: str) -> Address | None:
    """The address `moved` renames `entity` (or an ancestor) from, None if none or pinned by `ref_id:`."""
    old, prefix = entity.old_ref_id, f"{stack}:"
    return Address(old.removeprefix(prefix)) if old and old.startswith(prefix) else None


def _at_another_stacks_address(
    entity: DesiredEntity, live: LiveEntity, other: str, moved: Address | None = None
) -> str:
    """Why an entity at this address in stack `other` (or at the one `moved` renames it from,
    `moved`) refuses the creation: the likeliest first, an entity cut from `other`'s manifest and
    pasted into this one (whose removal `other`'s plan shows, with its history), then a stack
    renamed, then two networks using one key."""
    named = named_as_live(live)
    return (
        f"not found by its refId {entity.ref_id!r}{nor_moved_from(moved)}, but {entity.kind} "
        f"{live.id}{named} carries {quoted_serial(live.ref_id)}, {_that_address(moved)} in stack "
        f"{other!r}: it was likely moved here from the manifest of stack {other!r}, or this stack looks "
        f"renamed from {other!r}. An entity cannot move between stacks, nor a stack be renamed (stack "
        f"{other!r} still owns all it made, and its plan removes what its manifest drops, with its "
        f"history): keep this entity in the manifest of stack {other!r}, or give it another key here (a "
        f"new entity, with new history); if this manifest is stack {other!r} renamed, keep "
        f"`stack: {other}`; if stack {other!r} is another network that uses this address too, give this "
        "one another key"
    )


def nor_moved_from(moved: Address | None) -> str:
    """Where the other stack's entity stands at the address `moved` renames from: nothing of this
    stack's is there, which is why the rename finds nothing."""
    return (
        f", nor at {moved}, which its `moved` entry renames it from (nothing of this stack's is there)"
        if moved
        else ""
    )


def _that_address(moved: Address | None) -> str:
    return "that address" if moved else "this address"


def connections_of_other_stacks(candidates: Iterable[LiveEntity], stack: str) -> dict[str, list[LiveEntity]]:
    """The connections among `candidates` that another stack's manifest made (`owner_of`), by their
    key folded as refIds are compared: built once a project, each found connection's key looked up
    in it once (fleets have thousands)."""
    by_key: dict[str, list[LiveEntity]] = {}
    for live in candidates:
        other = owner_of(live.ref_id, 0)
        if other and fold_ref_id(other) != fold_ref_id(stack):
            key = str(live.ref_id)[len(other) + 1 :]
            by_key.setdefault(fold_ref_id(key), []).append(live)
    return by_key


def same_key_in_another_stack(
    node: DesiredEntity, found: LiveConnection, others: Mapping[str, list[LiveEntity]]
) -> list[Change]:
    """Another stack's connection with the key of `node` (whose connection this stack found, as
    `found`) in the same project, named alike (as `node` is declared, else as `found` is named): one
    network twice. Creating it is refused (`_at_this_address_in_another_stack`), but two applies at
    once each find their own, and a stack renamed while its old pipeline still runs doubles all it
    made. Reported as a duplicate on every plan and drift of either stack; nothing is refused for
    it, as nothing here is unsafe to write."""
    name = node.fields.get("name") or found.node.props.get("NAME")
    return [
        _namesake_in_another_stack(node, found, other)
        for other in others.get(fold_ref_id(str(node.address)), ())
        if name is None or same_name(other.props.get("NAME"), name)
    ]


def _namesake_in_another_stack(node: DesiredEntity, found: LiveConnection, other: LiveEntity) -> Change:
    stack = owner_of(other.ref_id, 0)
    held: Held = (("this stack's", found.observations),)  # the other stack's is not read here
    reason = (
        f"stack {stack!r} has a connection of this key here too: {other.id}{named_as_live(other)} (refId "
        f"{quoted_serial(other.ref_id)}), beside this stack's {found.node.id}. "
        f"{one_or_two('connection', stack, held)}"
    )
    # not counted: the other stack's to count, its devices and sensors are not read here
    return _copy_named(
        Address(f"{node.address}#{other.short_id}"), Kind.NODE, found.project_id, other, reason
    )


def _copy_named(address: Address, kind: Kind, project_id: str, live: LiveEntity, reason: str) -> Change:
    """A live copy at `address`, told as a duplicate and never touched: nothing of it is weighed."""
    return Change(
        address=address,
        kind=kind,
        action=Action.DUPLICATE,
        cause=Cause.DUPLICATE,
        project_id=project_id,
        connection=address.connection,
        reason=reason,
        ref_id=live.ref_id,
        live_id=live.id,
        live_ref_id=live.ref_id,
        template=live.template,
        before=live_fields(kind, live.props),
        counted=False,
        fingerprint=fingerprint(live),
    )


def _left_by_a_new_parent_key(
    entity: DesiredEntity, candidates: Candidates, own: Ownership, moved_past_pin: MovingEntry | None
) -> Standing | None:
    """This stack's device or sensor, with the key or name of the one to create, whose refId names
    another parent than the one it is under: that parent likely took a new key without `moved`
    (a connection pinned by `id:` is found whatever its key), and creating would replace it."""
    parent, name = entity.address.parent, entity.fields.get("name")
    if parent is None:  # a connection: found by its refId or `id:` only
        return None
    seen = candidates.seen_by(own, entity.address.depth)
    placed = seen.left_elsewhere(parent, entity.address.name, name)
    if placed is None:
        return None
    live, was = placed.live, placed.was
    renamed, new = _renamed(placed.under, parent)
    old = shown_serial(renamed)  # the refId's parent: a credential in it masked
    same = "with the same key" if was.name == entity.address.name else f"named {shown_live(name)!r}"
    found = (
        f"not found by its refId {entity.ref_id!r}, but this stack's {entity.kind} {live.id} "
        f"{same} is where it would go, with refId {quoted_serial(live.ref_id)}"
    )
    replace = f"to replace it, first apply the manifest without {entity.address}, which removes it"
    pin = _pin_kept_as_written(entity, live, moved_past_pin, own)
    if pin:  # its `ref_id:`, not a missing entry, keeps it from being found
        return Standing(live, f"{found}. {pin}; {replace}", edits_field="ref_id")
    if _renames_already(entity, renamed, new, own.stack):  # never ask for the entry already there
        return Standing(
            live,
            f"{found}. `moved` renames {old} to {new} already, but reads {entity.address} from "
            f"{entity.old_ref_id!r}: as its entry, `{{from: {shown_serial(was)}, to: "
            f"{entity.address}}}` (its address on the platform now) keeps it and its history; {replace}",
        )
    return Standing(
        live,
        f"{found}: likely {old} was renamed {new} without `moved`. To keep it and its history, add "
        f"`moved: [{{from: {old}, to: {new}}}]`; {replace}",
    )


def _pin_kept_as_written(
    entity: DesiredEntity, live: LiveEntity, moving: MovingEntry | None, own: Ownership
) -> str:
    """Where `entity`'s `ref_id:` names what is not live: `moved` never rewrites a `ref_id:`, neither
    `moving` (the entry renaming it or a parent) nor one asked for, so writing the refId it has now
    keeps it, as does dropping the pin where `moving` then reads it from that one. "" for no pin."""
    if moving is not None:
        index, old, new = moving
        rewrites, drop = shown_entry(index, old, new), _drop_pin_advice(entity, live, moving, own)
    elif entity.ref_id_written:
        rewrites, drop = "a `moved` entry", ""
    else:
        return ""
    return (
        f"Its ref_id: {entity.ref_id!r} is kept as written: {rewrites} does not "
        f"rewrite a `ref_id:`. To keep it and its history, write the refId it has now, "
        f"`ref_id: {as_yaml(live.ref_id)}`{drop}"
    )


def _drop_pin_advice(entity: DesiredEntity, live: LiveEntity, moving: MovingEntry, own: Ownership) -> str:
    """Dropping the `ref_id:`, advised where `moving` would then read the entity from its live refId."""
    _, old, new = moving
    at = derive_ref_id(own.stack, old, *entity.address.parts[Address(new).depth + 1 :])
    return (
        ", or drop the `ref_id:` (the entry then renames it)"
        if fold_ref_id(at) == fold_ref_id(str(live.ref_id))
        else ""
    )


def _renames_already(entity: DesiredEntity, old: Address, new: Address, stack: str) -> bool:
    """Whether the manifest's `moved` entries rename `new` from `old` already: the refId they read
    the entity from lies under `old`."""
    if entity.old_ref_id is None or entity.address.parts[: new.depth + 1] != new.parts:
        return False
    under = derive_ref_id(stack, *old.parts)
    return entity.old_ref_id == under or entity.old_ref_id.startswith(f"{under}/")


def _renamed(old: Address, new: Address) -> tuple[Address, Address]:
    """The ancestor whose key changed: `z1` and `z2` for `z1/d1` and `z2/d1`."""
    old_keys, new_keys = list(old.parts), list(new.parts)
    while len(old_keys) > 1 and len(new_keys) > 1 and old_keys[-1] == new_keys[-1]:
        old_keys.pop()
        new_keys.pop()
    return Address.of(*old_keys), Address.of(*new_keys)


def _renamed_from_another_case(
    entity: DesiredEntity, candidates: Candidates, own: Ownership, spelt_so: SpeltSo
) -> Standing | None:
    """Neither the refId nor the one its `moved` entry renames from is live, but one differing from
    the latter only as refIds are compared: to a platform that joins them, the entity to rename.
    Created beside it, it would be a second one where one renamed was meant. `spelt_so`: what it
    holds, which its removal destroys."""
    if not entity.old_ref_id:
        return None
    live = candidates.carrying(entity.old_ref_id)
    if live is None:
        return None
    alike = FoldedAlike(entity.old_ref_id, str(live.ref_id))
    owned = own.owns(live, entity.address.depth)
    rename = (
        f"`moved: [{{from: {own.address_from_ref(live)}, to: {entity.address}}}]` renames it with its history"
        if owned
        else rename_in_the_web_app(spelt_so.held_by(live, entity.kind), entity.ref_id)
    )
    return Standing(
        live if owned else None,
        f"not found by its refId, nor by {alike.shown(entity.old_ref_id)} its `moved` entry renames "
        f"from, but {entity.kind} {live.id} carries {alike.shown(alike.other)}, which differs from that "
        f"only in {alike.how}: the platform documents no {alike.rule} for refIds, so it may be the "
        f"{entity.kind} to rename (docs/api-assumptions.md, A1++). {rename}; iotplan does not create "
        f"{entity.address} beside it",
    )


def _beside_a_look_alike(entity: DesiredEntity, candidates: Candidates, adopt: str) -> Standing | None:
    """A live entity where `entity` would be created whose refId only looks like its own (a U+2010
    hyphen for `-`, a Cyrillic `е`), which NFKC does not join: whoever reads the two takes them for
    one, so it may be the entity meant, made by hand, and one created beside it a second reading
    alike, its history in the other. Refused as a look-alike NFKC joins is, named escaped."""
    found = candidates.looking_like(entity.ref_id)
    if found is None:
        return None
    live, alike = found
    return Standing(
        None,
        f"not found by its refId {escaped_for_yaml(entity.ref_id)}, but {entity.kind} {live.id} carries "
        f"{escaped_for_yaml(live.ref_id)}, which {alike.note('it')}: read alike, it may be the "
        f"{entity.kind} meant, and iotplan never creates {entity.address} beside a live {entity.kind} "
        f"whose refId only looks like its own. {_adopt_the_look_alike(live, adopt)}, or give "
        f"{entity.address} a refId that reads otherwise",
    )


def _renamed_from_a_look_alike(
    entity: DesiredEntity, candidates: Candidates, spelt_so: SpeltSo
) -> Standing | None:
    """Neither the refId nor the one its `moved` entry renames from is live, but one that only looks
    like the latter (`_beside_a_look_alike`): the entity to rename, most likely, which a manifest's
    `from` cannot name (its keys are ASCII). Created beside it, it would be a second one, the
    history left in the first."""
    found = candidates.looking_like(entity.old_ref_id) if entity.old_ref_id else None
    if found is None:
        return None
    live, alike = found
    return Standing(
        None,
        f"not found by its refId, nor by {escaped_for_yaml(entity.old_ref_id)} its `moved` entry renames "
        f"from, but {entity.kind} {live.id} carries {escaped_for_yaml(live.ref_id)}, which "
        f"{alike.note('that')}: read alike, it may be the {entity.kind} to rename. "
        f"{_capitalised(rename_in_the_web_app(spelt_so.held_by(live, entity.kind), entity.ref_id))}; "
        f"iotplan does not create {entity.address} beside it",
    )


def _adopt_the_look_alike(live: LiveEntity, adopt: str) -> str:
    """How to adopt a look-alike: as `_adopt_as_written`, its refId written escaped, as typed from
    the screen it would read as the refId it looks like."""
    otherwise = _adopt_but_by_ref_id(live, str(live.ref_id), adopt)
    if otherwise is not None:
        return otherwise
    return f"Adopt it with `ref_id: {escaped_for_yaml(live.ref_id)}` (escaped as written on the platform)"


def escaped_for_yaml(ref_id: str | None) -> str:
    """A refId or id quoted with its non-ASCII characters escaped as YAML reads them back (`\\u2010`),
    masked as messages show refIds: how a look-alike is told from the text it reads as (pruning's
    reason and thread.py's too; `select`'s note escapes its glob alike, by look_alikes.py `escaped`)."""
    return escaped(str(shown_serial(ref_id)))


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def rename_in_the_web_app(held: Observations, to: str) -> str:
    """The steps for another tool's entity to rename in the web app: the rename to `to`, the refId
    the `moved` entry renames to, spelt out (escaped, as a look-alike's is), which keeps its
    history, first; the removal, with what it destroys, last."""
    return (
        f"rename it in the platform's web app to {escaped_for_yaml(to)} (the refId its `moved` entry "
        f"renames to), which keeps it and its history, or remove it there{destroying(held)}"
    )


def destroying(held: Observations) -> str:
    """What removing an entity that holds `held` destroys, said right after the removal a message
    advises (`remove it there` + this): `, destroying 12 observations`, `, destroying an unknown
    number of observations`, ` (it holds no observations)`."""
    if held.holds_data:
        return f", destroying {observations(held.known, held.unknown)}"
    return " (it holds no observations)"


def another_serial_no_or_removal(held: Observations, prefixed: Prefixed) -> str:
    """The two steps ending a copy holding `held` that only the web app can end, said after "to keep
    it and its history": another SERIAL_NO, which keeps them, first (one without the stack's prefix
    where it or its sensors carry it: `prefixed`), its removal, with what it destroys, last."""
    return f"{prefixed.serial_nos('it')} in the platform's web app; or remove it there{destroying(held)}"


def prefixed_carrier(stack: str, carrier: Carrier) -> Prefixed:
    """Whether a copy found as `carrier` carries `stack`'s prefix, and how many of its sensors do
    (`Prefixed`), and whether some were never read: given another SERIAL_NO still starting so, the
    next plan removes it as an orphan."""
    entity, connection = carrier.entity, carrier.connection
    if carrier.kind is not Kind.DEVICE:
        return Prefixed.of(stack, entity.ref_id, ())
    sensors = (sensor.ref_id for sensor in connection.sensors_of(entity))
    return Prefixed.of(stack, entity.ref_id, sensors, unread=bool(connection.unread_sensors(entity)))


def duplicate_to_remove(held: Observations, many: int, prefixed: Prefixed) -> str:
    """How to end a refId that `many` live entities carry besides a declared one, said after a write
    by it is refused ("integrate cannot tell them apart"): where they hold `held`, what that is, and
    the step keeping their history before their removal and what it destroys (SERIAL_NOs without
    the stack's prefix, where it has one: `prefixed`); else, short, their removal (nothing of theirs
    is lost)."""
    if not held.holds_data:
        return ": remove the duplicate in the platform's web app first"
    one = many == 1
    those, them = ("that one holds", "it") if one else ("those hold", "them")
    stays = "its history stays" if one else "their histories stay"
    return (
        f": {those} {observations(held.known, held.unknown)}: {prefixed.serial_nos(them)} in the "
        f"platform's web app ({stays}); or remove {them} there{destroying(held)}; then plan again"
    )


def _renamed_in_case(own: Ownership, live: LiveEntity, address: Address) -> str:
    """What to do when this stack's `live`, whose refId differs from `address`'s only in case, stands
    where `address` would be created: most likely it is that entity re-keyed in case only."""
    old, new = _renamed(own.address_from_ref(live), address)
    return (
        f"If {new} is {old} renamed, add `moved: [{{from: {old}, to: {new}}}]`, which keeps it and its "
        f"history; otherwise give {address} a key that differs by more than case"
    )


def _likely_earlier_copy(
    entity: DesiredEntity, candidates: Candidates, own: Ownership, adopt: str, spelt_so: SpeltSo
) -> Standing | None:
    """An unmanaged entity that looks like one an earlier apply made on a platform that kept
    neither its refId nor what else identifies it, or like the declared sensor itself, its
    SERIAL_NO since cleared."""
    unmanaged = candidates.seen_by(own, entity.address.depth)
    lost = _a_sensor_that_may_have_lost_its_serial_no(entity, unmanaged, spelt_so)
    if lost is not None:
        return lost
    adopted = None if entity.ref_id.startswith(f"{own.stack}:") else entity.ref_id
    named = unmanaged.named(entity.fields.get("name"))
    depth = entity.address.depth
    taken = spelt_so.serial_taken
    problem = earlier_copy(
        entity.fields.get("name"), named, entity.kind, adopt, adopted, own.stack, depth=depth, taken=taken
    )
    if problem:  # another stack's named so is that stack's, no copy: --prune-unmanaged leaves it anyway
        copies = tuple(each for each in named if not _other_stack(each.ref_id, depth, own.stack))
        return Standing(None, problem, copies)
    unnamed = _unnamed_copy(entity, unmanaged, taken)
    if unnamed:
        return Standing(None, *unnamed)
    problem = _unnamed_of_another_stack(entity, unmanaged, own.stack) or _connection_named_by_the_platform(
        entity, unmanaged
    )
    return Standing(None, problem) if problem else None


def _a_sensor_that_may_have_lost_its_serial_no(
    entity: DesiredEntity, unmanaged: _Seen, spelt_so: SpeltSo
) -> Standing | None:
    """A sensor of the declared one's template under its device, with no SERIAL_NO, holding
    observations (or an unknown count): the declared sensor itself, maybe, its SERIAL_NO cleared by
    another writer (a web-app rename on a platform whose update replaces props, A2), its name
    perhaps with it. Unlike a device's (`_lost_its_serial_no`), nothing proves which sensor it is, so
    the creation is refused: made beside it, the feed would write to the new one and its history
    stay on the old. One that holds nothing loses no history: the look-alike checks after this judge
    it."""
    template = entity.template or DEFAULT_TEMPLATES[entity.kind]
    if entity.kind is not Kind.SENSOR or template is None:
        return None
    return sensor_among_serial_less(entity, template, unmanaged.without_serial_no(template), spelt_so)


def sensor_among_serial_less(
    entity: DesiredEntity, template: str, serial_less: Sequence[LiveEntity], spelt_so: SpeltSo
) -> Standing | None:
    """The refusal `_a_sensor_that_may_have_lost_its_serial_no` words, given the unmanaged sensors of
    `template` without SERIAL_NO where `entity` would be created, in their order."""
    holding = [
        (live, held)
        for live in serial_less
        if (held := spelt_so.held_by(live, Kind.SENSOR)).known or held.unknown
    ]
    if not holding:
        return None
    if len(holding) == 1:
        live, held = holding[0]
        found = (
            f"sensor {live.id}{named_as_live(live)} ({template}, no SERIAL_NO) is under its device, holding "
            f"{observations(held.known, held.unknown)}"
        )
    else:
        listed = ", ".join(
            f"{live.id}{named_as_live(live)} ({observations(held.known, held.unknown)})"
            for live, held in holding
        )
        found = (
            f"{len(holding)} sensors of its template {template} with no SERIAL_NO are under its device: "
            f"{listed}"
        )
    problem = (
        f"not found by its refId, but {found}. Another writer may have cleared its SERIAL_NO (a rename in "
        "the platform's web app, where an update replaces props): created beside it, its feed would write "
        f"to the new one and the history stay on the old. If {'it' if len(holding) == 1 else 'one of them'} "
        f"is {entity.address.name}, set its SERIAL_NO to {quoted_serial(entity.ref_id)} in the platform's "
        "web app, then plan again; if it is another sensor, give it a SERIAL_NO of its own so iotplan can "
        "tell them apart"
    )
    return Standing(None, problem, tuple(live for live, _ in holding))


def earlier_copy(
    name: object,
    candidates: Iterable[LiveEntity],
    what: str,
    adopt: str,
    adopted: str | None = None,
    stack: str | None = None,
    *,
    depth: int,
    taken: Taken = _taken_by_nothing,
) -> str:
    """A problem naming the unmanaged entity with the same name, or "" when there is none. `depth`:
    the entity's address's (0 a connection, 1 a device, 2 a sensor). `adopted`:
    the refId the manifest adopts the entity by (`ref_id:` not the stack's own), if it does; `stack`:
    this stack, whose prefix on a refId it does not own names no other stack. A refId names a stack
    only as that stack's manifest gives it to a `what` (`owner_of`). `taken`: what else a SERIAL_NO
    is (`SpeltSo.serial_taken`), which no `ref_id:` may then adopt."""
    if not name:
        return ""
    named = [entity for entity in candidates if same_name(entity.props.get("NAME"), name)]
    if not named:
        return ""
    found = named[0]
    head = f"not found by its refId, but {what} {found.id} {_named_alike(found, name)}"
    other = _other_stack(found.ref_id, depth, stack)
    if other:
        if adopted is not None and owner_of(adopted, depth) == other:
            return _renamed_by_its_stack(head, found, other, adopted)
        return _of_another_stack(head, found, other, adopt)
    if len(named) > 1:
        return _earlier_copies(named, name, what, adopt, taken)
    if adopted is not None and adopt == "ref_id":
        return _pinned_found_by_name(head, found, adopted, taken)
    return (
        f"{head} ({serial_text(found.ref_id)}) is not this stack's: likely an earlier copy on a "
        "platform that did not keep its refId (see docs/api-assumptions.md). "
        f"{_adoption(found, adopt, 'give one of them another name', taken=taken)}"
    )


def _pinned_found_by_name(head: str, found: LiveEntity, adopted: str, taken: Taken) -> str:
    """A device or sensor the manifest adopts by `ref_id:` (an import's, most often), not found by it
    but named alike: the ordinary cause is a SERIAL_NO changed in the web app (the logger replaced,
    its serial retyped), said first; an earlier copy the platform kept no refId for is the other."""
    return (
        f"{head} ({serial_text(found.ref_id)}) is not this stack's: likely the one "
        f"`ref_id: {as_yaml(adopted)}` adopts, its SERIAL_NO changed in the platform's web app (a logger "
        "replaced, a serial retyped), or an earlier copy on a platform that did not keep its refId "
        "(see docs/api-assumptions.md). "
        f"{_adoption(found, 'ref_id', 'give one of them another name', 'If it is neither', taken)}"
    )


def _earlier_copies(named: list[LiveEntity], name: object, what: str, adopt: str, taken: Taken) -> str:
    """Several unmanaged ones with the name: earlier copies all (two applies at once on a platform
    that did not keep the refId). Each is named, as the one to adopt is the one a feed writes to."""
    listed = ", ".join(f"{copy.id} ({serial_text(copy.ref_id)})" for copy in named)
    shown = shown_live(name)  # declared, masked as views show it
    return (
        f"not found by its refId, but {len(named)} {what}s named {shown!r} are not this stack's: {listed}: "
        "likely earlier copies on a platform that did not keep its refId (see docs/api-assumptions.md). "
        f"Keep the one its data goes to and remove the others in the platform's web app: "
        f"{_adopting_one_of(named, adopt, taken)}"
    )


def _adopting_one_of(named: list[LiveEntity], adopt: str, taken: Taken) -> str:
    otherwise = "give this one another name"
    if adopt == "id":
        ids = " or ".join(f"`id: {copy.id}`" for copy in named)
        return f"adopt the one kept with its id ({ids}), or {otherwise}"
    return f"to keep {named[0].id}: {_adoption(named[0], adopt, otherwise, taken=taken)}"


def _unnamed_copy(
    entity: DesiredEntity, unmanaged: _Seen, taken: Taken
) -> tuple[str, tuple[LiveEntity]] | None:
    """A device or sensor the manifest gives no name has no name to be recognised by: an unnamed
    one of its template, where it would be created, may be what an earlier apply made. One whose
    refId names another stack is that stack's, kept with its refId: no copy, and not to adopt (but
    see `_unnamed_of_another_stack`). The problem, with that one; None for none."""
    template = _unnamed_template(entity)
    found = unmanaged.unnamed(template) if template is not None else None
    if found is None:
        return None
    problem = (
        f"not found by its refId, but {entity.kind} {found.id} ({template}, {_no_name(found)}, "
        f"{serial_text(found.ref_id)}) is where it would be created, and is not this stack's: likely an "
        "earlier copy on a platform that did not keep its refId (see docs/api-assumptions.md). "
        f"{_adoption(found, 'ref_id', 'give one of them a name', taken=taken)}"
    )
    return problem, (found,)


def _unnamed_of_another_stack(entity: DesiredEntity, unmanaged: _Seen, stack: str) -> str:
    """Another stack's unnamed one of its template, whose refId ends in the key to create: most
    likely the same logger, that stack's manifest merged into this one. Created beside it, the feed
    would write to one and the history stay on the other; refused as the named case is."""
    template, depth = _unnamed_template(entity), entity.address.depth
    key = entity.address.name
    found = unmanaged.unnamed_of_another_stack(template, key) if template is not None else None
    if found is None:
        return ""
    head = (
        f"not found by its refId, but {entity.kind} {found.id} ({template}, {_no_name(found)}, key {key!r})"
    )
    other = str(_other_stack(found.ref_id, depth, stack))
    return _of_another_stack(head, found, other, "ref_id", "give this one a name")


def _other_stack(ref_id: str | None, depth: int, stack: str | None) -> str | None:
    """The stack whose manifest gives this refId to an entity of `depth` (`owner_of`), unless it is
    this one. A refId that only starts with a stack's prefix (`quickstart:legacy` on a device) is
    another tool's, unmanaged, whichever stack's prefix it is."""
    other = owner_of(ref_id, depth)
    return other if other != stack else None


def _unnamed_template(entity: DesiredEntity) -> str | None:
    """The template of a device or sensor the manifest gives no name: None for any other entity."""
    if entity.kind is Kind.NODE or entity.fields.get("name"):
        return None
    return entity.template or DEFAULT_TEMPLATES[entity.kind]


def _last_key(ref_id: str | None) -> str:
    return Address((ref_id or "").partition(":")[2]).name


def _no_name(found: LiveEntity) -> str:
    """An empty NAME is no name either: a platform may keep an unnamed entity's so, and an earlier
    copy would then be missed. Said as it is, since the web app shows a name was set."""
    return "an empty NAME" if found.props.get("NAME") == "" else "no name"


def _connection_named_by_the_platform(entity: DesiredEntity, unmanaged: _Seen) -> str:
    """A connection still named as the platform names one it creates without props, after its own
    SERIAL_NO: what an earlier apply leaves on a platform that keeps neither a new connection's
    refId nor its props (docs/api-assumptions.md, A4), so nothing of it can be matched."""
    if entity.kind is not Kind.NODE:
        return ""
    named = unmanaged.named_by_the_platform
    if not named:
        return ""
    found, more = named[0], f" ({len(named) - 1} more like it)" if len(named) > 1 else ""
    # The name holds the SERIAL_NO, anyone's text: masked as a refId is, a URL's password with it.
    name = live_quoted(PLATFORM_CONNECTION_NAME.format(serial=shown_serial(found.ref_id)))
    return (
        f"not found by its refId, but connection {found.id} named {name}{more} is "
        "not claimed, and its name is the one the platform gives a connection it creates without props: "
        "likely an earlier copy on a platform that kept neither its refId nor its props (see "
        f"docs/api-assumptions.md, A4). If it is this one, adopt it with `id: {found.id}`; otherwise rename "
        "or remove it in the platform's web app: no connection is created while one is left so named"
    )


# What to do where a device holding the declared one's sensors is not the one adopted.
_OWN_SERIAL_NOS = "give those sensors SERIAL_NOs of their own in the platform's web app, then plan again"


def _renamed_by_its_stack(
    head: str, found: LiveEntity, other: str, adopted: str, otherwise: str = "give this one another name"
) -> str:
    """The manifest adopts stack `other`'s entity by a `ref_id:` that stack no longer gives it (its
    `moved` rewrote the refId): the adoption stands, at the refId the entity has now."""
    return (
        f"{head} belongs to stack {other!r} ({serial_text(found.ref_id)}), which this manifest "
        f"adopts by `ref_id: {as_yaml(adopted)}`: likely stack {other!r} renamed it (`moved`). If it is "
        f"that one, update it to `ref_id: {as_yaml(found.ref_id)}`; otherwise {otherwise}"
    )


def _of_another_stack(head: str, found: LiveEntity, other: str, adopt: str, otherwise: str = "") -> str:
    """Another stack's entity with this name: likeliest this stack renamed from it, said first, with no
    neutral way out (named alike, another name here is this network made twice, if renamed). A
    connection can be shared by `id:` (it stays the other stack's); a device or sensor cannot be:
    `ref_id:` would give it two owners, the first removing it once its manifest drops it."""
    head = (
        f"{head} belongs to stack {other!r} ({serial_text(found.ref_id)}). If this stack was renamed from "
        f"{other!r}, keep `stack: {other}` (a stack cannot be renamed: stack {other!r} still owns all it "
        "made)"
    )
    last = f", or {otherwise}" if otherwise else ""
    if adopt == "id":
        pin = f"pin it with `id: {found.id}` (stack {other!r} keeps it)"
        return f"{head}; to add to that connection, {pin}{last}"
    return (
        f"{head}. An entity cannot move between stacks, and adopting it with `ref_id:` would give it two "
        f"owners: leave it to stack {other!r}{last}"
    )


def created_in_another_stack(change: Change, other: str) -> str:
    """Why a device or sensor is not created with a pinned refId that names another stack."""
    return (
        f"{change.address}: would create {change.kind} with refId {change.ref_id!r}, which belongs to stack "
        f"{other!r}: that stack would remove it whenever its manifest leaves it out, and this one create it "
        "again. An entity cannot move between stacks: declare it in that stack's manifest, or drop its "
        "`ref_id:` so that it gets one of this stack's"
    )


def named_as_live(live: LiveEntity) -> str:
    """` named 'Crest datalogger'`, as the live entity is named; "" where it has none."""
    name = shown_live(live.props.get("NAME"))
    return f" named {live_quoted(name)}" if name else ""


def _adoption(
    found: LiveEntity,
    adopt: str,
    otherwise: str,
    unless: str = "If it is no copy",
    taken: Taken = _taken_by_nothing,
) -> str:
    """How the manifest can take the copy over, or else `otherwise`; a device or sensor is found by
    its refId only, so one without a SERIAL_NO cannot be adopted until it has one, nor by one that
    is something else too (`taken`: a refId the manifest gives another entity, which it refuses as
    two entities made one, or one another live entity carries). `unless` leads to `otherwise` where
    the copy may be adopted."""
    if adopt == "id":
        return f"Adopt it with `id: {found.id}`, or {otherwise}"
    meant = taken(found.ref_id, found) if found.ref_id is not None else None
    if meant is not None:
        return _adopted_once_retyped(
            found,
            f"Its SERIAL_NO {quoted_serial(found.ref_id)} is {meant}",
            otherwise,
            " (two entities would be one)",
            " (it keeps its id and observations; a tool writing to it by its old refId must use the new one)",
        )
    if found.ref_id is not None and identity_holds_a_secret(found.ref_id):  # no manifest may hold it
        return _adopted_once_retyped(found, "Its SERIAL_NO holds a credential", otherwise)
    if found.ref_id is not None and why_no_identifier(found.ref_id) is not None:  # padding, say
        return _adopted_once_retyped(found, "A manifest may not hold its SERIAL_NO", otherwise)
    if found.ref_id is not None:  # adopted where refIds are not SERIAL_NOs, its updates would not find it
        return (
            "If this platform keeps a device's or sensor's refId as its SERIAL_NO (`iotplan check-platform`, "
            f"its A1 line), adopt it with `ref_id: {as_yaml(found.ref_id)}`; if not, iotplan cannot manage "
            "this platform's devices and sensors (one adopted so could not be updated). "
            f"{unless}, {otherwise}"
        )
    return (
        "It has no SERIAL_NO, so `ref_id:` cannot adopt it (devices and sensors are found by refId "
        f"only): give {found.id} a SERIAL_NO in the platform's web app and adopt it with that `ref_id:`, "
        f"remove it there, or {otherwise}"
    )


def _adopted_once_retyped(
    found: LiveEntity, why: str, otherwise: str, aside: str = "", kept: str = ""
) -> str:
    """`why` the SERIAL_NO `found` has keeps `ref_id:` from adopting it (`aside`: said after), and the
    steps: another SERIAL_NO in the web app (`kept`: what that keeps), then adopting it by that;
    its removal there; or `otherwise`."""
    return (
        f"{why}, so `ref_id:` cannot adopt it{aside}: give {found.id} another SERIAL_NO in the platform's "
        f"web app{kept} and adopt it with that, remove it there, or {otherwise}"
    )


def as_yaml(ref_id: str | None) -> str:
    """A refId as a `ref_id:` to write in the manifest: masked as every message shows it, bare where
    YAML reads it back as it is, else in double quotes (`0042` bare is the octal number 34, `SN #42`
    is `SN` and a comment), and where a character in it would act on the terminal (ESC, BEL, a
    bidirectional override) or not show, escaped there; so is all of one that only looks like a
    stack's refId (`quickstart:dam‐a/lg`, U+2010: `passes_for_a_stacks`), which typed as seen adopts
    nothing."""
    shown = str(shown_serial(ref_id))
    if printable(shown) != shown or passes_for_a_stacks(shown):
        return escaped_for_yaml(ref_id)
    return shown if _reads_back_bare(shown) else json.dumps(shown, ensure_ascii=False)


def _reads_back_bare(text: str) -> bool:
    """Whether `ref_id: {text}` reads back as `text` to both loaders a manifest is read by, and is
    no number to YAML 1.2 (an editor or `yq` would rewrite `1e3` as 1000.0, and the refId with it)."""
    if yaml12_reads_a_number(text):
        return False
    try:
        return reads_back("ref_id", text, text)
    except yaml.YAMLError:
        return False


def _id(copy: LiveConnection | LiveEntity) -> str:
    return copy.node.id if isinstance(copy, LiveConnection) else copy.id


@dataclass(frozen=True)
class Carrier:
    """A live device or sensor, and the connection it is under."""

    entity: LiveEntity
    kind: Kind
    connection: LiveConnection

    @property
    def depth(self) -> int:
        """Its address's depth: 1 for a device, 2 for a sensor."""
        return 1 if self.kind is Kind.DEVICE else 2

    @property
    def lineage(self) -> tuple[str | None, ...]:
        """Its id and its parents': a removal of any of them removes it."""
        return (self.entity.id, self.entity.parent_id, self.connection.node.id)


def carriers(project: LiveProject, created: Sequence[Change]) -> Iterator[tuple[Change, Carrier]]:
    """Each creation with every live device and sensor of the project that carries its refId: those
    of the connections read and those the project's lists found elsewhere. The smaller side is
    indexed: a cold apply creates a million entities where few live, a drift fix one among many."""
    if _live_count(project) < len(created):
        live: dict[str, list[Carrier]] = {}
        for carrier in _carriers(project):
            live.setdefault(_folded(carrier.entity.ref_id), []).append(carrier)
        yield from ((change, each) for change in created for each in live.get(_folded(change.ref_id), ()))
        return
    planned: dict[str, list[Change]] = {}
    for change in created:
        planned.setdefault(_folded(change.ref_id), []).append(change)
    for carrier in _carriers(project):
        yield from ((change, carrier) for change in planned.get(_folded(carrier.entity.ref_id), ()))


def _folded(ref_id: str | None) -> str:
    """A refId as refIds are compared (fold_ref_id). None, a live entity without one, matches no
    creation."""
    return fold_ref_id(ref_id) if ref_id is not None else "\0"


def _carriers(project: LiveProject) -> Iterator[Carrier]:
    """Each live device and sensor once, though a shard may find one both through a connection it
    reads (a stray of its stack's) and in the lists outside its read: one refusal, not two."""
    seen: set[str] = set()
    for connection in (*project.connections.values(), *project.elsewhere.values()):
        entities = [(device, Kind.DEVICE) for device in connection.devices]
        entities += [(sensor, Kind.SENSOR) for sensor in connection.every_sensor()]
        for entity, kind in entities:
            if entity.id not in seen:
                seen.add(entity.id)
                yield Carrier(entity, kind, connection)


def listed_outside_the_read(project: LiveProject) -> Iterator[LiveEntity]:
    """The devices and sensors the project's lists found under connections the read left out (another
    shard's, a THREAD's, another tool's), kept for carrying a refId the plan declares."""
    for connection in project.elsewhere.values():
        yield from connection.devices_and_sensors()


def copies_made_meanwhile(
    made: Sequence[Change], projects: Mapping[str, LiveProject], plan: Plan, own: Ownership
) -> list[Change]:
    """For an apply's verifying `plan`: each live device and sensor whose refId folds as one the
    apply made (`made`) does, found as the A1++ refusal finds them (`carriers`), that the plan tells
    nothing of: another writer made it after the plan read the project (there before, the creation
    was refused). The plan tells what lies under the connections it read (a copy there is its
    duplicate); what the lists found outside them only fences writes. So only that is searched, and
    the connections read too where --target or --exclude may have left a duplicate out: a fleet's
    110,000 entities are not walked again for nothing. Told as a copy, never touched."""
    by_project: dict[str, list[Change]] = {}
    for change in made:
        by_project.setdefault(change.project_id, []).append(change)
    found: list[tuple[Change, Carrier]] = []
    for project_id, changes in by_project.items():
        project = projects.get(project_id)
        if project is None:
            continue
        searched = project if plan.partial else _outside_the_read(project)
        if _live_count(searched):
            found += carriers(searched, changes)
    if not found:  # nearly always: nothing outside the read carries a refId made
        return []
    named = {change.live_id for change in plan.changes}
    return [
        _made_meanwhile(change, carrier, own) for change, carrier in found if carrier.entity.id not in named
    ]


def _outside_the_read(project: LiveProject) -> LiveProject:
    """The project as far as the lists found it outside the connections read (`listed_outside_the_read`)."""
    return LiveProject(project.id, project.exists, elsewhere=project.elsewhere)


def _made_meanwhile(made: Change, carrier: Carrier, own: Ownership) -> Change:
    live, node = carrier.entity, carrier.connection.node
    carried = str(live.ref_id)
    written = "" if carried == made.ref_id else _written_otherwise(str(made.ref_id), carried)
    held = carrier.connection.held_by(live, carrier.kind is Kind.DEVICE)
    reason = (
        f"a copy of {made.address}, which this apply made: {carrier.kind} {live.id} in connection "
        f"{_connection_name(node, own)}, holding {observations(held.known, held.unknown)}, carries its "
        f"refId{written}, made by another writer after the plan read the project. The vendor documents "
        'refId only as a "Unique entity id", so what the platform does with two is unknown '
        "(docs/api-assumptions.md, A1++); iotplan does not remove it on its own. To keep it and its "
        f"history, {another_serial_no_or_removal(held, prefixed_carrier(own.stack, carrier))}"
    )
    return _copy_named(_address_anywhere(carrier, own), carrier.kind, made.project_id, live, reason)


def _address_anywhere(carrier: Carrier, own: Ownership) -> Address:
    """The address the plan gives a carrier under any connection: one the stack does not own by its
    `#` and short id, as the plan names a connection holding its orphans; a sensor whose device was
    not read with it under that device's short id."""
    node = carrier.connection.node
    connection = own.address_from_ref(node) if own.owns(node, 0) else Address(f"#{node.short_id}")
    found = _address_beneath(connection, carrier, own)
    if found is not None:
        return found
    unread = connection.child(f"#{short_id(str(carrier.entity.parent_id))}")
    return own.child_address(unread, carrier.entity, carrier.connection)


def _live_count(project: LiveProject) -> int:
    connections = (*project.connections.values(), *project.elsewhere.values())
    return sum(len(c.devices) + sum(map(len, c.sensors.values())) for c in connections)


def carried_elsewhere(
    change: Change,
    carrier: Carrier,
    own: Ownership,
    removal: Change | None,
    declared: Container[str],
    lost_by: Address | None,
    found_at: Mapping[str, Address],
) -> tuple[str, Address | None]:
    """Why `change` cannot be made: where the live carrier of its refId is, and what to do; and the
    device a `moved` rename was left half done to, whose removal the refusal is about too
    (`Refusal.half_moved_device`, `_carrier_advice`).
    `removal`: the plan's removal of the carrier, if it has one; `declared`: the keys of the
    connections the manifest declares (every shard's); `lost_by`: the declared device whose refusal
    says the carrier (or its device) had its SERIAL_NO changed, to set back
    (`Refusal.lost_serial_no`); `found_at`: the address of each declared connection and device found
    live, by its live id."""
    live, node = carrier.entity, carrier.connection.node
    # A sensor's id names its device on the platforms seen so far; where it does not, the message does.
    mentioned = carrier.kind is Kind.DEVICE or live.id.startswith(str(live.parent_id))
    under = "" if mentioned else f" under device {live.parent_id}"
    written = "" if live.ref_id == change.ref_id else _written_otherwise(str(change.ref_id), str(live.ref_id))
    taken = _serial_no_taken(change, carrier, lost_by)
    advice, half_moved = (
        (taken, None) if taken else _carrier_advice(change, carrier, own, removal, declared, found_at)
    )
    why = (
        f"{change.address}: would create {change.kind} with refId {change.ref_id!r}, which {carrier.kind} "
        f"{live.id}{under} in connection {_connection_name(node, own)} already carries{written}: the vendor "
        'documents refId only as a "Unique entity id", so what the platform does with a second one is '
        f"unknown (docs/api-assumptions.md, A1++). {advice}"
    )
    return why, half_moved


def _serial_no_taken(change: Change, carrier: Carrier, lost_by: Address | None) -> str:
    """Where the carrier is the device another refusal tells as having had its SERIAL_NO changed to
    this refId (or one of its sensors), that refusal's step, setting it back, is the one that keeps
    its history and frees the refId: declaring it where it is, or a manifest that removes it, would
    lose it, so neither is said here ("" where no refusal tells it so)."""
    if lost_by is None:
        return ""
    whose = "It" if carrier.kind is Kind.DEVICE else "Its device"
    return f"{serial_no_taken_by(lost_by, whose)}. {neither_created_nor_removed(change.address)}"


def serial_no_taken_by(lost_by: Address, whose: str) -> str:
    """Where a refId's other carrier is the device `lost_by`'s refusal tells as having had its
    SERIAL_NO changed to it: that refusal's step, which keeps its history and frees the refId.
    `whose`: that carrier, as the sentence names it (`It`, `one of them`)."""
    return (
        f"{whose} holds {lost_by}'s sensors, and had its SERIAL_NO changed if it is {lost_by}: see "
        f"{lost_by}, whose refusal says how to set it back, which frees this refId"
    )


def _written_otherwise(ref_id: str, carried: str) -> str:
    alike = FoldedAlike(ref_id, carried)
    return (
        f" as {alike.shown(carried)} (refIds that differ only in {alike.how} may be one: no {alike.rule} "
        "is documented)"
    )


def _connection_name(node: LiveEntity, own: Ownership) -> str:
    """A connection of this stack by its address, another by its name; its id in both cases."""
    if own.owns(node, 0):
        return f"{own.address_from_ref(node)} ({node.id})"
    name = shown_live(node.props.get("NAME"))
    return f"{live_quoted(name)} ({node.id})" if name else node.id


def _carrier_advice(
    change: Change,
    carrier: Carrier,
    own: Ownership,
    removal: Change | None,
    declared: Container[str],
    found_at: Mapping[str, Address],
) -> tuple[str, Address | None]:
    """What to do about the carrier, and the device whose removal the refusal is about besides `change`:
    where it tells a `moved` rename between the carrier's device and the declared one left unfinished,
    that device, whose removal neither of its ways forward makes (each renames one of the two, keeping
    its history). A selection writing it is refused with it (plan/select.py), and drift marks
    it refused (plan/drift_entries.py), never an applicable removal of what a half-done rename holds."""
    before = _before_an_unfinished_move(change, carrier, own, removal, declared)
    if before:
        return before, None
    unfinished = _left_by_an_unfinished_move(change, carrier, own)
    if not unfinished:
        return _declare_or_remove_it(change, carrier, own, removal, found_at), None
    if removal is None or removal.live_id != carrier.entity.parent_id or _pinned_elsewhere(change, own.stack):
        return unfinished, None  # no removal of its device, or a `ref_id:` of the manifest's, not a rename
    return unfinished, removal.address


def _before_an_unfinished_move(
    change: Change, carrier: Carrier, own: Ownership, removal: Change | None, declared: Container[str]
) -> str:
    """The advice told before an unfinished move's (`_carrier_advice`), where one fits ("" else)."""
    fenced = _left_by_a_fenced_move(change, carrier, own, declared)
    if fenced:
        return fenced
    if carrier.entity.ref_id != change.ref_id and own.owns(carrier.entity, carrier.depth):
        return _renamed_in_case(own, carrier.entity, change.address)
    if removal is not None and removal.live_id == carrier.entity.id:
        return _moved_to_another_parent(change, carrier, removal)
    return ""


def _declare_or_remove_it(
    change: Change, carrier: Carrier, own: Ownership, removal: Change | None, found_at: Mapping[str, Address]
) -> str:
    """The advice told where no unfinished move left the carrier (`_carrier_advice`)."""
    if removal is not None:  # removals are applied last: it would still be there
        return (
            f"This plan removes it ({removal.address}), but only after its creations: first apply the "
            f"manifest without {change.address}, which removes it, then this one"
        )
    node = carrier.connection.node
    if own.owns(node, 0) and own.address_from_ref(node) == change.address.parts[0]:
        # Read, the connection holds the declared entity where the manifest puts it: a carrier
        # anywhere else under it (a device not the stack's, a refId in another case) is a copy,
        # unless it alone carries the very refId a `ref_id:` adopts: then it is that entity.
        address = _carrier_address(carrier, own)
        if address is not None and _the_one_adopted(change, carrier):
            if address.parent != change.address.parent:
                return _declare_where_it_lives(change, f"under {address.parent}")
            return _connection_missed(own.address_from_ref(node))  # where declared: the read missed it
        copy = _copy_where_not_declared(change, carrier, own)
        return copy or _connection_missed(own.address_from_ref(node))
    where, first = _where_it_lives(carrier, own, found_at)
    return _declare_where_it_lives(change, where, first)


def _where_it_lives(carrier: Carrier, own: Ownership, found_at: Mapping[str, Address]) -> tuple[str, str]:
    """Where to declare the carrier: under its connection, by the address the manifest gives it where
    it declares it (a node pinned by `id:` too: naming that `id:` would send the user to the node the
    manifest holds already), else by that `id:`; a sensor under its device besides, by its address
    where declared, else by the `ref_id:` adopting it. And what to do first ("" for nothing): a
    device is declared by its refId only (validate refuses a device's `id:`), so one with no
    SERIAL_NO, or one no manifest may hold, is to be given one in the web app before."""
    node = carrier.connection.node
    connection = found_at.get(node.id) or (own.address_from_ref(node) if own.owns(node, 0) else None)
    if connection is None:
        return f"in a node with `id: {node.id}`", ""
    if carrier.kind is Kind.DEVICE:
        return f"under {connection}", ""
    device_id = str(carrier.entity.parent_id)
    if device_id in found_at:
        return f"under {found_at[device_id]}", ""
    device = next((each for each in carrier.connection.devices if each.id == device_id), None)
    if device is None:  # not read: its SERIAL_NO is not known
        return f"under {connection}, in its device {device_id}", ""
    if owned_by(own.stack, device.ref_id, 1):
        return f"under {own.address_from_ref(device)}", ""
    first = _serial_no_to_give(device)
    if first:
        return f"under {connection}, in that device by that `ref_id:`", first
    return f"under {connection}, in a device with `ref_id: {as_yaml(device.ref_id)}` ({device_id})", ""


def _serial_no_to_give(device: LiveEntity) -> str:
    """The SERIAL_NO to give `device` in the web app before a manifest can declare it ("" when it
    has one a manifest may hold), and why: the import leaves such a device unmanaged for the same."""
    if device.ref_id is None:
        return f"give its device {device.id} a SERIAL_NO in the platform's web app (it has none)"
    if identity_holds_a_secret(device.ref_id):  # masked, it is not its refId; in clear, git holds it
        why = "the one it has holds a credential, which no manifest may hold"
    elif why_no_identifier(device.ref_id) is not None:  # padding, say: validate refuses it
        why = "a manifest may not hold the one it has"
    else:
        return ""
    return f"give its device {device.id} another SERIAL_NO in the platform's web app ({why})"


def _declare_where_it_lives(change: Change, where: str, first: str = "") -> str:
    """The advice to declare the carrier `where` it lives, after doing `first` where it says one."""
    then = f"first {first}, then declare" if first else "declare"
    return (
        f"To adopt it, {then} it where it lives, {where} (a device or sensor cannot move to another "
        f"parent); otherwise give {change.address} a refId of its own (another `ref_id:` or key)"
    )


def _the_one_adopted(change: Change, carrier: Carrier) -> bool:
    """Whether the carrier is the entity the change's refId names, not a copy of it (`the_one_adopted`)."""
    return the_one_adopted(carrier.entity, carrier.kind, carrier.connection, {str(change.ref_id)})


def the_one_adopted(
    entity: LiveEntity, kind: Kind, connection: LiveConnection, adopted: Container[str]
) -> bool:
    """Whether `entity` is the entity a `ref_id:` adopts, not a copy of it: it carries one of the
    `adopted` refIds as written, and no other of its kind under `connection` does (of two, one is a
    copy, and which one is not known). The plan and its refusals decide it by this one rule."""
    ref_id = entity.ref_id
    return ref_id is not None and ref_id in adopted and carrying_exactly(connection, kind, ref_id) == 1


def carrying_exactly(connection: LiveConnection, kind: Kind, ref_id: str) -> int:
    """How many of `kind` under `connection` carry `ref_id` as written."""
    if kind is Kind.DEVICE:
        return sum(each.ref_id == ref_id for each in connection.devices)
    return sum(each.ref_id == ref_id for each in connection.every_sensor())


def _copy_where_not_declared(change: Change, carrier: Carrier, own: Ownership) -> str:
    """Why a carrier under the change's own connection is a copy, with what to do ("" when it is the
    declared entity where the manifest declares it, its parents the stack's: only a node list that
    left the connection out makes the plan create it). A copy stands under a device the stack does
    not own, or carries the refId written otherwise (most likely made in the platform's web app)."""
    address = _carrier_address(carrier, own)
    if address is None or address == change.address:
        return ""
    ref_id = str(change.ref_id)
    held = carrier.connection.held_by(carrier.entity, carrier.kind is Kind.DEVICE)
    steps = another_serial_no_or_removal(held, prefixed_carrier(own.stack, carrier))
    if carrier.entity.ref_id == ref_id:  # as written, and others too: one of them is the original
        many = carrying_exactly(carrier.connection, carrier.kind, ref_id)
        return (
            f"It is at {address}{named_as_live(carrier.entity)}, holding "
            f"{observations(held.known, held.unknown)}, one of {many} {plural(str(carrier.kind), many)} "
            f"carrying {quoted_serial(ref_id)} as written under this connection: all but one are copies, "
            "most likely made in the platform's web app, and iotplan cannot tell which is the original. "
            "Keep the one with the history. If it is not this one, to keep it and its history too, "
            f"{steps}; the same for each other copy; then plan again"
        )
    return (
        f"It is a copy at {address}{named_as_live(carrier.entity)}, most likely made in the platform's "
        f"web app, holding {observations(held.known, held.unknown)}: iotplan does not remove it on its "
        f"own. To keep it and its history, {steps}; then plan again"
    )


def _carrier_address(carrier: Carrier, own: Ownership) -> Address | None:
    """The address the plan gives a carrier under a connection of the stack (a `#` and its short id
    where the stack does not own it or its device); None when its device was not read with it."""
    return _address_beneath(own.address_from_ref(carrier.connection.node), carrier, own)


def _address_beneath(connection: Address, carrier: Carrier, own: Ownership) -> Address | None:
    """The address of a carrier under the connection at `connection`: None when its device was not
    read with it."""
    if carrier.kind is Kind.DEVICE:
        return own.child_address(connection, carrier.entity, carrier.connection)
    device = _device_holding(carrier)
    if device is None:
        return None
    device_address = own.child_address(connection, device, carrier.connection)
    return own.child_address(device_address, carrier.entity, carrier.connection)


def _connection_missed(connection: Address) -> str:
    """The carrier is under the very connection the plan creates: that connection is live, its
    entities found by the device and sensor lists, and only the node list left it out (an entity
    removed between two of its pages moves the next one across the page's end)."""
    return (
        f"It is under {connection} itself: the platform's list of connections left {connection} out while "
        "the plan read it (an entity made or removed between two of its pages, or a list the platform "
        "cuts short), so the plan took it for new. Nothing was written: run the plan again"
    )


def _moved_to_another_parent(change: Change, carrier: Carrier, removal: Change) -> str:
    """The stack's entity, found under another parent than its refId names, that this plan removes
    as undeclared there: moved in the platform's web app, most likely. Its history is what is at
    stake, so the ways to keep it come first, and what the way that loses it destroys last."""
    held = carrier.connection.held_by(carrier.entity, carrier.kind is Kind.DEVICE)
    destroying = (
        f"destroying {observations(held.known, held.unknown)}"
        if held.holds_data
        else "which holds no observations"
    )
    return (
        f"It holds {observations(held.known, held.unknown)}. To keep it, declare it where it now is, under "
        f"{removal.address.parent}, with `ref_id: {as_yaml(carrier.entity.ref_id)}` (a device or sensor "
        f"cannot move to another parent), or move it back under {change.address.parent} in the platform's "
        f"web app. A manifest without {change.address} removes it ({removal.address}), {destroying}"
    )


def _left_by_an_unfinished_move(change: Change, carrier: Carrier, own: Ownership) -> str:
    """The stack's sensor whose refId names another of its devices than the one it is under, the one
    it names no longer live: what a `moved` rename of that device leaves when its apply stops between
    two integrate calls (the device and some sensors re-keyed, the rest not), or when an iotplan
    before the refusal of a fence splitting a move applied it with part fenced off, and what a
    device's refId changed outside iotplan leaves too (its sensors not re-keyed at all). iotplan
    cannot tell these apart, so it says each, and the way back to what the manifest declares comes
    first: finishing a rename made by hand would re-key the device the manifest declares under the
    other key. Either way keeps every history; the removal that would clear the way destroys this one's."""
    live = carrier.entity
    device = _device_holding(carrier)
    if device is None or not (own.owns(live, 2) and own.owns(device, 1)):
        return ""
    named, holder = own.address_from_ref(live).parent, own.address_from_ref(device)
    if named is None or named == holder or _owned_device_at(carrier.connection, named, own):
        return ""
    held = carrier.connection.held_by(live, False)
    if _pinned_elsewhere(change, own.stack):  # no rename left it there: the manifest's own `ref_id:` names it
        return (
            f"Its refId is the one {change.address}'s `ref_id: {as_yaml(change.ref_id)}` pins, not one "
            f"a `moved` rename left: it is under this stack's device {holder}, and it holds "
            f"{observations(held.known, held.unknown)}. {_declare_where_it_lives(change, f'under {holder}')}"
        )
    return (
        f"Its refId names device {named}, which is no longer live, but it is under this stack's device "
        f"{holder}, and it holds {observations(held.known, held.unknown)}: either a `moved` rename of "
        f"{named} to {holder} stopped between two of its calls, or an iotplan older than this one applied "
        "it with a --target or --exclude that fenced off part of it, or "
        f"{named} was renamed to {holder} outside iotplan (in the platform's web app, or by a script); "
        "iotplan cannot tell which. To keep "
        f"{named} as this manifest declares it, add "
        f"`moved: [{{from: {holder}, to: {named}}}]` to this one, which renames {holder} and its sensors "
        f"back, with their history; only if {holder} is the key meant, declare it and apply with "
        f"`moved: [{{from: {named}, to: {holder}}}]`, which renames the rest of its sensors to it"
    )


def _pinned_elsewhere(change: Change, stack: str) -> bool:
    """Whether the creation's refId is a `ref_id:` naming another address than its own: a rename
    rewrites no `ref_id:`, so no rename left the entity carrying it where it is."""
    return fold_ref_id(str(change.ref_id)) != fold_ref_id(derive_ref_id(stack, *change.address.parts))


def sensors_beside(carrier: Carrier, own: Ownership) -> tuple[tuple[str, Address, int, bool], ...]:
    """The stack's sensors under a sensor carrier's device, each as (live id, the address its refId
    gives, observations known, count unknown) (`Refusal.beside_carrier`)."""
    device = _device_holding(carrier)
    if device is None:
        return ()
    beside = (each for each in carrier.connection.sensors_of(device) if own.owns(each, 2))
    return tuple(
        (each.id, own.address_from_ref(each), held.known, held.unknown)
        for each in beside
        for held in (Observations.of_sensor(each),)
    )


def sensors_not_read_beside(carrier: Carrier) -> int:
    """How many sensors a sensor carrier's device's SIZE counts beyond those read under it
    (`Refusal.unread_beside_carrier`)."""
    device = _device_holding(carrier)
    return 0 if device is None else carrier.connection.unread_sensors(device)


def _device_holding(carrier: Carrier) -> LiveEntity | None:
    """The live device a sensor carrier is under (None for a device carrier)."""
    if carrier.kind is not Kind.SENSOR:
        return None
    return next((each for each in carrier.connection.devices if each.id == carrier.entity.parent_id), None)


def _owned_device_at(connection: LiveConnection, address: Address, own: Ownership) -> bool:
    """Whether a live device of this stack under `connection` carries the refId of `address`."""
    return any(own.owns(each, 1) and own.address_from_ref(each) == address for each in connection.devices)


def _left_by_a_fenced_move(change: Change, carrier: Carrier, own: Ownership, declared: Container[str]) -> str:
    """The stack's entity whose refId names another of its connections than the one it is under: what
    a `moved` rename of that connection leaves when it is applied with the entity fenced off, or when
    its apply stops between two integrate calls (the connection re-keyed, the entity not yet). Not
    where the manifest declares both connections: no rename made one of the other, the entity is a
    copy (made in the web app), and a `moved` between them would be harmful advice."""
    live, node = carrier.entity, carrier.connection.node
    if not (own.owns(live, carrier.depth) and own.owns(node, 0)):
        return ""
    named, holder = own.address_from_ref(live).connection, own.address_from_ref(node)
    if named == holder or (named in declared and holder in declared):
        return ""
    return (
        f"Its refId names connection {named}, not {holder}: likely it kept it when `moved` renamed "
        f"{named} to {holder} while it was fenced off (--exclude or --target), or when that apply stopped "
        "between two calls. Apply that rename again, without a fence, which renames it too, or move the "
        "connection back with "
        f"`moved: [{{from: {holder}, to: {change.connection}}}]`"
    )


def adds_a_ref_id(change: Change) -> bool:
    """A creation, or a `moved` rename: the entity takes a refId it did not carry."""
    renamed = change.action is Action.UPDATE and change.live_ref_id != change.ref_id
    return change.action is Action.CREATE or renamed


def beside_unread_sensors(change: Change, device: LiveEntity, read: int) -> str:
    """Why a sensor is not created under, or renamed onto, a device whose SIZE counts more sensors than
    were read under it (docs/api-assumptions.md, A3)."""
    what = (
        "create sensor"
        if change.action is Action.CREATE
        else f"rename sensor {quoted_serial(change.live_ref_id)} to"
    )
    size = device.props.get("SIZE")  # as answered: "3", 3.0, or one that is no number at all
    return (
        f"{change.address}: would {what} {change.ref_id!r} under device {device.id}, whose SIZE is "
        f"{size!r} but {counted(read, 'sensor')} {plural('was', read)} read under it: the read missed "
        "some (a list whose order shifted, an answer leaving one out), or the platform has not lowered its "
        "SIZE yet. A sensor created or renamed there could copy one that was not read, its history left on "
        "the other, so no plan is made. Plan again; if the platform's web app shows the device holding "
        f"only the {counted(read, 'sensor')} read, its SIZE is stale, and iotplan cannot add sensors under "
        f"it until the platform corrects it: to apply the rest meanwhile, {_meanwhile(change)}"
    )


def _meanwhile(change: Change) -> str:
    """Left out of the manifest, a renamed sensor would be planned for removal: its rename waits instead."""
    if change.action is Action.CREATE:
        return f"leave {change.address} out of the manifest"
    return f"keep {change.address}'s old key and drop its `moved` entry"


# What a plan lists of another stack's entities where it reads: those under its connections
# (unmanaged), and connections at its connections' keys (`same_key_in_another_stack`).
_OF_OTHERS = (Action.UNMANAGED, Action.DUPLICATE)


def beside_another_stacks(created: Iterable[Change], after: Plan) -> Iterator[tuple[Change, Change, str]]:
    """For an apply's verifying plan (`after`): each entity the apply created (`created`) with
    another stack's that `after` lists at its address, as `_at_this_address_in_another_stack`
    finds one before a creation (same project and parent, its refId that stack's for this address,
    named alike, or the creation declared unnamed), and that stack. Made by an apply of that stack
    at once with this one (or a pipeline of the old name still running): before, the creation was
    refused. Only what `after` lists of other stacks is indexed, by parent, and nearly always it
    lists none: nothing is read, and a creation under a parent holding none of theirs is not folded."""
    summary = after.summary
    if not (summary.unmanaged or summary.duplicate):
        return
    others = _other_stacks_by_parent(after.changes, after.stack, _OF_OTHERS)
    for made in created:
        for other, stack in _named_alike_at(others, made, (made.after or {}).get("name")):
            yield made, other, stack


def _named_alike_at(
    others: Mapping[tuple[str, str | None], Mapping[str, list[tuple[Change, str]]]],
    change: Change,
    name: object,
) -> Iterator[tuple[Change, str]]:
    """Of `others` (`_other_stacks_by_parent`), those at `change`'s address, named `name` alike (any
    where it is None), each with its stack. Under a parent holding none of theirs, nothing is folded."""
    there = others.get((change.project_id, change.address.parent_text))
    if there is None:
        return
    for other, stack in there.get(fold_ref_id(str(change.address)), ()):
        if name is None or same_name((other.before or {}).get("name"), name):
            yield other, stack


def _other_stacks_by_parent(
    changes: Iterable[Change], own: str, listed: Container[Action]
) -> dict[tuple[str, str | None], dict[str, list[tuple[Change, str]]]]:
    """What `changes` list of other stacks' entities than `own`'s as `listed` (unmanaged, or a
    connection at one of its keys), each with its stack, by project and parent, then by the address
    its refId names, folded."""
    by_parent: dict[tuple[str, str | None], dict[str, list[tuple[Change, str]]]] = {}
    for change in changes:
        if change.action not in listed:
            continue
        stack = owner_of(change.live_ref_id, change.depth)
        if stack and fold_ref_id(stack) != fold_ref_id(own):
            address = fold_ref_id(str(change.live_ref_id)[len(stack) + 1 :])  # `{stack}:{address}`
            there = by_parent.setdefault((change.project_id, change.address.parent_text), {})
            there.setdefault(address, []).append((change, stack))
    return by_parent


# A declared entity found live, whose live one another stack's may stand beside (`beside_their_own`).
_FOUND = (Action.NOOP, Action.UPDATE, Action.REPLACE)


def beside_their_own(changes: list[Change], stack: str, refusals: list[Refusal]) -> list[Change]:
    """`changes`, each device or sensor of another stack listed as unmanaged where it stands beside
    this stack's own at its address (same project and parent, its refId that stack's for the
    address, named alike) told as a duplicate instead: what `_at_this_address_in_another_stack`
    refuses to create, standing anyway (two stacks applied at once, each finding nothing in its way).
    Told on every plan and drift of either stack, as `same_key_in_another_stack` tells a connection;
    never touched, nothing refused for it. An update that makes the pair (a rename to the other's
    name, a `moved` to its address) is refused into `refusals` instead, as that creation is: two
    loggers named otherwise are let be, and a pair told as one made twice advises a removal. Nearly
    every plan lists no other stack's under its own parents: then nothing is folded, and `changes`
    is returned as it is."""
    others = {
        parent: there
        for parent, there in _other_stacks_by_parent(changes, stack, (Action.UNMANAGED,)).items()
        if parent[1] is not None  # a connection of another stack is told by `same_key_in_another_stack`
    }
    if not others:
        return changes
    told: dict[int, Change] = {}
    for ours in changes:
        if ours.action not in _FOUND or ours.live_id is None:
            continue
        name = (ours.after or ours.before or {}).get("name")
        for other, owner in _named_alike_at(others, ours, name):
            if _stood_beside(ours, (other.before or {}).get("name"), name):
                told.setdefault(id(other), _namesake_beside(other, owner, ours))
            else:
                refusals.append(Refusal(ours.address, _made_beside_by_a_write(ours, other, owner)))
    return _beside_ours(changes, told) if told else changes


def _beside_ours(changes: list[Change], told: dict[int, Change]) -> list[Change]:
    """`changes`, those `told` replaced, and what is listed beneath each told one under its new
    address: `hub/lg#A0C6E7/#C75731` for `hub/#A0C6E7/#C75731`, fenced with it."""
    moved = {change.address: told[id(change)].address for change in changes if id(change) in told}
    return [told.get(id(change)) or _readdressed(change, moved) for change in changes]


def _readdressed(change: Change, moved: Mapping[Address, Address]) -> Change:
    for old, new in moved.items():
        if change.address.is_within(old) and change.address != old:
            return dataclasses.replace(change, address=Address(f"{new}{change.address[len(old) :]}"))
    return change


def _stood_beside(ours: Change, their_name: object, name: object) -> bool:
    """Whether this stack's live entity stood so before the plan's write: at the address (no `moved`
    brings it) and named alike (or declared unnamed)."""
    return not _moved(ours) and (name is None or same_name(their_name, (ours.before or {}).get("name")))


def _moved(ours: Change) -> bool:
    """Whether a `moved` entry brings the live entity to its address (the refIds differ, folded)."""
    return fold_ref_id(str(ours.live_ref_id)) != fold_ref_id(str(ours.ref_id))


def _made_beside_by_a_write(ours: Change, other: Change, owner: str) -> str:
    """The refusal of an update that would stand this stack's entity beside `owner`'s at its address,
    named alike. Two stacks may each use the address, named otherwise; so named, the two read as one
    made twice, and the way out that keeps both comes first."""
    kind = other.kind
    if _moved(ours):
        write = f"move {kind} {ours.live_id} here from {quoted_serial(ours.live_ref_id)}"
        otherwise = "give this one another key (or name it otherwise)"
    elif ours.action is Action.REPLACE:  # removed and made again: named anew, not renamed
        write = f"replace {kind} {ours.live_id}, making it again as {_quoted((ours.after or {}).get('name'))}"
        otherwise = "name this one otherwise"
    else:
        was, name = (ours.before or {}).get("name"), (ours.after or {}).get("name")
        write = f"rename {kind} {ours.live_id} from {_quoted(was)} to {_quoted(name)}"
        otherwise = "name this one otherwise"
    return (
        f"{ours.address}: would {write}, beside a {kind} of stack {owner!r} at this address, {other.live_id}"
        f"{named_as_listed(other)} (refId {quoted_serial(other.live_ref_id)}): the two would read as one "
        f"{kind} made twice, as a plan refuses to create one. If they are two {plural(str(kind), 2)}, "
        f"{otherwise}; if they are one, it cannot move between stacks: keep it in the manifest of stack "
        f"{owner!r}"
    )


def _quoted(name: object) -> str:
    return shown_quoted(name) if isinstance(name, str) else repr(name)


def named_as_listed(change: Change) -> str:
    """` named 'Logger'`, as the live entity a plan lists is named; "" where it has none."""
    name = (change.before or {}).get("name")
    return f" named {shown_quoted(name)}" if isinstance(name, str) and name else ""


def _namesake_beside(other: Change, owner: str, ours: Change) -> Change:
    kind = other.kind
    reason = (
        f"stack {owner!r} has a {kind} at this stack's {ours.address} too: {other.live_id}"
        f"{named_as_listed(other)} (refId {quoted_serial(other.live_ref_id)}), beside this stack's "
        f"{ours.live_id}. {one_or_two(str(kind), owner, _held_by_the_other_stack(other, owner))}"
    )
    # addressed as a copy of ours (`hub/lg#A0C6E7`): --target and --exclude fence it with ours
    address = Address(f"{ours.address}{other.address.name}")
    return dataclasses.replace(
        other, address=address, action=Action.DUPLICATE, cause=Cause.DUPLICATE, reason=reason
    )


# Which of two alike holds what (`the one of stack 'teamb'`, 42 observations), as far as counted.
Held = tuple[tuple[str, Observations], ...]


def _held_by_the_other_stack(other: Change, owner: str) -> Held:
    """What another stack's entity listed holds (this stack's own, found in sync, was not counted)."""
    return ((f"the one of stack {owner!r}", other.held),)


def one_or_two(kind: str, other: str | None = None, held: Held = ()) -> str:
    """What to do about another stack's entity (stack `other`'s, where one is named) at this stack's
    address, named alike: one made twice (two stacks applied at once, or a stack renamed while its old
    pipeline still runs), or two that each stack uses the address for. iotplan cannot tell which, so
    the way out that destroys nothing comes first, then the one keeping the history, and the removal,
    with what each of the two counted holds (`held`), last."""
    renamed = (
        f"this stack renamed from {other!r}, or {other!r} from this one," if other else "a stack renamed"
    )
    return (
        f"If they are two {plural(kind, 2)}, each stack's own, name one otherwise (or give it another "
        f"key) in its stack's manifest, and both stay; if they are one {kind} made twice (two stacks "
        f"applied at once, or {renamed} while its old pipeline still runs), retire that pipeline, keep "
        "the one with the history in one stack's manifest, and remove the other (in the platform's web "
        "app, or with `apply --destroy` and the old stack's manifest where its whole network stands "
        f"twice), {_destroying_either(held)}"
    )


def _destroying_either(held: Held) -> str:
    """What removing either of two alike destroys: what each counted holds (`held`)."""
    if not held:
        return "destroying the observations it holds"
    each = ", ".join(f"{whose} holds {observations(count.known, count.unknown)}" for whose, count in held)
    return f"destroying what it holds: {each}"
