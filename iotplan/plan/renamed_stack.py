"""Another stack's network at this stack's keys: this stack renamed with a name edited, or another network?

A stack cannot be renamed: every refId names it, and the old stack still owns all it made. So a
creation is refused where another stack's entity stands at its address (or at the one its `moved`
entry renames it from) named alike, or it is declared unnamed (plan/copies.py). Named otherwise, that
entity is another network's using the same keys (two sites from one template, a stack sharing a
connection by `id:` with its own `logger-1`), or this network with a name edited in the same change
as `stack:`, which creating would make a second time, all it holds besides. What it holds (at each
declared address, or the one `moved` renames it from) tells, in proportion to what a name says at
each level:

- a connection, by one device it holds as this manifest declares it: named alike (a device's name is
  its site's: "Crest datalogger"), declared unnamed (as at its own address), or named otherwise but
  holding its sensors as below;
- a device, by its sensors: at least two of them named as declared, and more than it holds named
  otherwise. One sensor named alike is what two loggers of one kind share ("Temperature"), and one
  declared unnamed names nothing.
- Either, declared with a `location:` more than `APART_KM` from the live one's, is another network's
  (another dam), whatever it holds; a location re-surveyed moves metres.

A device created under this stack's own connection is told so too against another stack's connection
at that connection's key: a stack renamed whose connection was first applied without devices, then
with them. And `shares_keys_with:` names the stacks whose networks are known to use these keys: what
their entities hold is never taken for this network. (Named alike, at the creation's address, they still
are: give one a name of its own.)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from iotplan.live import LiveConnection, LiveEntity
from iotplan.manifest import derive_ref_id
from iotplan.manifest.addresses import fold_ref_id, owner_of
from iotplan.plan.address import Address
from iotplan.plan.copies import (
    Candidates,
    at_another_stacks_addresses,
    moved_from,
    named_as_live,
    nor_moved_from,
    same_name,
)
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Kind
from iotplan.plan.props import location_from_geojson
from iotplan.wording import first, quoted_serial

# Farther apart than this, two declared locations are two sites: a re-survey moves a logger metres,
# and the sites one template makes (dams, bridges) lie kilometres apart.
APART_KM = 1.0
_EARTH_RADIUS_KM = 6371.0
# A device named otherwise is taken for one declared by at least this many sensors named alike.
SENSORS_ALIKE = 2


@dataclass(frozen=True)
class _Twin:
    """Stack `other`'s live entity where this manifest declares `declared`: at its address in that
    stack, or at the one its `moved` entry renames it from (`moved`)."""

    declared: DesiredEntity
    live: LiveEntity
    moved: Address | None = None

    @property
    def at(self) -> str:
        """Where it stands in that stack, and, moved, where this manifest declares it."""
        if self.moved:
            return f"at {self.moved} in that stack (moved here to {self.declared.address})"
        return f"at {self.declared.address} in that stack"


def beneath_another_stacks(
    entity: DesiredEntity,
    candidates: Sequence[LiveEntity],
    stack: str,
    holding: Callable[[LiveEntity], LiveConnection | None],
    sharing: frozenset[str],
) -> str | None:
    """Why `entity` is not created where stack `other`'s entity at its address (or the one `moved`
    renames it from), named otherwise (plan/copies.py lets that be), holds what this manifest
    declares under `entity` (the module's rule). `holding`: the connection read with what a live
    entity holds, if it was read; `sharing`: the stacks `shares_keys_with` names. None nearly always:
    nothing of another stack stands where a creation goes."""
    if not candidates or not entity.children:
        return None
    if not isinstance(candidates, Candidates):
        candidates = Candidates(candidates)
    for live, other, moved in at_another_stacks_addresses(entity, candidates, stack):
        connection = holding(live)
        if connection is None or _located_apart(entity, live) or _this_stacks(connection, stack):
            continue
        shared = fold_ref_id(other) in sharing
        held = _held_as_declared(entity, live, _Other(other, stack, connection, shared))
        if held:
            return _may_be_this_network(_Twin(entity, live, moved), other, held, shared)
    return None


def _this_stacks(connection: LiveConnection, stack: str) -> bool:
    """Whether the connection holding another stack's entity is this stack's own: that stack pinned
    it by `id:` and put its entity there, which no rename does."""
    return owner_of(connection.node.ref_id, 0) == stack


@dataclass(frozen=True)
class FirstApply:
    """A stack that owns nothing live in the projects read (`stack`, its `shares_keys_with` folded
    as `sharing`) and the connections it declares (`declared`), whose creations at another stack's
    keys are refused: a stack renamed with every name edited (or its keys re-keyed without `moved`,
    or made in two applies) is told from another network by nothing it holds. `unsure`: a shard,
    which sees the devices under its own connections only, so takes the stack to own nothing where
    no connection of its is listed. `inside`: whether an address is inside --target and --exclude
    (plan/select.py `inside_selection`): a refusal outside them may be left out of the plan's
    (`refusals_in_selection`), so none there is the one the others refer to, nor is counted in theirs."""

    stack: str
    sharing: frozenset[str]
    declared: Sequence[DesiredEntity]
    unsure: bool = False
    inside: Callable[[Address], bool] = field(default=lambda address: True, compare=False, repr=False)
    # The first connection refused by project and other stack, whose refusal says why in full, and
    # how many connections there land on that stack's keys: counted once, not for each of 1,000.
    _first_refused: dict[tuple[str, str], tuple[str, int]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def refusal(self, node: DesiredEntity, others: Mapping[str, Sequence[LiveEntity]]) -> str | None:
        """Why `node`, to be created, is not: another stack's connection stands at its key, or the one
        its `moved` entry renames it from (`others`: other stacks' connections by key folded), and
        `shares_keys_with` does not name that stack. None nearly always. Said in full once a project
        and other stack: the rest of its connections refer to the first (a 1,000-site split would
        repeat it 1,000 times), each refused all the same."""
        other = next(iter(self._landing(node, others)), None)
        if other is None:
            return None
        said = f"stack {self.stack!r} owns nothing in the projects read"
        where = f"would create at keys stack {other!r} uses in project {node.project_id}"
        told = self._first_refused.get((node.project_id, other))
        if told is not None and told[0] != str(node.address):
            # The ways out too, in short: --target may leave the first one's refusal out.
            return (
                f"refused: see {told[0]}'s reason: {said} and {where} ({told[1]:,} connections): renamed "
                f"from {other!r}, keep `stack: {other}`; another network (or made again after a destroy), "
                f"`shares_keys_with: [{other}]`"
            )
        alike = (
            each
            for each in self.declared
            if each.project_id == node.project_id and (each is node or self.inside(each.address))
        )
        landing = [found for each in alike if (found := self._landing(each, others).get(other))]
        keys = [key for each in landing for key in each]
        if self.inside(node.address):  # one fenced off is said in full: the plan may show it or leave it out
            self._first_refused[(node.project_id, other)] = (str(node.address), len(landing))
        shard = (
            " (a shard sees only its own connections' devices: it takes the stack to own nothing where "
            "no connection of its own is listed)"
            if self.unsure
            else ""
        )
        return (
            f"not found by its refId {node.ref_id!r}, and {said}{shard} and {where} ({first(keys, 5)}): "
            f"if this stack was renamed from {other!r}, keep `stack: {other}` (a stack cannot be renamed: "
            f"stack {other!r} still owns all it made); if this is another network (or this stack was "
            f"destroyed and is being made again), {share_keys_with(other)}"
        )

    def _landing(
        self, node: DesiredEntity, others: Mapping[str, Sequence[LiveEntity]]
    ) -> dict[str, list[str]]:
        """The other stacks (not shared) whose connections stand at `node`'s keys, each with how
        those keys are said: `dam-a`, or `dam-a (moved to dam-x)`."""
        if node.pinned_id:
            return {}
        old = moved_from(node, self.stack)
        keys = [
            (node.address, str(node.address)),
            *([(old, f"{old} (moved to {node.address})")] if old else []),
        ]
        found: dict[str, list[str]] = {}
        for key, said in keys:
            for live in others.get(fold_ref_id(str(key)), ()):
                other = owner_of(live.ref_id, 0)
                if other and fold_ref_id(other) not in self.sharing and said not in found.get(other, []):
                    found.setdefault(other, []).append(said)
        return found


@dataclass(frozen=True)
class Beside:
    """A declared connection `node` found live (`ours`), and other stacks' connections at its key or
    the one its `moved` entry renames it from (`others`, each with its stack): a device created under
    `ours` is compared with what they hold."""

    node: DesiredEntity
    ours: LiveEntity
    others: tuple[tuple[str, LiveConnection], ...]

    @classmethod
    def of(cls, node: DesiredEntity, ours: LiveEntity, by_key: ByKey, stack: str) -> Beside | None:
        """`node`'s, from other stacks' connections by key (`by_key`): None where none stands at
        its keys."""
        keys = [node.address, *filter(None, [moved_from(node, stack)])]
        others = tuple(each for key in keys for each in by_key.get(fold_ref_id(key), ()))
        return cls(node, ours, others) if others else None


# Other stacks' connections by key, each with its stack.
ByKey = Mapping[str, Sequence[tuple[str, LiveConnection]]]


def by_key(connections: Iterable[LiveConnection], stack: str) -> ByKey:
    """Other stacks' connections (`LiveProject.other_stacks_at_keys`) by their key, indexed once a
    project: two regions of one template may share a thousand keys."""
    indexed: dict[str, list[tuple[str, LiveConnection]]] = {}
    for connection in connections:
        other = owner_of(connection.node.ref_id, 0)
        if other and other != stack:
            key = str(connection.node.ref_id)[len(other) + 1 :]
            indexed.setdefault(fold_ref_id(key), []).append((other, connection))
    return indexed


def beside_another_stacks_connection(
    device: DesiredEntity, beside: Beside, stack: str, sharing: frozenset[str]
) -> str | None:
    """Why `device` is not created under this stack's connection where another stack's connection
    at its key (or the one `moved` renames it from) holds it as this manifest declares it (the
    module's rule): a stack renamed whose connection was made anew first, without devices (named
    otherwise, it held nothing to tell by), then given its devices."""
    for other, connection in beside.others:
        if _located_apart(beside.node, connection.node):
            continue
        shared = fold_ref_id(other) in sharing
        found = _twin(device, _by_folded_ref_id(connection.devices), other, stack)
        held = _device_as_declared(found, _Other(other, stack, connection, shared)) if found else ()
        if held:
            return _may_be_under_that_connection(device, beside, connection, other, held, shared)
    return None


@dataclass(frozen=True)
class _Other:
    """The other stack, this one, the connection read with what the other's entity holds, and
    whether `shares_keys_with` names the other stack: then only an entity named alike (or declared
    unnamed) tells, never its sensors."""

    stack: str
    this_stack: str
    connection: LiveConnection
    shared: bool = False


def _held_as_declared(entity: DesiredEntity, live: LiveEntity, other: _Other) -> tuple[_Twin, ...]:
    """What `live`, named otherwise than `entity`, holds that tells it is `entity`: a device (and,
    named otherwise, its sensors named alike), or a device's sensors named alike; else nothing."""
    if entity.kind is not Kind.NODE:
        return () if other.shared else _sensors_as_declared(entity, live, other)
    held = _by_folded_ref_id(other.connection.devices)
    found = (_twin(device, held, other.stack, other.this_stack) for device in entity.children)
    told = (_device_as_declared(twin, other) for twin in found if twin)
    # The plainest first: a device named alike, over one its sensors tell; else the first declared.
    return min(filter(None, told), key=lambda twins: len(twins) > 1, default=())


def _device_as_declared(found: _Twin, other: _Other) -> tuple[_Twin, ...]:
    """The device, where it is the one declared: named alike or declared unnamed, else with the
    sensors named alike that tell it is. Nothing where it is located apart."""
    if _located_apart(found.declared, found.live):
        return ()
    name = found.declared.fields.get("name")
    if name is None or same_name(found.live.props.get("NAME"), name):
        return (found,)
    sensors = () if other.shared else _sensors_as_declared(found.declared, found.live, other)
    return (found, *sensors) if sensors else ()


def _sensors_as_declared(device: DesiredEntity, live: LiveEntity, other: _Other) -> tuple[_Twin, ...]:
    """The sensors `live` holds at the addresses of `device`'s named ones, named alike, where they
    are at least SENSORS_ALIKE and more than those named otherwise (or located apart); else none."""
    held = _by_folded_ref_id(other.connection.sensors_of(live))
    alike: list[_Twin] = []
    otherwise = 0
    for sensor in device.children:
        name = sensor.fields.get("name")
        found = _twin(sensor, held, other.stack, other.this_stack) if name is not None else None
        if found is None:
            continue
        if same_name(found.live.props.get("NAME"), name) and not _located_apart(sensor, found.live):
            alike.append(found)
        else:
            otherwise += 1
    return tuple(alike) if len(alike) >= SENSORS_ALIKE and len(alike) > otherwise else ()


def _by_folded_ref_id(entities: Iterable[LiveEntity]) -> dict[str, LiveEntity]:
    """The first of `entities` by each refId folded (`fold_ref_id`): `dam-a/logger-1` at `Dam-A`."""
    held: dict[str, LiveEntity] = {}
    for each in entities:
        if each.ref_id is not None:
            held.setdefault(fold_ref_id(each.ref_id), each)
    return held


def _twin(declared: DesiredEntity, held: Mapping[str, LiveEntity], other: str, stack: str) -> _Twin | None:
    """Stack `other`'s entity among `held` (by refId folded) at `declared`'s address in that stack,
    else at the address its `moved` entry renames it from."""
    found = held.get(fold_ref_id(derive_ref_id(other, *declared.address.parts)))
    if found is not None:
        return _Twin(declared, found)
    old = moved_from(declared, stack)
    found = held.get(fold_ref_id(derive_ref_id(other, *old.parts))) if old else None
    return _Twin(declared, found, old) if found is not None else None


def _located_apart(declared: DesiredEntity, live: LiveEntity) -> bool:
    """Whether `declared`'s `location:` lies more than APART_KM from `live`'s LOCATION: another site.
    Either unset, or a LOCATION that is no place, tells nothing."""
    location = declared.fields.get("location")
    found = location_from_geojson(live.props.get("LOCATION")) if isinstance(location, dict) else None
    if not isinstance(found, dict) or not isinstance(location, dict):
        return False
    return km_between(location, found) > APART_KM


def km_between(one: Mapping[str, float], other: Mapping[str, float]) -> float:
    """The great-circle distance (haversine), heights left out."""
    lat1, lat2 = math.radians(one["lat"]), math.radians(other["lat"])
    half_dlat = (lat2 - lat1) / 2
    half_dlon = math.radians(other["lon"] - one["lon"]) / 2
    a = math.sin(half_dlat) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(half_dlon) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _may_be_this_network(found: _Twin, other: str, held: Sequence[_Twin], shared: bool) -> str:
    """Why a creation is refused over stack `other`'s entity `found`, named otherwise, that holds
    `held`: first what to do if it is this stack renamed with the name edited, then if stack `other`
    is another network using these keys."""
    entity, live = found.declared, found.live
    return (
        f"not found by its refId {entity.ref_id!r}{nor_moved_from(found.moved)}, but {entity.kind} "
        f"{live.id}{named_as_live(live)} carries {quoted_serial(live.ref_id)}, "
        f"{'that' if found.moved else 'this'} address in stack {other!r}, and "
        f"{_holds(held)}. Named otherwise, it may be this network, this stack renamed from {other!r} with "
        f"the name edited: created, it would be made a second time, with all it holds. {_if_renamed(other)}, "
        "and the name edit is an update in place. "
        f"{_if_another_network(other, _told_by_name(entity, held), shared)}. "
        "Nor can an entity move between stacks: one moved here from the "
        f"manifest of stack {other!r} stays there, or takes another key here (a new entity, with new history)"
    )


def _may_be_under_that_connection(
    device: DesiredEntity,
    beside: Beside,
    connection: LiveConnection,
    other: str,
    held: Sequence[_Twin],
    shared: bool,
) -> str:
    """Why a device is not created under this stack's connection (`beside.ours`) where stack
    `other`'s connection of its key, or of the key its `moved` entry renames it from, holds `held`:
    first what to do if this stack was renamed and its connection made anew, then if stack `other`
    is another network using these keys."""
    node = connection.node
    key = str(node.ref_id)[len(other) + 1 :]
    at = (
        "at this connection's key"
        if fold_ref_id(key) == fold_ref_id(str(beside.node.address))
        else f"at {key}, the key this connection's `moved` entry renames it from"
    )
    return (
        f"not found by its refId {device.ref_id!r}, but stack {other!r} has a connection {at}, "
        f"{node.id}{named_as_live(node)} (refId {quoted_serial(node.ref_id)}), and it {_holds(held)}. It "
        f"may be this network, this stack renamed from {other!r} and its connection made anew beside "
        f"that one ({beside.ours.id}): created, this device would be made a second time, with all it "
        "holds. If so, remove what this stack made (`apply --destroy` with this manifest as it stands), "
        f"then keep `stack: {other}` (a stack cannot be renamed: stack {other!r} still owns all it made, "
        f"and its plan removes what its manifest drops, with its history). "
        f"{_if_another_network(other, len(held) == 1, shared)}"
    )


def _told_by_name(entity: DesiredEntity, held: Sequence[_Twin]) -> bool:
    """Whether a device named as declared (or declared unnamed) at its address tells, not sensors:
    evidence `shares_keys_with` never waives."""
    return entity.kind is Kind.NODE and len(held) == 1


def _holds(held: Sequence[_Twin]) -> str:
    """`holds device … at dam-a/logger-1 in that stack, as this manifest declares it`, or what tells
    a device named otherwise is the one declared: its sensors named alike."""
    first, *sensors = held
    said = f"holds {first.declared.kind} {first.live.id}{named_as_live(first.live)} {first.at}"
    if first.declared.kind is Kind.SENSOR:
        return f"{said}{_and_more(held)}, named as this manifest declares them"
    if not sensors:
        unnamed = first.declared.fields.get("name") is None
        return (
            f"{said}, {'which this manifest declares unnamed' if unnamed else 'as this manifest declares it'}"
        )
    sensor = sensors[0]
    return (
        f"{said}, and under it sensor {sensor.live.id}{named_as_live(sensor.live)} {sensor.at}"
        f"{_and_more(sensors)}, "
        "named as this manifest declares them"
    )


def _and_more(held: Sequence[_Twin]) -> str:
    return f" and {len(held) - 1} more" if len(held) > 1 else ""


def _if_renamed(other: str) -> str:
    return (
        f"If so, keep `stack: {other}` (a stack cannot be renamed: stack {other!r} still owns all it "
        "made, and its plan removes what its manifest drops, with its history)"
    )


def _if_another_network(other: str, by_name: bool, shared: bool) -> str:
    """What to do if stack `other` is another network: say so with `shares_keys_with`, unless a
    device named as declared tells, which that line never waives (nor does, `shared`, its naming
    `other` already)."""
    if by_name or shared:
        named = "names it, but" if shared else "would not help: it"
        return (
            f"If stack {other!r} is another network that uses these keys too, give the device a name of "
            f"its own here (`shares_keys_with: [{other}]` {named} waives nothing named as declared "
            "at its very address)"
        )
    return f"If stack {other!r} is another network that uses these keys too, {share_keys_with(other)}"


def share_keys_with(other: str) -> str:
    """The way out for another network, with what it costs if this stack is `other` renamed."""
    return (
        f"say so in this manifest: `shares_keys_with: [{other}]` (but if this stack is {other!r} "
        "renamed, that line makes its network a second time)"
    )
