"""Which live entities a stack owns (the refIds its manifests give: `owner_of`), and what a
removal would take with it that the stack does not own. Pure; the differ (diff.py) asks, and decides."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from iotplan.live import LiveConnection, LiveEntity, Observations
from iotplan.look_alikes import quoted_apart
from iotplan.manifest.addresses import fold_ref_id, owned_by, owner_of
from iotplan.plan.address import Address
from iotplan.plan.prefixed import Prefixed
from iotplan.plan.props import shown_serial
from iotplan.wording import counted, first, joined, observations, observations_held, plural, quoted_serial

_SENSOR_DEPTH = 2  # a connection's address is depth 0, its device's 1
LISTED = 5  # entities a removal's warning names before it counts the rest
# The way to remove unmanaged entities under a connection another stack has a hand in.
_IN_THE_WEB_APP = (
    "once sure no manifest adopts them (a `ref_id:` naming their SERIAL_NO), remove them in the "
    "platform's web app, then plan again"
)


@dataclass(frozen=True)
class Ownership:
    stack: str
    prune_unmanaged: bool = False
    reviewed: bool = False  # an apply's plan of a saved plan: its options are the saved plan's

    @cached_property
    def _prefix(self) -> str:
        return f"{self.stack}:"

    def owns(self, entity: LiveEntity, depth: int) -> bool:
        """Its refId is one this stack's manifest gives an entity of `depth` (`owner_of`). Another
        tool's refId that only starts so (`alpha:`, `alpha:Logger 7 (north)`, `alpha:legacy` on a
        device) is no proof of ownership: unmanaged."""
        return owned_by(self.stack, entity.ref_id, depth)

    def address_from_ref(self, entity: LiveEntity) -> Address:
        """The address an owned entity's refId names, as the platform holds it: what identity is
        compared by. Its keys are a manifest's, so it never holds a credential to mask."""
        assert entity.ref_id is not None
        return Address(entity.ref_id.removeprefix(self._prefix))

    def child_address(self, parent: Address, entity: LiveEntity, connection: LiveConnection) -> Address:
        """The address the plan gives a live child of `parent` read under `connection`: one the stack
        owns by its refId's last part, one it does not by `#` and its short id. Where a sibling the
        stack owns ends so too (`quickstart:dam-z/logger-1` beside `quickstart:dam-q/logger-1` under
        another tool's connection), each is named by it and its short id (`logger-1#5F9DFC`), as a
        copy beside a declared entity is: one address naming two would count one of them in what a
        removal takes, and select both."""
        depth = parent.depth + 1
        if not self.owns(entity, depth):
            return parent.child(f"#{entity.short_id}")
        name = self.address_from_ref(entity).name
        if name in self._names_shared(depth, _siblings(entity, connection)):
            return parent.child(f"{name}#{entity.short_id}")
        return parent.child(name)

    @cached_property  # by the id of a list of siblings: that list, its length, the names they share
    def _shared_by(self) -> dict[int, tuple[Sequence[LiveEntity], int, frozenset[str]]]:
        return {}

    def _names_shared(self, depth: int, siblings: Sequence[LiveEntity]) -> frozenset[str]:
        """The names two or more of `siblings` the stack owns are given (`child_address`): weighed
        once for each list, as a connection's removal asks it of every sensor it takes."""
        known = self._shared_by.get(id(siblings))
        if known is not None and known[0] is siblings and known[1] == len(siblings):
            return known[2]
        names = Counter(self.address_from_ref(each).name for each in siblings if self.owns(each, depth))
        shared = frozenset(name for name, count in names.items() if count > 1)
        self._shared_by[id(siblings)] = (siblings, len(siblings), shared)  # held: its id is never reused
        return shared

    def contents_of(
        self, parent: Address, children: list[LiveEntity], connection: LiveConnection
    ) -> dict[Address, LiveEntity]:
        """Every live entity under `parent`, by the address the plan gives it."""
        found: dict[Address, LiveEntity] = {}
        for child in children:
            address = self.child_address(parent, child, connection)
            found[address] = child
            found.update(self.contents_of(address, connection.sensors_of(child), connection))
        return found

    def taking_what_is_not_ours(
        self,
        address: Address,
        what: str,
        taken: dict[Address, LiveEntity],
        emptied: str = "",
        shared: str = "",
        ref_id: str | None = None,
    ) -> str:
        """Why `what` may not go ahead ("" when it may): nothing this stack does not own goes as a
        side effect, unless --prune-unmanaged says so; and never what another stack owns, which that
        stack's plan removes (README "Between stacks"), --prune-unmanaged or not. `emptied`: what the
        entity removed holds (`devices`, `sensors`), for the way to remove the stack's own now.
        `shared`: why another stack may adopt what is under the connection (README "Ownership"), where
        it may: --prune-unmanaged takes nothing there, so it lets no unmanaged entity go with `what`.
        `ref_id`: the removed one's SERIAL_NO, naming it where the address may be another's too."""
        others = self.of_other_stacks(taken)
        if others:
            return (
                f"{address}: {what} would also remove {counted(len(others), 'entity')} that another "
                "stack owns, which this stack's plan never takes, --prune-unmanaged or not: "
                f"{first(others, LISTED)}; that stack's plan removes them once its manifest drops them (a "
                "retired stack's: apply its manifest with --destroy, or remove them in the platform's web "
                "app), and only then can this go ahead"
                + _emptied_instead(address, emptied, self.other_stacks(taken))
            )
        maybe_ours = self.of_look_alikes(taken)
        if maybe_ours:
            return (
                f"{address}: {what} would also remove {counted(len(maybe_ours), 'entity')} whose refId "
                f"starts with the prefix of stack {self.stack!r} written another way, which iotplan cannot "
                f"tell is this stack's or not, --prune-unmanaged or not: {first(maybe_ours, LISTED)}"
                + self._look_alikes_instead(address, emptied, taken)
            )
        foreign = self._not_owned(taken)
        if not foreign or (self.prune_unmanaged and not shared):
            return ""
        unmanaged = (
            f"{address}: {what} would also remove {counted(len(foreign), 'entity')} that stack "
            f"{self.stack!r} does not own (unmanaged): {first(self._not_owned_counted(taken), LISTED)}"
        )
        if shared:  # the flag takes nothing there: the web app is the way out, with it or without
            held = _held_by_unowned(self._unowned(taken))
            if held.holds_data and len(foreign) > 1:  # one entity's count is on its own line already
                unmanaged = f"{unmanaged}, holding {observations_held(held.known, held.unknown)} in all"
            # A SERIAL_NO of its own keeps a removed one, not a replaced one (declared, made again).
            removing = held if what.startswith("removing") else Observations()
            keep = self._before_the_web_app(address, removing, ref_id, taken)
            return f"{unmanaged}; --prune-unmanaged takes nothing under this connection {shared}: {keep}" + (
                _IN_THE_WEB_APP
            )
        if self.reviewed:  # the saved plan was made with these options, so they came since
            return (
                f"{unmanaged}, which the plan did not find there when it was made: a saved plan "
                "is applied exactly as it was reviewed, so plan again (`iotplan plan ... --out plan.json`), "
                f"with --prune-unmanaged to remove them too, or keeping {address} in the manifest"
            )
        lost = self._lost_serial_nos(taken)
        if lost:  # no manifest can keep a device with no SERIAL_NO: the step is its SERIAL_NO back
            them = "it" if len(foreign) == 1 else "them"
            back = _serial_nos_back(self.stack, lost)
            return f"{unmanaged}; {back}; or pass --prune-unmanaged to remove {them} too"
        return f"{unmanaged}; keep it in the manifest, or pass --prune-unmanaged to remove them too"

    def _before_the_web_app(
        self, address: Address, held: Observations, ref_id: str | None, taken: Mapping[Address, LiveEntity]
    ) -> str:
        """The steps told before the web app's removal of unmanaged entities under a connection
        another stack has a hand in: keeping `address` in the manifest (not with --prune-unmanaged),
        and, where they hold observations the web app would destroy, the way that keeps them. That
        names the device by its SERIAL_NO too: its address there is its refId's last key alone, or
        with its short id where another's ends alike (`child_address`), the refId's own part not shown."""
        keep = [] if self.prune_unmanaged else ["keep it in the manifest"]
        if not held.holds_data:
            return f"{keep[0]}, or, " if keep else ""
        named = f"{address} ({serial_text(ref_id)})" if ref_id else str(address)
        given = self._serial_nos(named, ref_id, taken)
        keep.append(f"{given} in the platform's web app ({_stays(held)})")
        return f"{', or '.join(keep)}; or, "

    def _serial_nos(self, named: str, ref_id: str | None, taken: Mapping[Address, LiveEntity]) -> str:
        """`give #P/logger-1 (SERIAL_NO '...') another SERIAL_NO`, said so only where it cannot keep
        the stack's prefix (`Prefixed`): a new SERIAL_NO still starting `stack:` (the removed device's
        does) may name the stack's orphan again, and so are its sensors left so."""
        sensors = (entity.ref_id for where, entity in taken.items() if where.depth == _SENSOR_DEPTH)
        return Prefixed.of(self.stack, ref_id, sensors).device_serial_nos(named)

    def _look_alikes_instead(
        self, address: Address, emptied: str, taken: Mapping[Address, LiveEntity]
    ) -> str:
        """What to do instead of a removal taking what may be this stack's: a stack whose name differs
        from this one's only so (stack names are exact) may own it, so neither a new SERIAL_NO nor the
        web app first; where the stack's own can go while `address` stays, that way (`_emptied_instead`).
        Of the two, the SERIAL_NO, which keeps them and their history, first; the removal, with what it
        destroys, last."""
        if not emptied:
            held = _held_by_unowned(self._look_alikes(taken))
            return (
                f"; once sure no stack whose name differs from {self.stack!r} only so has them, to keep "
                "them and their history, give them another SERIAL_NO in the platform's web app; or remove "
                f"them there{_destroying_theirs(held)}; then plan again"
            )
        alike = sorted({str(owner_of(entity.ref_id, where.depth)) for where, entity in taken.items()})
        prefixes = ", ".join(each for each in alike if look_alike_of(self.stack, each))
        users = f"the stack whose prefix may be this stack's or another stack's ({prefixes})"
        return _emptied_instead(address, emptied, [], users)

    def of_other_stacks(self, taken: Mapping[Address, LiveEntity]) -> list[str]:
        """Those of `taken` another stack owns (`other_owner`), each named with its stack."""
        return [
            f"{where} (stack {other!r}, {serial_text(entity.ref_id)})"
            for where, entity in taken.items()
            if (other := other_owner(self.stack, entity.ref_id, where.depth))
        ]

    def other_stacks(self, taken: Mapping[Address, LiveEntity]) -> list[str]:
        """The stacks other than this one that own any of `taken`, by name."""
        owners = {other_owner(self.stack, entity.ref_id, where.depth) for where, entity in taken.items()}
        return sorted(owner for owner in owners if owner)

    def _look_alikes(self, taken: Mapping[Address, LiveEntity]) -> list[tuple[Address, LiveEntity]]:
        """Those of `taken` that may be this stack's (`of_look_alikes`), and what a device of them
        holds: its removal takes that too."""
        devices = [
            where
            for where, entity in taken.items()
            if where.depth < _SENSOR_DEPTH and self._alike(entity, where)
        ]
        return [
            (where, entity)
            for where, entity in taken.items()
            if self._alike(entity, where) or any(where.is_within(device) for device in devices)
        ]

    def _alike(self, entity: LiveEntity, where: Address) -> bool:
        return look_alike_of(self.stack, owner_of(entity.ref_id, where.depth))

    def of_look_alikes(self, taken: Mapping[Address, LiveEntity]) -> list[str]:
        """Those of `taken` whose refId's stack prefix is this stack's written another way (`QS:`
        for stack `qs`): no other stack's, and maybe this one's (README "Copies")."""
        return [
            f"{where} ({serial_text(entity.ref_id)})"
            for where, entity in taken.items()
            if self._alike(entity, where)
        ]

    def taken_not_owned(self, taken: Mapping[Address, LiveEntity]) -> str:
        """For the reason of a removal that --prune-unmanaged let through: what it takes that the
        stack does not own, each named as the refusal without the flag names it ("" for none)."""
        foreign = self._not_owned(taken)
        if not foreign:
            return ""
        goes = plural("goes", len(foreign))
        return f"; {counted(len(foreign), 'entity')} it does not own {goes} with it: {first(foreign, LISTED)}"

    def holding(self, held: str, taken: Mapping[Address, LiveEntity]) -> str:
        """For the reason of an orphan the stack owns: what it holds (`held`: `2 devices and 5
        sensors`), and what of that it does not own. Where it owns none of them they are said once
        to be not its, never first as though they were (`with 2 devices ...; 7 entities it does not
        own`)."""
        foreign = self._not_owned(taken)
        if held and foreign and len(foreign) == len(taken):
            goes = plural("goes", len(foreign))
            return f"; its {held}, which that stack does not own, {goes} with it: {first(foreign, LISTED)}"
        return (f", with {held}" if held else "") + self.taken_not_owned(taken)

    def _lost_serial_nos(self, taken: Mapping[Address, LiveEntity]) -> dict[Address, list[Address]]:
        """The devices of `taken` with no SERIAL_NO (or a blank one) holding sensors whose refIds are
        this stack's: most likely the stack's own, their SERIAL_NO cleared by another writer (what
        plan/copies.py says of a declared one). Each with the addresses those refIds give its device."""
        named: dict[Address, set[Address]] = {}
        for where, sensor in taken.items():
            if where.depth != _SENSOR_DEPTH or where.parent is None or not self.owns(sensor, _SENSOR_DEPTH):
                continue
            # Not in `taken` where the device is the one removed (or replaced) itself.
            holder = taken.get(where.parent)
            named_by_it = self.address_from_ref(sensor).parent
            if holder is not None and not (holder.ref_id or "").strip() and named_by_it is not None:
                named.setdefault(where.parent, set()).add(named_by_it)
        return {device: sorted(parents) for device, parents in named.items()}

    def _not_owned(self, taken: Mapping[Address, LiveEntity]) -> list[str]:
        return [f"{where} ({serial_text(entity.ref_id)})" for where, entity in self._unowned(taken)]

    def _not_owned_counted(self, taken: Mapping[Address, LiveEntity]) -> list[str]:
        """As `_not_owned`, each with the observations it holds where it holds any or its count is not
        known (a device: its sensors among `taken`), as every removal line says what it destroys: the
        refusal is where a user decides on --prune-unmanaged, whose plan shows only the total."""
        return [
            f"{where} ({serial_text(entity.ref_id)}{_held_said(where, entity, taken)})"
            for where, entity in self._unowned(taken)
        ]

    def _unowned(self, taken: Mapping[Address, LiveEntity]) -> list[tuple[Address, LiveEntity]]:
        return [(where, entity) for where, entity in taken.items() if not self.owns(entity, where.depth)]


