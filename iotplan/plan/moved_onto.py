"""What a `moved` rename whose old and new refIds are both live says: told by what each holds.

Both standing, one of the two and its history must go before the rename can be made, and which is
the user's choice. What the advice may take for granted is not: an entity at the new refId is the
renamed one only if it holds what the manifest declares beneath the moved entity (its devices and
sensors, found by their new or old refIds in any case, as iotplan folds refIds), or, where the
manifest declares nothing beneath it (a sensor), anything while the old one holds nothing; and the
old one holds no history at all, since after a made move the old refId is normally gone: one still
holding data is never taken as made. Another tool may have made an empty one there since (a
connection made at the new refId while the rename's apply was under way): the old one then holds
the network, and deleting the entry, the step for a move made already, would remove it and its
history. Where neither way is clear, both are named with what each holds, and no step is taken for
the user.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cached_property

from iotplan.live import LiveConnection, LiveEntity, Observations
from iotplan.manifest.addresses import fold_ref_id, owner_of
from iotplan.plan.address import Address
from iotplan.plan.copies import Prefixed, named_as_live
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Kind
from iotplan.plan.ownership import serial_text
from iotplan.wording import counted, joined, observations


@dataclass(frozen=True)
class Holding:
    """One of the two live entities and what it holds: every device and sensor read beneath it,
    and the observations a removal of it would destroy."""

    live: LiveEntity
    kind: Kind
    beneath: tuple[LiveEntity, ...]
    devices: int | None  # a connection's alone: a device's or sensor's children are never devices
    held: Observations

    @classmethod
    def of_connection(cls, connection: LiveConnection) -> Holding:
        beneath = tuple(connection.devices_and_sensors())
        return cls(connection.node, Kind.NODE, beneath, len(connection.devices), connection.observations)

    @classmethod
    def of_child(cls, entity: LiveEntity, kind: Kind, connection: LiveConnection) -> Holding:
        is_device = kind is Kind.DEVICE
        sensors = tuple(connection.sensors_of(entity)) if is_device else ()
        return cls(entity, kind, sensors, None, connection.held_by(entity, is_device))

    def declared_found(self, declared: list[DesiredEntity]) -> int:
        """How many of the declared entities are read beneath it, by their new refId or their old,
        folded as iotplan compares refIds (`fold_ref_id`): one carried in another case may be the
        declared one, and is counted so rather than its history taken for a stray's."""
        carried = {fold_ref_id(each.ref_id) for each in self.beneath if each.ref_id is not None}
        return sum(
            1 for each in declared if _folded(each.ref_id) in carried or _folded(each.old_ref_id) in carried
        )

    @property
    def what(self) -> str:
        """What users call it: a node of the platform is a connection to them."""
        return "connection" if self.kind is Kind.NODE else str(self.kind)

    @property
    def empty(self) -> bool:
        return not self.beneath and not self.held.holds_data

    def text(self) -> str:
        """`2 devices, 5 sensors and 120 observations`; a sensor's observations alone."""
        parts = [counted(self.devices, "device")] if self.devices is not None else []
        if self.kind is not Kind.SENSOR:
            parts.append(counted(len(self.beneath) - (self.devices or 0), "sensor"))
        return joined([*parts, observations(self.held.known, self.held.unknown)])

    def named(self) -> str:
        """`connection /api/…/node named 'other tool' (SERIAL_NO 'site:dam-b')`."""
        return f"{self.what} {self.live.id}{named_as_live(self.live)} ({serial_text(self.live.ref_id)})"


