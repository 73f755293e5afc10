"""How a live copy of a declared entity is told: a `*` line (Action.DUPLICATE), never a removal of its
own, saying what it holds and the steps that keep every history (another SERIAL_NO first, the web
app's removal last); and the removal that takes copies, naming them. Pure: the differ (plan/diff.py)
finds the copies, and asks for their lines."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from iotplan.live import LiveConnection, LiveEntity, LiveProject, Observations
from iotplan.manifest.addresses import FoldedAlike
from iotplan.plan.address import Address
from iotplan.plan.compare import LiveSide, duplicate, removal
from iotplan.plan.copies import Carrier, Prefixed, another_serial_no_or_removal, prefixed_carrier
from iotplan.plan.desired import ClaimingRefId, DesiredEntity
from iotplan.plan.model import Action, Cause, Change, Kind
from iotplan.plan.ownership import LISTED
from iotplan.plan.props import shown_serial
from iotplan.wording import first, observations, quoted_serial


@dataclass(frozen=True)
class TakenCopy:
    """An entity carrying a declared one's refId, taken by the removal `by`, with what it holds."""

    by: Change
    address: Address
    copy: LiveEntity
    held: Observations


def held_by_copy(where: Address, copy: LiveEntity, contents: Mapping[Address, LiveEntity]) -> Observations:
    """What a copy among a removal's `contents` holds: a sensor its own count, a device its sensors'."""
    if where.depth == 2:
        return Observations.of_sensor(copy)
    return Observations.of_tree(copy, [each for at, each in contents.items() if at.parent == where])


def extra_copy(
    stack: str, entity: DesiredEntity, extra: LiveEntity, kept: LiveEntity | None, connection: LiveConnection
) -> Change:
    """A second live entity carrying `entity`'s refId beside `kept` (`duplicate`): a device's with how
    many of its sensors carry the stack's prefix, as read (None where some were not), which an apply
    meeting it names."""
    copy = duplicate(entity, extra, kept)
    if entity.kind is not Kind.DEVICE:
        return copy
    prefixed = prefixed_carrier(stack, Carrier(extra, entity.kind, connection))
    return dataclasses.replace(copy, prefixed_sensors=prefixed.sensors_known)


def naming_copies(removal: Change, copies: Sequence[tuple[TakenCopy, Address]]) -> Change:
    """`removal`, its reason naming the copies of declared entities it takes (`takes north/other/t,
    a copy of east/lg/t (refId 'sh:east/lg/t'): 42 observations`)."""
    named = [
        f"{taken.address}, a copy of {original} (refId {quoted_serial(taken.copy.ref_id)}): "
        f"{observations(taken.held.known, taken.held.unknown)}"
        for taken, original in copies
    ]
    return dataclasses.replace(
        removal,
        reason=f"{removal.reason}; takes {first(named, LISTED, '; ')}",
        copies_taken=tuple((taken.address, original) for taken, original in copies),
    )


def connection_copy(side: LiveSide, live: LiveConnection, original: Change) -> Change:
    """A connection carrying the refId of one declared, and live, in another project: a copy of it
    (made in the web app or by another tool), holding what it may. Reported as every copy is, never
    removed on its own: which of the two is meant is the user's to say, in the web app."""
    held = live.observations
    reason = (
        f"a copy of {original.address} (refId {quoted_serial(live.node.ref_id)}, holding "
        f"{observations(held.known, held.unknown)}) in project {live.project_id}, while the manifest "
        f"declares {original.address} in project {original.project_id}, where it is live as "
        f"{original.live_id}; most likely made in the platform's web app. iotplan does not remove it on "
        "its own: remove the copy in the platform's web app"
    )
    return _connection_told_as_copy(side, Address(f"{side.address}#{live.node.short_id}"), live, reason)