def _siblings(entity: LiveEntity, connection: LiveConnection) -> Sequence[LiveEntity]:
    """The live children of `entity`'s parent read under `connection`, `entity` among them."""
    if not entity.parent_id or entity.parent_id == connection.node.id:
        return connection.devices
    return connection.sensors.get(entity.parent_id, ())


def _held_by_unowned(unowned: Sequence[tuple[Address, LiveEntity]]) -> Observations:
    """What the unowned sensors among a removal's contents hold (observations are recorded on sensors:
    a device of them adds nothing of its own), which the web app's removal would destroy."""
    sensors = [Observations.of_sensor(entity) for where, entity in unowned if where.depth == _SENSOR_DEPTH]
    return Observations(sum(each.known for each in sensors), any(each.unknown for each in sensors))


def _serial_nos_back(stack: str, lost: Mapping[Address, list[Address]]) -> str:
    """The step that makes the stack own again each device that lost its SERIAL_NO, whose sensors'
    refIds name it: its removal is then the stack's own, counted and guarded as any."""
    each = [
        f"{device} has no SERIAL_NO, so no manifest can keep or adopt it, but the sensors under it carry "
        f"refIds of stack {stack!r} naming {joined(named)}: most likely that device, its SERIAL_NO cleared "
        "by another writer (in the platform's web app, or by an update that replaced its props); to "
        f"remove it as the stack's own, set its SERIAL_NO to {_either_serial(stack, named)} in the "
        "platform's web app"
        for device, named in lost.items()
    ]
    return "; ".join(each) + ", then plan again"


