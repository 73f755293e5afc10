"""Copies: two live entities with one refId, and a live entity that looks like an earlier copy.

There is no lock on the platform, and a platform that does not keep a refId makes every apply
create its entity again (docs/api-assumptions.md). So before a connection or device is created,
an unmanaged one with the same name in the same place is reported as a likely earlier copy to
adopt; and when one refId is carried twice, the plan never picks a copy silently: it keeps the
copy that may hold data, plans the removal of connection copies that certainly hold none, and
reports the rest.

Nor does a plan make a second carrier of a refId: a device or sensor it would create with a refId
that a live one carries anywhere in the project (under another connection, this stack's or not)
is refused. The vendor documents refId only as a "Unique entity id", not how far the uniqueness
reaches, so what a platform does with that `new` (refuse it, update the other entity, move it, or
make a copy, as the emulator does) is unknown (docs/api-assumptions.md, A1++).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from iotplan.live import LiveConnection, LiveEntity, LiveProject
from iotplan.plan.address import Address
from iotplan.plan.model import Change, Kind
from iotplan.plan.ownership import Ownership

T = TypeVar("T", LiveConnection, LiveEntity)


@dataclass
class Choice(Generic[T]):
    """Which copy a plan compares against, and what becomes of the others."""

    kept: T | None
    extra: list[T] = field(default_factory=list)
    problem: str = ""


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
            f"({', '.join(ids)}): keep one (pin it with `id:` or `ref_id:`) and remove the others in the "
            "platform's web app",
        )
    kept = holding[0] if holding else copies[0]
    return Choice(kept, [copy for copy in copies if copy is not kept])


def earlier_copy(name: object, candidates: Iterable[LiveEntity], what: str, adopt: str) -> str:
    """A problem naming the unmanaged entity with the same name, or "" when there is none."""
    if not name:
        return ""
    same = [entity for entity in candidates if entity.props.get("NAME") == name]
    if not same:
        return ""
    found = same[0]
    return (
        f"not found by its refId, but {what} {found.id} named {name!r} (SERIAL_NO {found.ref_id!r}) is not "
        "this stack's: likely an earlier copy on a platform that did not keep its refId (see "
        f"docs/api-assumptions.md). {_adoption(found, adopt)}, or give one of them another name"
    )


def _adoption(found: LiveEntity, adopt: str) -> str:
    """How the manifest can take the copy over; a device or sensor is found by its refId only, so
    one without a SERIAL_NO cannot be adopted until it has one."""
    if adopt == "id":
        return f"Adopt it with `id: {found.id}`"
    if found.ref_id is not None:
        return f"Adopt it with `ref_id: {found.ref_id}`"
    return (
        "It has no SERIAL_NO, so `ref_id:` cannot adopt it (devices and sensors are found by refId "
        f"only): give {found.id} a SERIAL_NO in the platform's web app and adopt it with that `ref_id:`, "
        "remove it there"
    )


def _id(copy: LiveConnection | LiveEntity) -> str:
    return copy.node.id if isinstance(copy, LiveConnection) else copy.id


@dataclass(frozen=True)
class Carrier:
    """A live device or sensor, and the connection it is under."""

    entity: LiveEntity
    kind: Kind
    connection: LiveConnection

    @property
    def lineage(self) -> tuple[str | None, ...]:
        """Its id and its parents': a removal of any of them removes it."""
        return (self.entity.id, self.entity.parent_id, self.connection.node.id)


def carriers(project: LiveProject, created: Sequence[Change]) -> Iterator[tuple[Change, Carrier]]:
    """Each creation with every live device and sensor of the project that carries its refId: those
    of the connections read and those the project's lists found elsewhere. The smaller side is
    indexed: a cold apply creates a million entities where few live, a drift fix one among many."""
    if _live_count(project) < len(created):
        live: dict[str | None, list[Carrier]] = {}
        for carrier in _carriers(project):
            live.setdefault(carrier.entity.ref_id, []).append(carrier)
        yield from ((change, carrier) for change in created for carrier in live.get(change.ref_id, ()))
        return
    planned: dict[str | None, list[Change]] = {}
    for change in created:
        planned.setdefault(change.ref_id, []).append(change)
    for carrier in _carriers(project):
        yield from ((change, carrier) for change in planned.get(carrier.entity.ref_id, ()))


def _carriers(project: LiveProject) -> Iterator[Carrier]:
    for connection in (*project.connections.values(), *project.elsewhere.values()):
        yield from (Carrier(device, Kind.DEVICE, connection) for device in connection.devices)
        for sensors in connection.sensors.values():
            yield from (Carrier(sensor, Kind.SENSOR, connection) for sensor in sensors)


def _live_count(project: LiveProject) -> int:
    connections = (*project.connections.values(), *project.elsewhere.values())
    return sum(len(c.devices) + sum(map(len, c.sensors.values())) for c in connections)


def carried_elsewhere(change: Change, carrier: Carrier, own: Ownership, removal: Change | None) -> str:
    """Why `change` cannot be made: where the live carrier of its refId is, and what to do. `removal`:
    the plan's removal of the carrier, if it has one."""
    live, node = carrier.entity, carrier.connection.node
    # A sensor's id names its device on the platforms seen so far; where it does not, the message does.
    mentioned = carrier.kind is Kind.DEVICE or live.id.startswith(str(live.parent_id))
    under = "" if mentioned else f" under device {live.parent_id}"
    return (
        f"{change.address}: would create {change.kind} with refId {change.ref_id!r}, which {carrier.kind} "
        f"{live.id}{under} in connection {_connection_name(node, own)} already carries: the vendor "
        'documents refId only as a "Unique entity id", so what the platform does with a second one is '
        f"unknown (docs/api-assumptions.md, A1++). {_carrier_advice(change, carrier, own, removal)}"
    )


def _connection_name(node: LiveEntity, own: Ownership) -> str:
    """A connection of this stack by its address, another by its name; its id in both cases."""
    if own.owns(node):
        return f"{own.address_from_ref(node)} ({node.id})"
    name = node.props.get("NAME")
    return f"{name!r} ({node.id})" if name else node.id


def _carrier_advice(change: Change, carrier: Carrier, own: Ownership, removal: Change | None) -> str:
    fenced = _left_by_a_fenced_move(change, carrier, own)
    if fenced:
        return fenced
    if removal is not None:  # removals are applied last: it would still be there
        return (
            f"This plan removes it ({removal.address}), but only after its creations: first apply the "
            f"manifest without {change.address}, which removes it, then this one"
        )
    node = carrier.connection.node
    where = f"under {own.address_from_ref(node)}" if own.owns(node) else f"in a node with `id: {node.id}`"
    return (
        f"To adopt it, declare it where it lives, {where} (a device or sensor cannot move to another "
        f"parent); otherwise give {change.address} a refId of its own (another `ref_id:` or key)"
    )


def _left_by_a_fenced_move(change: Change, carrier: Carrier, own: Ownership) -> str:
    """The stack's entity whose refId names another of its connections than the one it is under: what
    a `moved` rename of that connection leaves when it is applied with the entity fenced off."""
    live, node = carrier.entity, carrier.connection.node
    if not (own.owns(live) and own.owns(node)):
        return ""
    named, holder = Address(own.address_from_ref(live)).connection, own.address_from_ref(node)
    if named == holder:
        return ""
    return (
        f"Its refId names connection {named}, not {holder}: likely it kept it when `moved` renamed "
        f"{named} to {holder} while it was fenced off (--exclude or --target). Apply that rename without "
        f"the fence, which renames it too, or move the connection back with "
        f"`moved: [{{from: {holder}, to: {change.connection}}}]`"
    )