def connection_in_another_case(side: LiveSide, live: LiveConnection, declared: ClaimingRefId) -> Change:
    """The connection whose refId folds like a declared one's (`qs:DAM-A` or `qs:dam-a ` beside
    `qs:dam-a`), or like the one a `moved` entry renames it from: a copy of it to a platform whose
    collation joins them, whose removal by refId could reach the declared one (or the one being
    renamed to it). Reported as a copy of it, at its address, so that a fence on the declared
    connection fences it too; never removed on its own, with what it holds."""
    held = live.observations
    alike = FoldedAlike(str(shown_serial(live.node.ref_id)), declared.ref_id)
    how = f"differing only in {alike.how}" if alike.in_encoding else "in another case"
    of = (
        f"{declared.key} (its refId before the `moved` rename, {declared.ref_id!r})"
        if declared.renamed
        else declared.key
    )
    # A look-alike of the refId renamed from is the connection to rename only where the platform
    # joins them; the renamed connection is never the one to remove for it.
    what_to_do = (
        f"if it is not the connection renamed to {declared.key}, remove it in the platform's web app"
        if declared.renamed
        else "remove one of the two in the platform's web app"
    )
    reason = (
        f"a copy of {of} {how} (refId {alike.shown(alike.ref_id)}, holding "
        f"{observations(held.known, held.unknown)}): the platform documents no {alike.rule} for "
        f"refIds, so it may take the two for one (docs/api-assumptions.md, A1++). iotplan does not "
        f"remove it on its own: {what_to_do}"
    )
    return _connection_told_as_copy(side, Address(f"{declared.key}#{live.node.short_id}"), live, reason)


def _connection_told_as_copy(side: LiveSide, address: Address, live: LiveConnection, reason: str) -> Change:
    """A connection told as a copy (`*`) at `address`, for `reason`: never removed on its own."""
    copy = removal(dataclasses.replace(side, address=address), live.node, Cause.DUPLICATE, reason)
    return dataclasses.replace(copy, action=Action.DUPLICATE)


def prefixed_copy(
    stack: str, projects: Mapping[str, LiveProject], copy: Change, carrying: str | None = None
) -> Prefixed:
    """Whether a copy carries the stack's prefix, and how many of its sensors do (`Prefixed`):
    given another SERIAL_NO still starting so, the next plan removes it as the stack's orphan.
    Asked of copies only: their device looked up in what was read, which is rare. A THREAD's
    kept one holds no `live_ref_id` (plan/thread.py sets none on it): `carrying`, as read."""
    ref_id = copy.live_ref_id if carrying is None else carrying
    sensors, unread = _sensor_ref_ids(projects, copy)
    return Prefixed.of(stack, ref_id, sensors, unread=unread)


def _sensor_ref_ids(projects: Mapping[str, LiveProject], device: Change) -> tuple[list[str | None], bool]:
    """The refIds of the sensors under the live device `device` removes or reports, as read, and
    whether its SIZE counts others never read; none for a sensor, or a device not read."""
    project = projects.get(device.project_id)
    if device.kind is not Kind.DEVICE or project is None:
        return [], False
    read = (project.connections, project.strays, project.elsewhere, project.other_threads)
    for connection in (each for where in read for each in where.values()):
        for live in connection.devices:
            if live.id == device.live_id:
                sensors = [sensor.ref_id for sensor in connection.sensors_of(live)]
                return sensors, bool(connection.unread_sensors(live))
    return [], False


def copy_of(orphan: Change, original: Address, prefixed: Prefixed, seen: bool) -> Change:
    """The stack's entity that carries the refId of `original`, found live elsewhere (`seen`), or
    declared by another shard, which alone can tell whether it is live: a copy of it. Its parent's
    removal would take it (and name it): never its own."""
    held = orphan.held
    steps = _keep_or_remove(held, prefixed)
    what_to_do = (
        steps
        if seen
        else f"{original} is another shard's: if it is live too, {steps}; if not, that shard refuses to "
        "create it beside this one and says how to keep this one"
    )
    holding = observations(held.known, held.unknown)
    connection = _another_connections(orphan.address, original)
    where = (
        f"carrying the same refId under connection {connection}, holding {holding}"
        if connection
        else f"under another parent, holding {holding}, most likely made in the platform's web app"
    )
    reason = (
        f"a copy of {original} (refId {quoted_serial(orphan.live_ref_id)}) {where}; iotplan does not "
        f"remove it on its own (its parent's removal would): {what_to_do}"
    )
    return dataclasses.replace(_as_duplicate(orphan, reason, prefixed), collateral=(), holding=())