def _either_serial(stack: str, named: list[Address]) -> str:
    return " or ".join(repr(shown_serial(f"{stack}:{address}")) for address in named)


def _held_said(where: Address, entity: LiveEntity, taken: Mapping[Address, LiveEntity]) -> str:
    """`, 50 observations`, `, an unknown number of observations`; "" for an entity holding none."""
    if where.depth == _SENSOR_DEPTH:
        held = Observations.of_sensor(entity)
    else:
        below = [sensor for at, sensor in taken.items() if at.depth == _SENSOR_DEPTH and at.is_within(where)]
        held = Observations.of_tree(entity, below)
    return f", {observations(held.known, held.unknown)}" if held.holds_data else ""


def _destroying_theirs(held: Observations) -> str:
    """What the web app's removal of entities holding `held` destroys, said right after it:
    `, destroying 50 observations`, ` (they hold no observations)`."""
    if held.holds_data:
        return f", destroying {observations_held(held.known, held.unknown)}"
    return " (they hold no observations)"


def _stays(held: Observations) -> str:
    """`their 50 observations stay`; `their history stays` where the count is not known."""
    return "their history stays" if held.unknown else f"their {observations(held.known, False)} stay"


def _emptied_instead(address: Address, emptied: str, stacks: list[str], users: str = "") -> str:
    """The way to remove the stack's own entities under `address` while other stacks' stay (""
    where there is none): the manifest keeps it, holding nothing. Not --destroy, which drops it and
    is refused for it; the entity then stays the stack's, and its plan removes it once dropped
    after the others have gone. `users`: those others, where they are not `stacks` by name."""
    if not emptied:
        return ""
    users = users or " and ".join(f"stack {stack!r}" for stack in stacks)
    use = "use" if len(stacks) > 1 else "uses"
    return (
        f"; to remove this stack's own {emptied} under it now, keep {address} in the manifest with "
        f"`{emptied}: []` and apply that (not --destroy) with --allow-destroy: {address} then stays, "
        f"this stack's, until {users} no longer {use} it"
    )