class Made(Enum):
    """Whether the rename looks made, by what the old and the new entity hold."""

    # The new one holds what is declared beneath it; the old one none of it, and no history at all
    # (after a made move the old refId is normally gone: one still holding data is never taken as
    # made, as deleting the entry would remove it).
    YES = "yes"
    NO = "no"  # the old one holds it; the new one none of it, and no more observations
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class MovedOnto:
    """A rename onto a live entity: the entry as written, the two addresses and what each holds."""

    entity: DesiredEntity
    entry: str
    old: Address
    old_holds: Holding
    new_holds: Holding
    old_declared: bool  # the manifest declares the old address too: it stays, whichever way

    def refusal(self) -> str:
        head = (
            f"moved: both {self.old} and {self.entity.address} exist on the platform, so {self.entry} "
            "cannot be made without removing one of them and its history"
        )
        made = self.made()
        if made is Made.YES:
            return f"{head}; {self._made()}"
        if made is Made.NO:
            return f"{head}; {self._not_made()}"
        return f"{head}, and iotplan cannot tell whether the move was made: {self._unknown()}"

    @property
    def weighs(self) -> tuple[tuple[str, str], ...]:
        """(project id, live id) of both: the verdict rests on what they hold, so their REST 0s are
        asked of JSON-RPC before it is told (`Refusal.weighs`)."""
        return tuple((self.entity.project_id, each.live.id) for each in (self.old_holds, self.new_holds))

    @cached_property
    def declared(self) -> list[DesiredEntity]:
        """Every device and sensor the manifest declares beneath the moved entity."""
        return list(_descendants(self.entity))

    def made(self) -> Made:
        declared = self.declared
        if not declared:  # a sensor, or nothing declared beneath: told by what each holds at all
            return _by_what_is_held(self.old_holds, self.new_holds)
        old, new = (holding.declared_found(declared) for holding in (self.old_holds, self.new_holds))
        if new and not old and not self.old_holds.held.holds_data:
            return Made.YES
        if old and not new and _at_most(self.new_holds.held, self.old_holds.held):
            return Made.NO
        return Made.UNKNOWN

    def _made(self) -> str:
        new = self.entity.address
        # Looking made, the old one holds no observations (`made`): its removal destroys none.
        kept = f"keeps {self.old}, declared" if self.old_declared else _removes(self.old, self.old_holds)
        return (
            f"the move looks made already: delete the entry (the plan then {kept}), as "
            f"{self._old_holds()}, while {self.new_holds.named()}, at {new}, holds {self._new_holds()}; "
            f"to rename {self.old} instead, first apply a manifest without {new} (the plan then "
            f"{_removes(new, self.new_holds)}), then the rename"
        )

    def _not_made(self) -> str:
        removed = _removes(self.old, self.old_holds)
        without = "" if self.old_declared else f" (without it the plan {removed})"
        return (
            f"the move does not look made: {self._old_holds()}, while {self.new_holds.named()}, at "
            f"{self.entity.address}, holds {self._new_holds()}: most likely made by another tool or by "
            f"hand, not by the move. {self._stray_steps()}; keep the entry{without}"
        )

    def _stray_steps(self) -> str:
        """What to do about the stray: one holding history is given another SERIAL_NO, or left where
        it is, before it is removed, as removing it destroys what it holds."""
        away = f"have the entry move {self.old} to a key no live {self.new_holds.what} carries"
        given = self._prefixed(self.new_holds).serial_nos("it")  # `its 1 device and 1 sensor` under a node
        if self.new_holds.held.holds_data:
            return (
                f"{given[0].upper()}{given[1:]} in the platform's web app (its history stays), or "
                f"{away}; or, if its history is not wanted, remove it there"
            )
        return f"Remove it, or {given}, in the platform's web app, or {away}"

    def _unknown(self) -> str:
        return (
            f"{self._old_holds()}, and {self.new_holds.named()}, at {self.entity.address}, holds "
            f"{self._new_holds()}. Look at both in the platform's web app and {self._not_meant()} (its "
            "history stays), or remove it, then plan again; the entry stays either way"
        )

    def _not_meant(self) -> str:
        """`give the one not meant there another SERIAL_NO`; where either carries the stack's prefix,
        or what is beneath it does, one without it: kept so, the next plan takes it for the stack's
        orphan."""
        stack = self._stack
        prefixed = [self._prefixed(each) for each in (self.old_holds, self.new_holds)]
        if stack is None or not any(each.carried or each.beneath for each in prefixed):
            return "give the one not meant there another SERIAL_NO"
        if not any(each.beneath for each in prefixed):
            return f"give the one not meant there a SERIAL_NO that does not start with '{stack}:'"
        beneath = "devices and sensors" if self.new_holds.kind is Kind.NODE else "sensors"
        return (
            f"give the one not meant there, and those of its {beneath} whose SERIAL_NOs start with "
            f"'{stack}:', SERIAL_NOs that do not start with '{stack}:'"
        )

    @property
    def _stack(self) -> str | None:
        """The stack whose refIds these are: the one the renamed entity's refId is derived for
        (`stack:address`; a `moved` entry never renames one whose `ref_id:` is written)."""
        return owner_of(self.entity.ref_id, self.entity.address.depth)

    def _prefixed(self, holding: Holding) -> Prefixed:
        """Which of `holding` and what is beneath it carry the stack's prefix (`Prefixed`): given
        another SERIAL_NO still starting so, or left so, the next plan removes them as the stack's."""
        stack = self._stack
        if stack is None:
            return Prefixed("")
        read = holding.devices or 0  # `beneath` holds a connection's devices first, then their sensors
        devices, sensors = holding.beneath[:read], holding.beneath[read:]
        return Prefixed.of(
            stack, holding.live.ref_id, (each.ref_id for each in sensors), (each.ref_id for each in devices)
        )

    def _old_holds(self) -> str:
        declared = self.declared
        if not declared:
            return f"{self.old} ({self.old_holds.live.id}) holds {self.old_holds.text()}"
        found = self.old_holds.declared_found(declared)
        what = "devices and sensors" if self.entity.kind is Kind.NODE else "sensors"
        return (
            f"{self.old} ({self.old_holds.live.id}) holds {found} of the {len(declared)} {what} the manifest "
            f"declares under {self.entity.address} ({self.old_holds.text()})"
        )

    def _new_holds(self) -> str:
        declared = self.declared
        if not declared:
            return self.new_holds.text()
        found = self.new_holds.declared_found(declared)
        return f"{found or 'none'} of them ({self.new_holds.text()})"


def _removes(address: Address, holding: Holding) -> str:
    """`removes dam-a, which holds no observations`, `removes dam-a and its 1,200 observations`, or,
    with a count not read, `removes dam-a and its history`: what its removal destroys, as read, never
    "its history" of one holding none."""
    held = holding.held
    if not held.holds_data:
        return f"removes {address}, which holds no observations"
    if held.unknown:
        return f"removes {address} and its history"
    return f"removes {address} and its {observations(held.known, False)}"


def _descendants(entity: DesiredEntity) -> Iterator[DesiredEntity]:
    for child in entity.children:
        yield child
        yield from _descendants(child)


def _by_what_is_held(old: Holding, new: Holding) -> Made:
    """Nothing declared beneath the moved entity: the one holding nothing at all is the stray."""
    if new.empty and not old.empty:
        return Made.NO
    if old.empty and not new.empty:
        return Made.YES
    return Made.UNKNOWN


def _at_most(held: Observations, than: Observations) -> bool:
    """Whether `held` is surely no more than `than`: a count not read may be any."""
    return not held.unknown and held.known <= than.known


def _folded(ref_id: str | None) -> str | None:
    return None if ref_id is None else fold_ref_id(ref_id)