def copy_under_another_device(
    listed: Change, original: Address | None, prefixed: Prefixed, alike: int = 0
) -> Change:
    """A sensor under a device the stack does not own carrying a declared one's refId as refIds are
    compared: a copy of it (made in the web app, most likely), reported so and never removed. One of
    `alike` carrying the refId a `ref_id:` adopts as written may be the original of the others."""
    of = f"a copy of {original}" if original is not None else "a copy of a declared sensor"
    if alike > 1:
        return _as_duplicate(listed, _one_of_alike(of, listed, alike, prefixed))
    held = listed.held
    holds = observations(held.known, held.unknown)
    connection = _another_connections(listed.address, original)
    made = (
        f"carrying that refId under connection {connection}"
        if connection
        else "most likely made in the platform's web app"
    )
    reason = (
        f"{of} (refId {quoted_serial(listed.live_ref_id)}, holding {holds}) under a device this stack "
        f"does not own, {made}; iotplan does not remove it on its own, and no write reaches that refId "
        f"while it stands. To keep it and its history, {another_serial_no_or_removal(held, prefixed)}"
    )
    return _as_duplicate(listed, reason)


def _another_connections(copy: Address, original: Address | None) -> str:
    """The connection `copy` stands under where its original is declared under another ("" where it is
    the same one, or the original is not known): no web-app copy beside its original, but an entity
    carrying the same refId there, which a message says as it stands rather than guessing its maker."""
    if original is None or copy.connection == original.connection:
        return ""
    return copy.connection


def _as_duplicate(change: Change, reason: str, prefixed: Prefixed | None = None) -> Change:
    """`change` told as a copy (`*`), for `reason`; a device's with how many of its sensors carry the
    stack's prefix (`prefixed`), where counted."""
    sensors = prefixed.sensors_known if prefixed is not None and change.kind is Kind.DEVICE else None
    return dataclasses.replace(
        change, action=Action.DUPLICATE, cause=Cause.DUPLICATE, reason=reason, prefixed_sensors=sensors
    )


def _one_of_alike(of: str, listed: Change, alike: int, prefixed: Prefixed) -> str:
    """Why one of `alike` sensors carrying the refId a `ref_id:` adopts as written is not sent to the
    web app: which is the original is not known, and removing that one destroys its history."""
    held = listed.held
    return (
        f"{of}, or the original of the others: one of {alike} sensors carrying refId "
        f"{quoted_serial(listed.live_ref_id)} as written, under a device this stack does not own, this one "
        f"holding {observations(held.known, held.unknown)}; all but one are copies, most likely made in the "
        "platform's web app, and iotplan cannot tell which. It does not remove any on its own, and no write "
        "reaches that refId while they stand: keep the one with the history. If it is not this one, "
        f"{_keep_or_remove(held, prefixed, also=True)}"
    )


def _keep_or_remove(held: Observations, prefixed: Prefixed, also: bool = False) -> str:
    """The steps for a copy of a declared device or sensor, holding `held`, that only the web app
    can end: another SERIAL_NO, which keeps it and its history, first (one without the stack's
    prefix where it or its sensors carry it: `prefixed`); the removal, with what it destroys, last
    (`also`: its history as well as the original's)."""
    steps = another_serial_no_or_removal(held, prefixed)
    return f"to keep it and its history{' too' if also else ''}, {steps}"


def kept_carriers(thread: LiveConnection) -> Iterator[LiveEntity]:
    """A THREAD's devices and sensors that carry a SERIAL_NO, which may be a declared refId."""
    for device in thread.devices:
        yield from (each for each in (device, *thread.sensors_of(device)) if each.ref_id)


def copy_on_a_thread(kept: Change, ref_id: str, original: Address, prefixed: Prefixed) -> Change:
    """A THREAD's device or sensor that carries the refId of `original`: a copy of it. No documented
    call removes a THREAD's entity, so only the web app can end the ambiguity."""
    held = kept.held
    reason = (
        f"a copy of {original} (refId {quoted_serial(ref_id)}) under THREAD {kept.connection}, holding "
        f"{observations(held.known, held.unknown)}; the platform's API documents no way to remove a THREAD's "
        f"device or sensor, so iotplan keeps it: {_keep_or_remove(held, prefixed)}"
    )
    return _as_duplicate(kept, reason, prefixed)