def named_apart(stack: str, ref_id: str | None, depth: int) -> str | None:
    """The stack a refId's prefix names (`owner_of`) where it is not exactly `stack`: another stack,
    or this one written another way (`QS:` for stack `qs`), which may be this stack's or another's.
    Either is listed on its own, never folded under what holds it (plan and drift alike)."""
    owner = owner_of(ref_id, depth)
    return None if owner == stack else owner


def other_owner(stack: str, ref_id: str | None, depth: int) -> str | None:
    """The other stack that owns `ref_id` (`owner_of`), None for none: a prefix that is `stack`'s
    written another way (`QS:` for stack `qs`) names no other stack, and may be this one's."""
    owner = owner_of(ref_id, depth)
    return None if owner is None or owner == stack or look_alike_of(stack, owner) else owner


def unmanaged_reason(stack: str, ref_id: str | None, depth: int) -> str:
    """Why a live entity of `depth` carrying `ref_id` is left alone: `not declared, not owned by stack
    'north' (SERIAL_NO 'x')`, naming the stack that owns it where another does (`not_owned_by`)."""
    return f"not declared, {not_owned_by(stack, ref_id, depth)} ({serial_text(ref_id)})"


def not_owned_by(stack: str, ref_id: str | None, depth: int) -> str:
    """`not owned by stack 'north'`, and by whom it is where another stack owns it (`owner_of`)."""
    other = owner_of(ref_id, depth)
    if look_alike_of(stack, other):
        return _owned_by_a_look_alike(stack, str(other))
    owner = f" but by stack {other!r}" if other and other != stack else ""
    return f"not owned by stack {stack!r}{owner}"


def _owned_by_a_look_alike(stack: str, prefix: str) -> str:
    """A refId whose stack prefix is this stack's written another way (`Quickstart:` for stack
    `quickstart`): no other stack's (drift gives it no owner and keeps it this stack's finding), nor
    this one's, whose ownership is the exact prefix (README "Copies")."""
    how = "in another case" if prefix.lower() == stack.lower() else "written another way"
    return (
        f"not owned by stack {stack!r}: its refId's prefix {quoted_serial(prefix + ':')} is that stack's "
        f"{how}, and ownership is the exact prefix (iotplan cannot tell whether it is this stack's)"
    )


def look_alike_of(stack: str, owner: str | None) -> bool:
    """Whether `owner` is `stack` written another way (case, width: as refIds are compared)."""
    return owner is not None and owner != stack and fold_ref_id(owner) == fold_ref_id(stack)


def stacks_on(connection: LiveConnection) -> frozenset[str]:
    """The stacks owning a device or sensor under `connection` (`owner_of`): each has a hand in it."""
    devices = ((device.ref_id, 1) for device in connection.devices)
    sensors = ((sensor.ref_id, 2) for sensor in connection.every_sensor())
    return frozenset(owner for ref_id, depth in (*devices, *sensors) if (owner := owner_of(ref_id, depth)))


def serial_text(ref_id: str | None) -> str:
    """`SERIAL_NO 'x'` as a reason or a refusal quotes a live refId (masked, escaped and cut:
    `live_quoted`; its non-ASCII characters escaped where it passes for a stack's: `quoted_apart`),
    or `no SERIAL_NO`: never a Python `None`."""
    return "no SERIAL_NO" if ref_id is None else f"SERIAL_NO {quoted_apart(str(shown_serial(ref_id)))}"


def contents_text(live: LiveConnection) -> str:
    held = contents_counted(live)
    return f", with {held}" if held else ""


def contents_counted(live: LiveConnection) -> str:
    """`2 devices and 5 sensors` ("" for none)."""
    if not live.devices:
        return ""
    sensors = sum(len(group) for group in live.sensors.values())
    devices = len(live.devices)
    return f"{counted(devices, 'device')} and {counted(sensors, 'sensor')}"


def sensors_counted(sensors: list[LiveEntity]) -> str:
    return counted(len(sensors), "sensor") if sensors else ""


def another_stacks_connection(owner: str, ref_id: str | None) -> str:
    """What a connection pinned by `id:` whose refId stack `owner` gives it says on its line (plan
    and drift): that stack still owns it, as a device adopted by its `ref_id:` (README "Between
    stacks"), unless another tool gave it a refId of that shape. What its manifest declares is not
    known here, so no value, nor field, is said to be set by its plan."""
    return (
        f"; stack {owner!r} owns it too ({serial_text(ref_id)}, unless another tool gave it a refId "
        "shaped as that stack's): its fields are not this stack's to set"
    )


# The connection fields whose value no command shows: the platform's cannot be given back.
_NEVER_SHOWN = frozenset({"auth_token"})


def no_rename_of(stack: str) -> str:
    """Why a look-alike whose refId's prefix is `stack` in another case is no rename of this stack:
    it owns live entities spelt as `stack:` is (a stack renamed in case only owns none)."""
    spelt = stack + ":"
    return f"Stack {stack!r} owns live entities as it spells itself ({spelt!r}), so this is no rename of it"


@dataclass(frozen=True)
class ChangingShared:
    """Why a stack sharing a connection by `id:` may not change its `fields`, which another stack (or
    another tool) owns: each apply would set its own back over the other's, exiting 0 (DESIGN:
    iotplan never changes another stack's entities). Fields are named by path, never by value (a
    secret's). `defaulted`: the fields `defaults: node:` sets, which the node may not write."""

    live: LiveEntity
    fields: Sequence[str]
    defaulted: frozenset[str] = frozenset()

    def of(self, owner: str) -> str:
        """Stack `owner`'s, as its refId's prefix says, or another tool's giving refIds so shaped."""
        them = self._them
        return (
            f"stack {owner!r} owns connection {self.live.id} ({serial_text(self.live.ref_id)}), or another "
            "tool that gave it a refId shaped as that stack's; this stack shares it by `id:`: "
            f"this plan would change its {joined(list(self.fields))}, which {self._are} not this stack's "
            f"to set: were both to set {them}, each apply would undo the other's; leave {them} out of "
            f"this manifest{self._from_defaults}{self._platforms_values}, or change {them} in the "
            f"manifest of stack {owner!r}, or in the platform's web app if no stack is named so"
        )

    def of_a_look_alike(self, stack: str, prefix: str, owns_live_as_spelt: bool) -> str:
        """Its refId's prefix is `stack`'s written another way: this stack's, renamed in case only,
        or another stack's whose name differs only so (stack names are exact), which iotplan cannot
        tell apart, so it stops, as a creation beside such a look-alike does (plan/copies.py). A
        stack that owns live entities as it spells itself is no rename (`owns_live_as_spelt`): never
        told to respell `stack:`, which would disown them all."""
        them = self._them
        how = "in another case" if prefix.lower() == stack.lower() else "written another way"
        if how == "in another case" and owns_live_as_spelt:
            return self._of_a_look_alike_not_renamed(stack, prefix)
        renamed = (
            f"if this stack looks renamed from {prefix!r} in case only, keep `stack: {prefix}`, spelt so "
            f"(ownership is the exact prefix); if stack {prefix!r} is another network, "
            if how == "in another case"
            else ""
        )
        return (
            f"connection {self.live.id} ({serial_text(self.live.ref_id)}), which this stack shares by "
            f"`id:`, carries a refId whose prefix {quoted_serial(prefix + ':')} is stack {stack!r}'s "
            f"{how}, and iotplan cannot tell whether it is this stack's: this plan would change its "
            f"{joined(list(self.fields))}, which may be another stack's to set, each apply undoing the "
            f"other's: {renamed}leave {them} out of this manifest{self._from_defaults}"
            f"{self._platforms_values}, or change {them} in the manifest of the stack that owns it"
        )

    def _of_a_look_alike_not_renamed(self, stack: str, prefix: str) -> str:
        """The look-alike in another case beside a stack that owns live entities as it spells
        itself: no rename of it (keeping the other spelling would disown them all), but stack
        `prefix`'s or another tool's, so its fields are not this stack's to set."""
        them = self._them
        return (
            f"{no_rename_of(stack)}: connection {self.live.id} ({serial_text(self.live.ref_id)}), which "
            f"this stack shares by `id:`, is owned by stack {prefix!r}, as its refId's prefix says, or "
            "by another tool that gave it a refId so shaped: this plan would change its "
            f"{joined(list(self.fields))}, which {self._are} not this stack's to set: were both to set "
            f"{them}, each apply would undo the other's; leave {them} out of this manifest"
            f"{self._from_defaults}{self._platforms_values}, or change {them} in the manifest of stack "
            f"{prefix!r}, or in the platform's web app if no stack is named so"
        )

    @property
    def _them(self) -> str:
        return "it" if len(self.fields) == 1 else "them"

    @property
    def _are(self) -> str:
        return "is" if len(self.fields) == 1 else "are"

    @property
    def _from_defaults(self) -> str:
        """Where a field the node may not write comes from: the manifest's `defaults: node:`, which a
        `null` on the node keeps out of it ("" where none of the fields is defaulted)."""
        defaulted = sorted({path.split(".")[0] for path in self.fields} & self.defaulted)
        if not defaulted:
            return ""
        nulls = joined([f"`{name}: null`" for name in defaulted])
        return (
            f" (its {joined(defaulted)} may come from `defaults: node:`: {nulls} on the node leaves it out)"
        )

    @property
    def _platforms_values(self) -> str:
        """Giving the platform's values, where drift shows them: never an auth_token's ("(sensitive)")."""
        shown = [path for path in self.fields if path not in _NEVER_SHOWN]
        if not shown:
            return ""
        values = "value" if len(shown) == 1 else "values"
        if len(shown) == len(self.fields):
            return f", or give {self._them} the platform's {values} (`iotplan drift` shows {self._them})"
        return (
            f", or give {joined(shown)} the platform's {values} (`iotplan drift` shows them, but never an "
            "auth_token: leave that out)"
        )
