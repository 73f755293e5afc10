"""A THREAD connection's platform entities: desired × live → Changes. Pure, like diff.py.

THREAD entities are written through JSON-RPC (Bentley's iTwin IoT API reference, "Working With
Entities"), which names each by the id its creator gave it: iotplan finds them by that id, never
by refId. The reference documents creation and modification, and no removal: a live device or
sensor that the manifest does not declare is kept and reported, with the reason, never removed.
The same holds for a declared entity whose type differs from the live one's: the type is part of
what the entity is, so the plan refuses instead of pretending to change it.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from iotplan.clients.values import integral_number
from iotplan.live import LiveConnection, LiveEntity, LiveGateway, LiveProject, Observations
from iotplan.live.gateways import PORTS_OF_EVERY_MODEL
from iotplan.live.model import GatewayStatus
from iotplan.look_alikes import LookAlike, look_alike
from iotplan.manifest import fold_ref_id
from iotplan.manifest.addresses import FoldedAlike
from iotplan.manifest.models import KEY_PATTERN, THREAD_NODE_ID
from iotplan.manifest.thread import SEGMENT, instant, thread_serial, type_segment
from iotplan.plan.address import Address
from iotplan.plan.compare import fingerprint
from iotplan.plan.copies import escaped_for_yaml, same_name
from iotplan.plan.desired import DesiredEntity, walk
from iotplan.plan.edge import LOGGERS_CUT_OFF_SINCE, MOVE_DOUBT, noting_unpowered_port
from iotplan.plan.fields import field_changes
from iotplan.plan.model import Action, Cause, Change, FieldChange, InSync, Kind, Refusal, format_known
from iotplan.plan.props import (
    identity_digest,
    identity_holds_a_secret,
    live_fields,
    shown_id,
    shown_quoted,
    shown_serial,
)
from iotplan.plan.thread_identity import (
    Family,
    family_disagrees,
    family_held,
    ids_serials_given,
    logger_identity_lost,
    node_identity_lost,
    own_segment,
    same_serial,
    sensor_identity_lost,
)
from iotplan.secrets import MASKED
from iotplan.wording import (
    OBSERVATIONS_PATTERN,
    joined,
    json_kind,
    live_quoted,
    live_text,
    observations,
    printable,
)

NOT_REMOVABLE = (
    "the platform's API documents no way to remove a THREAD's device or sensor, so iotplan keeps it "
    "(remove it in the platform's web app if it should go)"
)


def logger_families(connection: LiveConnection) -> list[Family]:
    """Each logger read under the THREAD, with its sensors."""
    return [(logger, connection.sensors_of(logger)) for logger in connection.devices]


@dataclass
class ThreadPlan:
    changes: list[Change] = field(default_factory=list)
    # Each at the entity it is about: a logger's or sensor's at its own address, so that --target
    # selecting it keeps it and one selecting another logger of the THREAD does not (plan/select.py).
    problems: list[Refusal] = field(default_factory=list)
    # The creations a refusal stops (a logger and its sensors): no part of the plan, but what a
    # --target beneath the refused entity selects, and what drift lists at their own addresses.
    withheld: list[Change] = field(default_factory=list)


def thread_changes(
    node: DesiredEntity,
    live: LiveConnection | None,
    gateway: LiveGateway | None,
    namesake: str | None = None,
    holder: LiveEntity | None = None,
    families: Sequence[Family] = (),
    look_alike_id: str | None = None,
) -> ThreadPlan:
    """The THREAD connection itself, its devices and their sensors. `namesake`: the id of a live
    connection that differs from the node's only in case; `holder`: a node of the project holding
    its SERIAL_NO under another id (`serial_holder`); `families`: every logger of the THREADs the
    manifest declares, as read, with its sensors (`ids_serials_given`; its loggers alone for
    `logger_identity_lost`), this THREAD's where none are given; `look_alike_id`: a node of the
    project whose id only looks like the node's (`thread_look_alike`)."""
    plan = ThreadPlan()
    plan.problems += _port_problems(node, gateway, live)
    another = _another_thread_answers(node, gateway)
    if live is None:
        _absent(node, namesake, another, plan, holder, _look_alike_note(node.thread_id or "", look_alike_id))
    else:
        families = families or logger_families(live)
        _present(node, live, another, plan, [logger for logger, _ in families], families)
    powered = [noting_unpowered_port(change, node.edge, gateway) for change in plan.changes]
    plan.changes = _shared_ports(node, _ports_unconfirmed(powered, gateway))
    return plan


def _present(
    node: DesiredEntity,
    live: LiveConnection,
    another: str,
    plan: ThreadPlan,
    loggers: Sequence[LiveEntity],
    families: Sequence[Family],
) -> None:
    compared = _compared(node, live.node, plan, live.observations)
    plan.changes.append(node_identity_lost(compared, node, live.node))
    _children(node, node.children, live.devices, live, plan, loggers=loggers, families=families)
    plan.changes = _noting_channels_shared_now(plan.changes)
    plan.problems += _shared_channel_refusals(plan.changes)
    plan.problems += _unreadable_channel_refusals(plan.changes)
    if another and any(change.action.writes for change in plan.changes):
        plan.problems.append(Refusal(node.address, another))  # with nothing to write, the edge says it


def _another_thread_answers(node: DesiredEntity, gateway: LiveGateway | None) -> str:
    """Why nothing of the node is written when its own gateway reports another serial: its `id` or
    its `edge.host` is wrong, so which THREAD the platform entities are is not sure; '' when it does not."""
    if gateway is None or gateway.status is not GatewayStatus.MISMATCH:
        return ""
    return (
        f"{node.address}: the gateway at {gateway.host} reports serial {gateway.serial}, not "
        f"{thread_serial(node.thread_id or '')}: iotplan cannot be sure which THREAD this node is, so it "
        "writes none of its platform entities (nor registers it); correct the node's `id` or its "
        f"`edge.host`, or plan the other nodes without it (`--exclude {node.address}`)"
    )


def _absent(
    node: DesiredEntity,
    namesake: str | None,
    another: str,
    plan: ThreadPlan,
    holder: LiveEntity | None,
    look_alike_note: str = "",
) -> None:
    """Registered when the manifest says so, unless it would copy a THREAD already there (by id in
    another case, or a node of the project holding its SERIAL_NO), or its gateway says it is another
    THREAD (`another`). `look_alike_note` names a node whose id only looks like its own."""
    missing = f"{node.address}: connection {node.thread_id} is not in project {node.project_id}"
    if namesake is not None:  # the platform finds ids exactly: this would be a second THREAD
        plan.problems.append(Refusal(node.address, f"{missing}, {_namesake(node.thread_id or '', namesake)}"))
    elif another:
        plan.problems.append(Refusal(node.address, another))
    elif holder is not None:  # registering would be refused as existing, or make a second node
        plan.problems.append(Refusal(node.address, f"{missing}: {_held_under_another_id(node, holder)}"))
    elif node.register:
        plan.changes += _creations(node, _REGISTERED + look_alike_note)
    else:
        plan.problems.append(
            Refusal(
                node.address,
                f"{missing}; say `register: true` (with its `version`) to create it{look_alike_note}",
            )
        )


def thread_look_alike(thread_id: str, project: LiveProject) -> str | None:
    """The id of a node of the project read that only looks like `thread_id`, differing in
    characters NFKC does not join (a Cyrillic `Е` for `E`): no THREAD, which posts under its ASCII id,
    so the plan registers this one as its manifest says, and names that one."""
    listed = (*project.connections, *project.other_threads, *(each.id for each in project.unclaimed))
    return next((each for each in listed if look_alike(each, thread_id, ignore_case=True)), None)


def _look_alike_note(thread_id: str, live_id: str | None) -> str:
    alike = look_alike(live_id, thread_id, ignore_case=True)
    if alike is None:
        return ""
    return (
        f"; node {escaped_for_yaml(live_id)} of this project reads as {thread_id}: its id "
        f"{alike.note('it')}: no THREAD posts under it (a THREAD's id is ASCII), so it is another node, "
        "which this one will read alike"
    )


def _namesake(thread_id: str, namesake: str) -> str:
    """Why a live THREAD node whose id folds as `thread_id` does stops its registration: in case
    only, adopted by its id; beyond case (a full-width digit, a zero-width space), shown escaped,
    and no `id:` offered, which the manifest refuses (a THREAD's id is ASCII)."""
    alike = FoldedAlike(thread_id, namesake)
    never = f"iotplan never registers a connection whose id differs only in {alike.folded} from another"
    if not alike.in_encoding:
        return f"but {namesake} is: the same serial in another case. Write `id: {namesake}`; {never}"
    return (
        f"but {alike.shown(namesake)} is, differing from it only in {alike.how}: a platform that "
        f"folds ids so may take it for this THREAD. No manifest's `id:` can name it; {never}. If it is "
        "not this THREAD, remove it in the platform's web app, then plan again"
    )


# Only the node's project is read, and no documented read finds a node in the others: registered in
# another, createNode is refused ("already exists") or, where ids are per project, makes a second node.
_REGISTERED = (
    "not in this project; registered (register: true): if this THREAD is registered in another project, "
    "this fails or makes a second node for it"
)


def serial_holder(thread_id: str, project: LiveProject) -> LiveEntity | None:
    """A node the plan read in the project that holds the THREAD's SERIAL_NO under another id: the
    web app, asked to create a deleted THREAD again, gives it an id of its own. SERIAL_NOs compared
    as refIds are (`fold_ref_id`: a collation may join a trailing blank, full-width letters), and a
    leading blank cut too: the fold that joins more only refuses more, where one that joins less
    registers a second node for one THREAD."""
    serial = _serial_folded(thread_serial(thread_id))
    listed = (
        *project.unclaimed,
        *(each.node for each in project.other_threads.values()),
        *(each.node for each in project.connections.values()),
    )
    return next((n for n in listed if n.id != thread_id and _serial_folded(n.ref_id or "") == serial), None)


def _serial_folded(serial: str) -> str:
    return fold_ref_id(serial).strip()


def _held_under_another_id(node: DesiredEntity, holder: LiveEntity) -> str:
    """Why nothing is registered, and the step that works: the pinned id is gone, and `holder` holds
    its SERIAL_NO. Its NAME and SERIAL_NO are anyone's text, quoted masked (`shown_quoted`)."""
    found = (
        f"it is gone (deleted?), and node {printable(shown_id(holder.id) or '')} "
        f"({shown_quoted(holder.props.get('NAME'))}) of this project holds its SERIAL_NO, read as "
        f"{_serial_quoted(holder.ref_id)}{_counted(holder)}: {_likely(holder)}. iotplan never registers a "
        "THREAD beside a node holding its SERIAL_NO (the platform refuses it, or makes a second node)"
    )
    # After removing that node, the plan registers this THREAD, as `register: true` says (or would)
    register = "plan again: its `register: true` registers it" if node.register else "say `register: true`"
    remove = (
        f"remove that node in the web app (what it holds goes with it), then {register} (with its `version`)"
    )
    gone = "the histories of the deleted node's loggers and sensors went with it, none is kept"
    if THREAD_NODE_ID.fullmatch(holder.id):  # never this THREAD's id, which the plan found absent
        return (
            f"{found}. If it is another THREAD, correct its SERIAL_NO in the web app to its id's serial; if "
            f"it is this THREAD, iotplan manages it only under the id {node.thread_id}: {remove}; {gone}"
        )
    return (
        f"{found}. If it is this THREAD, iotplan manages a THREAD only under an id /fn/{{serial}}/node, "
        f"which that node's is not: to manage it here, {remove}; {gone}. If it is not this THREAD, correct "
        "its SERIAL_NO in the web app"
    )


def _counted(holder: LiveEntity) -> str:
    counted = holder.observations
    return ", its observation count unread" if counted is None else f", with {observations(counted, False)}"


def _likely(holder: LiveEntity) -> str:
    """What the node most likely is. A `/fn/{serial}/node` id carries the serial it was made with:
    another serial there (or this one in lower case, which iotplan's ids never are) is an id and a
    SERIAL_NO that disagree, writing that id would pin the wrong THREAD (its gateway reports another
    serial, its loggers are made under the id's)."""
    if THREAD_NODE_ID.fullmatch(holder.id):
        return (
            f"its id carries serial {thread_serial(holder.id)}, not its SERIAL_NO: the two disagree, "
            "another THREAD whose SERIAL_NO was edited in the web app, most likely"
        )
    return "this THREAD made again in the web app under a new id, most likely"


def _children(
    parent: DesiredEntity,
    desired: Sequence[DesiredEntity],
    live: list[LiveEntity],
    connection: LiveConnection,
    plan: ThreadPlan,
    logger: LiveEntity | None = None,
    loggers: Sequence[LiveEntity] = (),
    families: Sequence[Family] = (),
) -> None:
    """`logger`: the live logger of the sensors in `live` (None for the loggers themselves);
    `loggers`: those whose SERIAL_NO shows the platform gives loggers one (`logger_identity_lost`);
    `families`: each with its sensors, which show whether it gives them their id's (`ids_serials_given`)."""
    by_id = {entity.id: entity for entity in live}
    for entity in desired:
        found = by_id.pop(entity.thread_id or "", None)
        if found is None:
            copy = _earlier_copy(entity, by_id.values())
            # A copy on the channel this sensor is declared on: `_shared_channel_refusals` says it.
            if copy is not None and not _on_its_channel(entity, copy):
                plan.problems.append(Refusal(entity.address, _copy_or_swap(entity, copy)))
                plan.withheld += _creations(entity, "not on the platform")
                continue
            plan.changes += _creations(entity, "not on the platform")
            continue
        sensors = connection.sensors_of(found) if entity.kind is Kind.DEVICE else []
        held = connection.held_by(found, entity.kind is Kind.DEVICE)
        compared = _compared(entity, found, plan, held)
        if entity.kind is Kind.DEVICE:
            edited = _with_serial_edited(compared, found, sensors, families)
            compared = logger_identity_lost(edited, found, sensors, loggers, families)
        elif logger is not None:
            compared = _with_sensor_serial_edited(compared, found, logger, live, families)
            compared = sensor_identity_lost(compared, found, logger, live, families)
        plan.changes.append(compared)
        if entity.kind is Kind.DEVICE:
            _children(entity, entity.children, sensors, connection, plan, found, loggers, families)
    declared = [entity.thread_id or "" for entity in desired]
    _all_kept(parent.address, list(by_id.values()), connection, plan, declared)


def _earlier_copy(entity: DesiredEntity, undeclared: Iterable[LiveEntity]) -> LiveEntity | None:
    """An undeclared sibling of the same serial or key, folded as refIds are (`_same_segment`), or
    only looking like it (`_id_look_alike`), or of the same NAME as a person reads it (`same_name`)."""
    declared = entity.thread_id or ""
    segment = own_segment(declared)
    name = name_sent(entity.fields, entity.address)
    return next(
        (
            e
            for e in undeclared
            if _same_segment(e.id, segment)
            or _id_look_alike(e.id, declared) is not None
            or same_name(e.props.get("NAME"), name)
        ),
        None,
    )


def _id_look_alike(live_id: str, declared: str) -> LookAlike | None:
    """How a live id's own segment (a logger's serial, a sensor's key) only looks like the declared
    id's, differing in characters NFKC does not join (a U+2010 hyphen for `-`, a trailing U+2800):
    `fold_ref_id` keeps them apart, but a reader takes one for the other. The rest of the ids the
    same as folded (a logger's type): another logger type is another logger. Case ignored, as THREAD
    ids are compared (`_same_segment`). Weighed over the whole id, as a REST refId is: a key or serial
    is a few characters of it, two of four read alike (`рz‐2`, Cyrillic р and U+2010) leave the id one
    a reader takes for the other; a word in another script (`вода`) does not. Dashes for `-` in any
    number of places, as a REST refId's (plan/copies.py `looking_like`)."""
    segment = own_segment(declared)
    around = len(declared) - len(segment)  # a manifest's id is ASCII: as it is compared
    alike = look_alike(
        own_segment(live_id), segment, ignore_case=True, same_around=around, dashes_anywhere=True
    )
    if alike is None or _folded_id(live_id.rsplit("/", 2)[0]) != _folded_id(declared.rsplit("/", 2)[0]):
        return None  # told first: most ids are ASCII, which `look_alike` passes at once
    return alike


def _same_segment(live_id: str, segment: str) -> bool:
    """Whether a live id's own segment (a logger's serial, a sensor's key) is `segment` as the platform
    may compare them: THREAD ids are compared as refIds are (`fold_ref_id`: case, width, invisible
    characters, trailing blanks), its reference giving no rule."""
    return fold_ref_id(own_segment(live_id)) == fold_ref_id(segment)


def _folded_id(thread_id: str) -> str:
    """A THREAD logger's or sensor's id with each segment folded as refIds are: two ids alike so are
    one to a platform whose collation ignores what `fold_ref_id` leaves out."""
    return "/".join(fold_ref_id(segment) for segment in thread_id.split("/"))


def _how_ids_differ(declared: str, live: str) -> FoldedAlike:
    """Two ids that fold alike (`_folded_id`), told apart by their segments that differ: a blank
    ending a segment is then a trailing one, as it is to the platform comparing that segment."""
    pairs = [(one, two) for one, two in zip(declared.split("/"), live.split("/"), strict=False) if one != two]
    return FoldedAlike("/".join(one for one, _ in pairs), "/".join(two for _, two in pairs))


def name_sent(fields: Mapping[str, Any] | None, address: Address) -> str:
    """The NAME a THREAD entity is created with: the declared `name`, else its key (A15), as
    apply/thread.py sends it. A logger swapped or a sensor moved keeps its key, so its old one
    carries that NAME though the manifest never declared one."""
    return _name(fields) or address.name


def _on_its_channel(entity: DesiredEntity, copy: LiveEntity) -> bool:
    """An undeclared sibling of a sensor's name on the channel it is declared on: the sensor under a
    new key, most likely, which the refusal of the shared channel says, with the way to adopt it."""
    channel = integral_number(entity.fields.get("mux_index"))
    return entity.kind is Kind.SENSOR and channel is not None and channel == _live_channel(copy)


def _live_channel(entity: LiveEntity) -> int | None:
    return integral_number(entity.props.get("MUX_INDEX"))


# A logger's address, and one of its channels.
Channel = tuple[str, int]


def channel_held(change: Change, made: bool) -> int | None:
    """The channel (mux_index) a THREAD sensor of the plan is on once the plan is applied, its change
    `made` or left out: created or updated, the one its entry declares, or, declaring none, the one
    it is on now (an update resends it as it stands, apply/thread.py KEPT); kept, left out or in sync,
    the one it is on now; removed, or not on the platform and not created, none. Read as a whole
    number in any form the platform may give it (4, 4.0, "4"): 4.0 and 4 are one channel."""
    if change.kind is not Kind.SENSOR:
        return None
    now = integral_number((change.before or {}).get("mux_index"))
    if not made or not change.action.writes:
        return now
    if change.action is Action.REMOVE:
        return None
    declared = (change.after or {}).get("mux_index")
    return now if declared is None else integral_number(declared)


def channels_taken(changes: Iterable[Change]) -> frozenset[Channel]:
    """Each channel of a logger a THREAD sensor among `changes` is on, before them or after
    (`channel_held`), declared or not: under --target the plan keeps only the selected sensors'
    changes, so a channel called free is looked for among these, read before the selection."""
    taken: set[Channel] = set()
    for change in changes:
        if change.__class__ is InSync:
            # An in-sync sensor writes nothing and its two sides are one (its declared fields): made
            # or not, its channel is the one that side holds. Told by its class first, one side read
            # once: a no-op plan of 100,000 spent 10 ms reading its kind and both sides through
            # properties.
            on = change.before.get("mux_index")
            if on is not None and (channel := integral_number(on)) is not None:
                taken.add((change.address.parent_text or "", channel))
            continue
        # Where neither side holds a mux_index, `channel_held` is None made or not: told first, as
        # most sensors of a plan are an API connection's, on no channel (a no-op plan of 100,000
        # spent a third of a second reading no channel twice each).
        if change.kind is not _SENSOR or (
            (change.before or _NO_FIELDS).get("mux_index") is None
            and (change.after or _NO_FIELDS).get("mux_index") is None
        ):
            continue
        for made in (False, True):
            channel = channel_held(change, made)
            if channel is not None:
                taken.add((change.address.parent_text or "", channel))
    return frozenset(taken)


_SENSOR = Kind.SENSOR  # read once: an enum member read through its class costs a lookup each time
_NO_FIELDS: Mapping[str, Any] = {}


def channels_shared(
    changes: Iterable[Change], made: Callable[[Change], bool]
) -> Iterator[tuple[Channel, list[Change]]]:
    """Each channel two sensors of a logger are on once the changes `made` are applied (the others
    left out), with the changes of the sensors on it: two sensors on one channel of a logger are
    never right, and which of them holds the channel's history is not iotplan's to guess. Only where
    one at least is declared: two the manifest does not declare are reported kept, and the plan
    touches neither."""
    for shared, holders in _holders_by_channel(changes, made).items():
        if _one_declared_among(holders):
            yield shared, holders


def channels_shared_now(changes: Iterable[Change]) -> list[str]:
    """Each channel of a logger two or more sensors are on as read, before any change is made, one
    of them declared at least, as said (`_shared_now`): its data mixes theirs since the later one was
    put on it, whatever the plan then does. Two applies at once, one moving a sensor onto a channel
    while the other creates one there, both pass their own checks and leave this behind. (Two the
    manifest does not declare are noted on their lines too, and left alone, as the plan leaves them.)"""
    return [
        _shared_now(channel, holders)
        for (_, channel), holders in _held_now(changes)
        if _one_declared_among(holders)
    ]


def _held_now(changes: Iterable[Change]) -> list[tuple[Channel, list[Change]]]:
    """Each channel of a logger more than one sensor is on as read, with their changes."""
    held = _holders_by_channel(changes, lambda _: False)
    return [(shared, holders) for shared, holders in held.items() if len(holders) > 1]


def _holders_by_channel(
    changes: Iterable[Change], made: Callable[[Change], bool]
) -> dict[Channel, list[Change]]:
    """Each channel of a logger the sensors of `changes` are on, their changes `made` or left out
    (`channel_held`), with those sensors' changes."""
    held: dict[Channel, list[Change]] = {}
    for change in changes:
        channel = channel_held(change, made(change))
        if channel is not None:
            held.setdefault((change.address.parent_text or "", channel), []).append(change)
    return held


def _shared_now(channel: int, holders: Sequence[Change]) -> str:
    each = joined([f"{holder.address} ({_holding(holder)})" for holder in holders])
    return printable(
        f"mux_index {channel} is the channel of {'both ' if len(holders) == 2 else ''}{each} now: two "
        "sensors on one channel of a logger mix their data from the moment the later one was put on it; "
        "move the one that does not belong there to its own channel (`mux_index`)"
    )


def _noting_channels_shared_now(changes: list[Change]) -> list[Change]:
    """Each sensor on a channel another sensor of its logger is on now (`channels_shared_now`), with
    that said on its line: where the plan moves one of them off, the data mixed meanwhile is told
    all the same. One in sync is noted as differing, as an edited serial is (`_with_serial_edited`):
    nothing iotplan writes makes it right, so neither `plan` nor a verifying read calls it in sync."""
    notes = _notes_by_sensor(changes)
    if not notes:
        return changes
    return [
        _noted_shared(change, notes[change.address]) if change.address in notes else change
        for change in changes
    ]


def _notes_by_sensor(changes: list[Change]) -> dict[Address, str]:
    return {
        holder.address: _shared_now(channel, holders)
        for (_, channel), holders in _held_now(changes)
        for holder in holders
    }


def _noted_shared(change: Change, note: str) -> Change:
    if change.action is Action.NOOP and change.cause is Cause.IN_SYNC:
        return dataclasses.replace(change, cause=Cause.DIFFERS, reason=f"{change.address}: {note}")
    return dataclasses.replace(change, reason=f"{change.reason}; {change.address}: {note}")


def _one_declared_among(holders: Sequence[Change]) -> bool:
    """Two or more sensors on one channel, or loggers on one port, one of them declared at least."""
    return len(holders) > 1 and any(holder.cause is not Cause.NOT_REMOVABLE for holder in holders)


def channel_written(change: Change) -> int | None:
    """The channel (mux_index) a THREAD sensor's change puts it on, created or moved there; None
    for any other change."""
    if change.kind is not Kind.SENSOR or change.action not in (Action.CREATE, Action.UPDATE):
        return None
    if change.action is Action.UPDATE and not any(each.path == "mux_index" for each in change.fields):
        return None
    return integral_number((change.after or {}).get("mux_index"))


def sensors_read_before_writing(writes: Iterable[Change], changes: Iterable[Change]) -> list[Change]:
    """The sensors the plan read (`changes`: a THREAD's) under each logger one of its `writes` creates
    a sensor on (or moves one onto) a channel of: apply reads them by id just before its first write
    (apply/thread.py `_channel_taken_now`), one `getSensors` more where no sensor is updated, which
    plan/impact.py counts."""
    loggers = {change.address.parent_text for change in writes if channel_written(change) is not None}
    if not loggers:
        return []
    return [
        change
        for change in changes
        if change.kind is Kind.SENSOR
        and change.live_id
        and change.before is not None
        and change.address.parent_text in loggers
    ]


def _shared_channel_refusals(changes: list[Change]) -> list[Refusal]:
    """Why the plan is refused: a channel of a logger that two sensors are on once it is applied
    (`channels_shared`), whether the plan puts them there or finds them there. Filed at the logger,
    about its sensors on the channel: a selection of any of them is refused, in sync or not."""
    problems = []
    for (logger, channel), holders in channels_shared(changes, lambda _: True):
        kept = [holder for holder in holders if holder.cause is Cause.NOT_REMOVABLE]
        arriving = [holder for holder in holders if channel_written(holder) == channel]
        if len(holders) == 2 and len(kept) == 1 and len(arriving) == 1:
            text = _one_channel_two_sensors(arriving[0], kept[0], channel)
        else:
            text = _one_channel_many_sensors(logger, channel, holders)
        problems.append(Refusal(Address(logger), text, tuple(holder.address for holder in holders)))
    return problems


def _unreadable_channel_refusals(changes: list[Change]) -> list[Refusal]:
    """Why a sensor is not created on (or moved onto) a channel of a logger whose other sensor holds
    its MUX_INDEX in a form iotplan cannot read as a whole number (`true`, `"x"`, `1.5`), written by
    another tool, and left so by the plan: it may be on that channel (`_may_be_on`), and which one it
    is on is not iotplan's to guess. Filed at the logger, as a shared channel is."""
    unreadable = [change for change in changes if _channel_unreadable(change)]
    problems = []
    for change in changes if unreadable else ():
        channel = channel_written(change)
        logger = change.address.parent_text or ""
        for holder in unreadable:
            if channel is not None and holder.address.parent_text == logger and holder is not change:
                value = (holder.before or {})["mux_index"]
                if _may_be_on(value, channel):
                    text = _channel_unread(change, holder, channel, value)
                    problems.append(Refusal(Address(logger), text, (change.address, holder.address)))
    return problems


def _channel_unreadable(change: Change) -> bool:
    """A sensor that holds a MUX_INDEX no whole number reads (`integral_number`) once the plan is
    applied: one kept, or one whose entry declares none."""
    held = (change.before or _NO_FIELDS).get("mux_index")
    return (
        change.kind is _SENSOR
        and held is not None
        and integral_number(held) is None
        and channel_held(change, True) is None
    )


def _may_be_on(value: Any, channel: int) -> bool:
    """Whether a MUX_INDEX held as `value` may be `channel`: `true` 1 (`false` 0), a fraction either
    whole number beside it, text of a number as that number, anything else any channel."""
    if isinstance(value, bool):
        return int(value) == channel
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return True
    if isinstance(value, float) and math.isfinite(value):
        return math.floor(value) <= channel <= math.ceil(value)
    return True


def _channel_unread(entity: Change, holder: Change, channel: int, value: Any) -> str:
    undeclared = ", which the manifest does not declare" if holder.cause is Cause.NOT_REMOVABLE else ""
    return printable(
        f"{entity.address}: mux_index {channel} may be the channel of {holder.address} ({holder.live_id}, "
        f"{_holding(holder)}){undeclared}: its MUX_INDEX is {live_text(json.dumps(value))}, which iotplan "
        "cannot read as a channel, and two sensors on one channel of a logger are never right. Set that "
        "sensor's MUX_INDEX in the platform's web app to the channel it is on (or remove it there if it is "
        f"gone; the API documents no removal){_channel_unread_way_out(holder, value)}, then plan again"
    )


def _channel_unread_way_out(holder: Change, value: Any) -> str:
    """What else ends a refusal beside `holder`'s unread MUX_INDEX: another channel for the new entry
    where `value` may be one or two (`true`, 1.5), but a value naming no number (`"x"`) may be every
    channel, so another is refused again: the kept sensor declared with its channel then, which
    writes its MUX_INDEX (a key a manifest cannot hold offers nothing)."""
    if not _names_no_number(value):
        return ", or give this entry another `mux_index`"
    if holder.cause is not Cause.NOT_REMOVABLE:
        return ", or give its entry the `mux_index` of the channel it is on"
    key = own_segment(holder.live_id or "")
    if not KEY_PATTERN.fullmatch(key):
        return ""
    return f", or declare it in the manifest (`key: {key}`, with the `mux_index` of the channel it is on)"


def _names_no_number(value: Any) -> bool:
    """Whether a MUX_INDEX held as `value` reads as no number (`"x"`, a list): `_may_be_on` any channel."""
    if isinstance(value, bool | int):
        return False
    if isinstance(value, float):
        return not math.isfinite(value)
    try:
        return not math.isfinite(float(value.strip())) if isinstance(value, str) else True
    except ValueError:
        return True


def _one_channel_two_sensors(entity: Change, taken: Change, channel: int) -> str:
    """A sensor created or moved onto the channel of one the manifest does not declare: a renamed key
    (a new id) beside the kept old sensor, or loggers whose serials were swapped."""
    held = f", {_holding(taken)}" if taken.observations or not taken.observations_unknown else ""
    taken_id = taken.live_id or ""
    key = own_segment(taken_id)
    # A key the manifest refuses (`pz‐1`, U+2010; an escape sequence) is no way back: not offered.
    key_back = f" (or its key back, `{key}`)" if KEY_PATTERN.fullmatch(key) else ""
    return printable(  # all on one line: the live id (and its key) escaped wherever it is shown
        f"{entity.address}: mux_index {channel} is the channel of {taken.address} ({taken_id}{held}), "
        "which the manifest does not declare: two sensors on one channel of a logger are never right. If "
        f"this is that sensor under a new key, keep its history by giving this entry `id: "
        f"{_id_to_write(taken_id)}`{key_back}; if that sensor is gone, remove it in the platform's web app "
        "first (the API documents no removal); or correct this entry's `mux_index`, or its logger's `serial`"
    )


def _id_to_write(live_id: str) -> str:
    """A live id as an `id:` to write: one holding non-ASCII characters escaped as YAML reads it
    back (`pz\\u20101`), as typed from the screen it would name the id it looks like."""
    return live_id if live_id.isascii() else escaped_for_yaml(live_id)


def _one_channel_many_sensors(logger: str, channel: int, holders: list[Change]) -> str:
    each = " and of ".join(f"{holder.address} ({_how_on(holder, channel)})" for holder in holders)
    return printable(
        f"{logger}: mux_index {channel} would be the channel of {each}: two sensors on one channel of a "
        "logger are never right, and which of them holds the channel's history is not iotplan's to guess; "
        "give one of them another `mux_index`"
    )


def _how_on(holder: Change, channel: int) -> str:
    """How a sensor comes to be on `channel` once the plan is applied, and what it holds."""
    if holder.action is Action.CREATE:
        return "created on it"
    if holder.cause is Cause.NOT_REMOVABLE:
        how = f"on it now, {holder.live_id}, which the manifest does not declare"
    elif channel_written(holder) == channel:
        how = f"moved onto it from mux_index {channel_held(holder, False)}"
    elif (holder.after or {}).get("mux_index") is None:
        how = "on it now, its entry declaring no `mux_index`"
    else:
        how = "on it now, as the manifest says"
    return f"{how}; {_holding(holder)}"


def _holding(change: Change) -> str:
    return observations(change.observations, change.observations_unknown)


def _copy_or_swap(entity: DesiredEntity, copy: LiveEntity) -> str:
    """Why an undeclared sibling of the same serial or name stops the plan: created before under an
    id the platform chose itself, or, a logger of another serial, the one this logger replaced."""
    copy_id = printable(copy.id)  # the platform's text: whole, for the `id:` that adopts it
    found = f"{entity.address}: not found as {entity.thread_id}, but {copy_id} in the same place"
    if _folded_id(copy.id) == _folded_id(entity.thread_id or ""):
        return _in_another_case(entity, copy)
    alike = _id_look_alike(copy.id, entity.thread_id or "")
    if alike is not None:
        return _beside_a_look_alike(entity, copy, alike)
    if _type_edited(entity, copy):
        return _type_cannot_change(entity, copy)
    earlier = (
        "on a platform that did not keep the id iotplan chose (docs/api-assumptions.md A13). Adopt it "
        f"with `id: {copy_id}`"
    )
    if entity.kind is not Kind.DEVICE or _same_segment(copy.id, own_segment(entity.thread_id or "")):
        return f"{found} carries its name or serial: likely an earlier copy {earlier}"
    serial = live_text(own_segment(copy.id))
    return (
        f"{found} carries its name with serial {serial}: either the logger was swapped, and "
        "the new one is a new device, with a new id and no history (the old one keeps its history, and "
        "no removal is documented): give the new one another `name` (remove the old one in the "
        f"platform's web app if it should go); or the old one is an earlier copy {earlier}"
    )


def _type_edited(entity: DesiredEntity, copy: LiveEntity) -> bool:
    """A live logger of this one's serial but another type: its id differs in the type segment only.
    Its type is what the manifest's `type` was before it was edited, not a copy the platform made."""
    same_serial = _same_segment(copy.id, own_segment(entity.thread_id or ""))
    wanted = entity.template
    return entity.kind is Kind.DEVICE and same_serial and bool(wanted and copy.type) and copy.type != wanted


def _type_cannot_change(entity: DesiredEntity, live: LiveEntity) -> str:
    """Docs/api-assumptions.md A17: a type is part of what the entity is."""
    return (
        f"{entity.address}: {printable(live.id)} is a {live.type}, not a {entity.template}: a type cannot "
        "be changed, and the API documents no removal; give this entity another key (or `id`), or declare "
        "its type"
    )


def _retyped(entity: DesiredEntity, live: LiveEntity) -> str:
    """The reason on the line of an entity whose type is declared otherwise than the platform's."""
    return f"a {live.type} on the platform, declared a {entity.template}"


def _with_serial_edited(
    change: Change, logger: LiveEntity, sensors: Sequence[LiveEntity], families: Sequence[Family]
) -> Change:
    """A logger whose serial the platform shows was edited (`logger_serial_edited`) keeps its plan, with a
    note: nothing to write makes it drift (cause DIFFERS), not in sync. Never refused: the reference
    does not say a logger's SERIAL_NO is its id's serial (a platform may give it its hardware's), and
    an update resends the one the platform holds (apply/thread.py `_must_resend`)."""
    note = logger_serial_edited(change.address, logger, sensors, families)
    if note is None:
        return change
    if change.action is not Action.NOOP:
        return dataclasses.replace(change, reason=f"{change.reason}; {note}")
    return dataclasses.replace(change, cause=Cause.DIFFERS, reason=note)


def _with_sensor_serial_edited(
    change: Change,
    sensor: LiveEntity,
    logger: LiveEntity,
    siblings: Sequence[LiveEntity],
    families: Sequence[Family],
) -> Change:
    """A sensor is created carrying its logger's serial (the reference's createSensor answer): one
    the platform shows edited behind iotplan (`sensor_serial_edited`).
    Noted as a logger is (`_with_serial_edited`), never refused: iotplan finds a sensor by its id."""
    note = sensor_serial_edited(change.address, sensor, logger, siblings, families)
    if note is None:
        return change
    if change.action is not Action.NOOP:
        return dataclasses.replace(change, reason=f"{change.reason}; {note}")
    return dataclasses.replace(change, cause=Cause.DIFFERS, reason=note)


def logger_serial_edited(
    address: Address, logger: LiveEntity, sensors: Sequence[LiveEntity], families: Sequence[Family] = ()
) -> str | None:
    """The note on a logger whose SERIAL_NO the platform shows edited, else None. Where loggers get
    their id's serial (`ids_serials_given`), one holding another is edited; else only a logger family
    that disagrees shows an edit (`family_disagrees`), and which was edited is not told. A blank one is
    no serial edited to another: said dropped (plan/thread_identity.py)."""
    serial = logger.ref_id  # a number another tool wrote compared as text, never skipped
    if serial is None or not serial.strip():
        return None
    if ids_serials_given(logger, families):
        serial_given = own_segment(logger.id)
        same = same_serial(serial, serial_given)
        return None if same else _id_serial_note(address, logger, "its id", serial_given)
    return _family_note(address, logger, logger, sensors) if family_disagrees(logger, sensors) else None


def sensor_serial_edited(
    address: Address,
    sensor: LiveEntity,
    logger: LiveEntity,
    siblings: Sequence[LiveEntity] = (),
    families: Sequence[Family] = (),
) -> str | None:
    """The note on a sensor whose SERIAL_NO the platform shows edited, else None: as its logger's
    (`logger_serial_edited`), a sensor being created carrying its logger's serial (the reference's
    createSensor answer). `siblings`: its logger's sensors as read, itself among them or not (added)."""
    serial = sensor.ref_id
    if serial is None or not serial.strip():
        return None
    if ids_serials_given(logger, families):
        serial_given = own_segment(logger.id)
        same = same_serial(serial, serial_given)
        return None if same else _id_serial_note(address, sensor, "its logger's id", serial_given)
    family = [*siblings, *([] if any(each.id == sensor.id for each in siblings) else [sensor])]
    return _family_note(address, sensor, logger, family) if family_disagrees(logger, family) else None


def _id_serial_note(address: Address, entity: LiveEntity, whose: str, serial_given: str) -> str:
    """Serials quoted masked (`_serial_quoted`): a SERIAL_NO typed in the web app is anyone's text, a
    URL with its password as well, and this note goes to saved plans and CI reports."""
    serial = _serial_quoted(serial_given)
    swapped = (
        "; if the logger was swapped, declare the new one under its own `serial` and another `name` (a new "
        "device, with no history)"
        if whose == "its id"
        else ""
    )
    held = _serial_quoted(entity.props.get("SERIAL_NO"))
    return (
        f"{address}: {printable(shown_id(entity.id) or '')} reads SERIAL_NO {held} on the platform, "
        f"while {whose}'s serial is {serial}: this platform gives a logger its id's serial (every other "
        "logger family of the THREADs the manifest declares that agrees holds its id's) and a sensor its "
        "logger's, so it was edited behind iotplan (typed in the web app). iotplan finds it by its id and "
        f"writes no SERIAL_NO back; if the edit was a mistake, restore it to {serial} in the platform's "
        f"web app{swapped}"
    )


def _family_note(
    address: Address, entity: LiveEntity, logger: LiveEntity, sensors: Sequence[LiveEntity]
) -> str:
    """Hedged: which of a family that disagrees was edited is not told (`ids_serials_given`)."""
    held = _serial_quoted(entity.props.get("SERIAL_NO"))
    return (
        f"{address}: {printable(shown_id(entity.id) or '')} reads SERIAL_NO {held} on the platform, "
        f"while {family_held(logger, sensors)}: a logger's sensors are created carrying its serial, so "
        "one or more was edited behind iotplan (typed in the web app, or a logger swapped), and where "
        "loggers may hold serials of their own iotplan cannot tell which were edited. iotplan finds each "
        "by its id and writes no SERIAL_NO back; check them in the platform's web app and restore the "
        "edited ones there; if the logger was swapped, declare the new one under its own `serial` and "
        "another `name` (a new device, with no history)"
    )


def _serial_quoted(serial: Any) -> str:
    """Not text (a number another tool wrote), it is said so: it reads like the text it is not."""
    if isinstance(serial, str):
        return live_quoted(shown_serial(serial))
    return f"{live_quoted(serial)} ({json_kind(serial)}, not text)"


def _in_another_case(entity: DesiredEntity, copy: LiveEntity) -> str:
    """As for a THREAD (`_absent`): created, the pair would be one entity to a platform that ignores
    case ("already exists"), width or invisible characters, and two that `import` refuses to write
    where it does not. Told by how they differ; beyond case, the live id escaped (`FoldedAlike.shown`),
    its look-alike characters unreadable."""
    declared = entity.thread_id or ""
    alike = _how_ids_differ(declared, copy.id)
    shown = alike.shown(copy.id) if alike.in_encoding else printable(copy.id)
    same = "in another case" if alike.how == "case" else f"but for {alike.how}"
    return (
        f"{entity.address}: not found as {declared}, but {shown} in the same place is the same id {same}, "
        f"which the platform may not tell apart from it: {_adopting(entity, copy, alike)}; iotplan never "
        f"creates a logger or sensor whose id differs only in {alike.folded} from another"
    )


def _beside_a_look_alike(entity: DesiredEntity, copy: LiveEntity, alike: LookAlike) -> str:
    """As a REST entity beside a look-alike is refused (plan/copies.py `_beside_a_look_alike`): read
    alike, it may be the logger or sensor meant, made by another writer, and one created beside it a
    second reading alike, its history in the other. The live id escaped, its look-alike unreadable;
    adopted by that escaped `id:` where the manifest can hold it (`_adopting`)."""
    declared = entity.thread_id or ""
    part = "serial" if entity.kind is Kind.DEVICE else "key"
    shown = FoldedAlike(declared, copy.id)  # differing beyond case: shown escaped, as YAML reads it back
    return (
        f"{entity.address}: not found as {declared}, but {escaped_for_yaml(copy.id)} in the same place reads "
        f"as it: its {part} {escaped_for_yaml(alike.text)} {alike.note(repr(alike.other))}: read alike, it "
        f"may be the {entity.kind} meant: {_adopting_look_alike(entity, copy, shown)}; iotplan never creates "
        "a logger or sensor beside a live one whose id only looks like its own"
    )


def _adopting_look_alike(entity: DesiredEntity, copy: LiveEntity, shown: FoldedAlike) -> str:
    """A sensor adopted by the escaped `id:` (no key holds its look-alike's characters), else a new key
    that reads otherwise; a logger as `_adopting` says, whose `serial:` cannot hold them."""
    if entity.kind is Kind.DEVICE:
        return _adopting(entity, copy, shown)
    parent = (entity.thread_id or "").rsplit("/", 2)[0]
    if not copy.id.startswith(parent + "/"):
        return _not_adoptable(parent)
    return f"adopt it with `id: {escaped_for_yaml(copy.id)}`, or give this entry a key that reads otherwise"


def _adopting(entity: DesiredEntity, copy: LiveEntity, alike: FoldedAlike) -> str:
    """What adopts a copy in another case, offering only what validate accepts: a logger's `id:`
    must carry its `serial:` as written (manifest/thread_checks.py `_other_serial`), and any `id:`
    must begin with its parent's id as declared. An id differing in more than case is given quoted
    and escaped, as YAML reads it back (`FoldedAlike.shown`)."""
    declared = entity.thread_id or ""
    copy_id = alike.shown(copy.id) if alike.in_encoding else printable(copy.id)
    parent = declared.rsplit("/", 3 if entity.kind is Kind.DEVICE else 2)[0]
    under_parent = copy.id.startswith(parent + "/")
    if entity.kind is not Kind.DEVICE:
        adopt = f"adopt it with `id: {copy_id}` (or correct the sensor's key)"
        return adopt if under_parent else _not_adoptable(parent)
    serial = own_segment(copy.id)
    if serial == own_segment(declared):
        return f"adopt it with `id: {copy_id}`" if under_parent else _not_adoptable(parent)
    if not SEGMENT.fullmatch(serial):  # a full-width letter, an invisible one: no `serial:` holds it
        return _serial_not_declarable(json.dumps(serial))
    reserialed = f"{declared.rsplit('/', 2)[0]}/{serial}/device"
    carried = f"set `serial: {json.dumps(serial)}`, the serial its id carries"
    if reserialed == copy.id:
        return carried
    return f"{carried}, and adopt it with `id: {copy_id}`" if under_parent else _not_adoptable(parent)


def _serial_not_declarable(serial: str) -> str:
    return (
        f"its serial {serial} is not one a `serial:` can hold (letters, digits, '.', '_' or '-'), and a "
        "logger's `id:` carries its `serial:`, so nothing can adopt it; leave this entry out, or remove "
        "that one in the platform's web app if it should go (its history goes with it)"
    )


def _not_adoptable(parent: str) -> str:
    return (
        f"its id is not under {printable(parent)} as the manifest spells it, so no `id:` can adopt it; "
        "leave this entry out, or remove that one in the platform's web app if it should go (its history "
        "goes with it)"
    )


@dataclass(frozen=True)
class _LeftBehind:
    """A live logger or sensor the manifest does not declare: a new one named like it starts without
    its history."""

    where: str  # its address in the plan, or its id on a THREAD the manifest does not declare
    thread: str  # the address or id of its THREAD
    logger: str | None  # a sensor's logger, its address or id
    held: Observations
    site: frozenset[str]  # its THREAD's names and its logger's serial: what ties it to a new one


# Read once: a member read through its class is a lookup each time, and history_left_behind's
# passes ask one of each of a plan's changes (a fleet's 111,100).
_CREATE, _NOT_REMOVABLE, _NODE = Action.CREATE, Cause.NOT_REMOVABLE, Kind.NODE


# A THREAD logger's box: its type and serial, folded as `validate` compares them (fold_ref_id).
Box = tuple[str, str]
# A THREAD and its logger: one the manifest does not declare, or one it declares and the logger kept
# there unmanaged, at its address (a box dropped there and declared under another THREAD: moved).
_Holder = tuple[LiveConnection, LiveEntity, Address | None]


def history_left_behind(
    changes: list[Change],
    other_threads: Iterable[LiveConnection],
    boxes: Mapping[Address, Box],
    declared_threads: Iterable[LiveConnection],
    kept_elsewhere: Sequence[Change] = (),
) -> list[Change]:
    """A new logger or sensor named like a kept one: moved, most likely. A THREAD sensor's id is under
    its logger's, a logger's under its THREAD's, so neither can move; the new one starts with no
    history, which stays on the old one. Said in the plan rather than refused (unlike a copy under the
    same logger, `_copy_or_swap`): nothing is lost or guessed, and it is how a logger swap, a move or a
    new gateway is made. Across the project: kept ones of every THREAD node, and the loggers and
    sensors of its THREADs the manifest does not declare; on another THREAD, only where the match
    is plausibly the same site (`_same_site`): in a fleet whose templates repeat names, every new
    sensor would otherwise name one of the swapped-out box's. A new logger whose entry writes its
    serial (`boxes`, by address) is told, too, of each logger of its type and serial under a THREAD
    the manifest does not declare, or kept unmanaged under another it declares (`declared_threads`),
    whatever the names (`_box_elsewhere`). Of a fleet in shards, `kept_elsewhere` holds what other
    shards keep under their THREADs (`kept_by_other_shards`), whose threads are among the declared."""
    other_threads = list(other_threads)  # walked twice
    kept = [*changes, *kept_elsewhere] if kept_elsewhere else changes
    thread_names = _thread_names(kept)
    behind: dict[tuple[str, Kind, str], list[_LeftBehind]] = {}
    for project_id, kind, name, left in (
        *_kept_ones(kept, thread_names),
        *_undeclared_ones(other_threads),
    ):
        if name:
            behind.setdefault((project_id, kind, name), []).append(left)
    held = _held_boxes(other_threads, declared_threads, kept) if boxes else {}
    if not behind and not held:
        return changes
    # Only a creation is said to leave history behind (`_left_behind`, which tests it again when
    # called alone): no call for the rest.
    return [
        _left_behind(change, behind, thread_names, boxes, held) if change.action is _CREATE else change
        for change in changes
    ]


def kept_by_other_shards(threads: Iterable[tuple[LiveConnection, str, Iterable[str]]]) -> list[Change]:
    """What the shard of each THREAD (its live connection, its key and its declared loggers' ids)
    keeps unmanaged there, as its plan keeps them: the loggers it does not declare, each with its
    sensors, and the THREAD's node (its name ties a site). Read from the project's lists, which a
    shard holding a THREAD reads anyway; a sensor it does not declare under a logger it declares is
    left out (`OtherNode.loggers` names no sensor), so only a moved box is told across shards."""
    plan = ThreadPlan()
    for connection, key, loggers in threads:
        declared = frozenset(loggers)
        address = Address(key)
        plan.changes.append(_node_named(address, connection))
        undeclared = [device for device in connection.devices if device.id not in declared]
        _all_kept(address, undeclared, connection, plan)
    return plan.changes


def _node_named(address: Address, connection: LiveConnection) -> Change:
    """A THREAD of another shard as its names are read here: its live NAME (`_thread_names`)."""
    node = connection.node
    return Change(
        address=address,
        kind=_NODE,
        action=Action.NOOP,
        cause=Cause.IN_SYNC,
        project_id=connection.project_id,
        connection=address.connection,
        reason="",
        live_id=node.id,
        before=live_fields("thread-node", node.props),
    )


def written_boxes(nodes: Iterable[DesiredEntity]) -> dict[Address, Box]:
    """Each declared THREAD logger whose entry writes its serial (`serial:` or `id:`), by address. A
    key alone names no box (README): a template's logger `vw` at each of its sites is one a site,
    as `validate` compares loggers only where one side writes a serial or id."""
    return {
        device.address: _box(device.template, device.written_serial)
        for node in nodes
        if node.on_thread
        for device in node.children
        if device.template and device.written_serial
    }


def _box(kind: str, serial: str) -> Box:
    return fold_ref_id(kind), fold_ref_id(serial)


def _held_boxes(
    others: Iterable[LiveConnection], declared: Iterable[LiveConnection], changes: Iterable[Change]
) -> dict[Box, list[_Holder]]:
    """The loggers of THREADs the manifest does not declare, and those kept unmanaged under THREADs it
    declares, by their TYPE and SERIAL_NO as the read holds them: never from their ids, whose type
    part a platform may spell its own way (`vw_logger`), or which may have another form than
    iotplan's. A kept one is a box the manifest dropped there: declared under another THREAD, it
    was moved, and its history stays."""
    kept = {
        change.live_id: change.address
        for change in changes
        if change.cause is _NOT_REMOVABLE and change.kind is Kind.DEVICE and change.live_id
    }
    holders: list[_Holder] = [
        *((thread, device, None) for thread in others for device in thread.devices),
        *(
            (thread, device, kept[device.id])
            for thread in declared
            for device in thread.devices
            if device.id in kept
        ),
    ]
    held: dict[Box, list[_Holder]] = {}
    for thread, device, address in holders:
        if device.type and device.ref_id:  # its SERIAL_NO
            held.setdefault(_box(device.type, device.ref_id), []).append((thread, device, address))
    return {box: sorted(holders, key=_by_ids) for box, holders in held.items()}


def _by_ids(holder: _Holder) -> tuple[str, str, str, str]:
    """Where a box's note names its holder: by its THREAD's id and its own, folded as refIds are, then
    as spelt. The lists give them in no kept order (docs/api-assumptions.md A5), and a saved plan's note
    is compared with the one made at apply: in list order, an unchanged platform read the other way
    round would be the file's edit."""
    thread, device, _ = holder
    return fold_ref_id(thread.node.id), fold_ref_id(device.id), thread.node.id, device.id


def _box_elsewhere(change: Change, holders: list[_Holder]) -> tuple[list[str], list[str]]:
    """THREAD entities carry no stack marker, so iotplan cannot tell a gateway swap (README: the new
    THREAD declares the old one's loggers) from another stack's THREAD holding the box: both
    readings, and nothing refused, as nothing is removed either way. A box kept under another THREAD
    this manifest declares was moved there from, its entry dropped: said apart. With the notes, the
    loggers they name, by id as they print it."""
    undeclared = [(thread, device) for thread, device, kept in holders if kept is None]
    kept = [
        (thread, device, address)
        for thread, device, address in holders
        if address is not None and address.connection != change.connection
    ]
    notes = [
        *([_box_on_undeclared(undeclared)] if undeclared else []),
        *([_box_kept(kept)] if kept else []),
    ]
    named = [printable(device.id) for _, device in undeclared] + [printable(d.id) for _, d, _ in kept]
    return notes, named


def _box_on_undeclared(holders: list[tuple[LiveConnection, LiveEntity]]) -> str:
    one = len(holders) == 1
    return (
        f"{_box_also_under(holders)}, which this manifest does not declare: if this is a gateway swap, that "
        "is expected (a THREAD logger cannot move to another THREAD, so this one starts with no history, "
        f"which stays on the old {'one' if one else 'ones'}); if {'that THREAD' if one else 'one of them'} "
        f"is another stack's, this apply makes a second device for one box: {_ONE_MANIFEST}"
    )


def _box_kept(holders: list[tuple[LiveConnection, LiveEntity, Address]]) -> str:
    one = len(holders) == 1
    where = joined([address for _, _, address in holders])
    return (
        f"{_box_also_under([(thread, device) for thread, device, _ in holders])}, kept there unmanaged as "
        f"{where}: moved from there, it starts with no history here (a THREAD logger cannot move to "
        f"another THREAD), which stays on the old {'one' if one else 'ones'}; {_NOT_MOVED}"
    )


def _box_also_under(holders: list[tuple[LiveConnection, LiveEntity]]) -> str:
    """`logger VW_LOGGER serial '032433' is also under THREAD /fn/4A1B2C/node (as ..., holding 500
    observations)`: what each note starts with, and what its count masked is (`history_counts_masked`)."""
    first = holders[0][1]
    where = " and ".join(
        f"THREAD {printable(thread.node.id)} (as {printable(device.id)}, holding {_held_by(thread, device)})"
        for thread, device in holders
    )
    return (
        f"logger {printable(first.type or '')} serial {printable(first.ref_id or '')!r} is also under {where}"
    )


_ONE_MANIFEST = "declare it in one manifest only"
_NOT_MOVED = "if the box was not moved, this apply makes a second device for it: check this entry's serial"


def history_notes_as_reviewed(saved: Change, fresh: Change, was: str, now: str) -> tuple[str, str]:
    """A new THREAD logger's or sensor's saved line (`was`) and its fresh one (`now`), as its review
    weighs them: where the notes name what the saved plan recorded they did (`histories_elsewhere`,
    since format 1.13), each whole, what they say others hold masked later (`history_counts_masked`);
    where they name another (a box put under another THREAD since, a namesake's first observation,
    one gone), each without them, the notes being the platform's (apply/stale.py tells a new one) and
    last on the line: the fresh one's as it recorded them, the saved one's as what follows the rest."""
    if frozenset(saved.histories_elsewhere) == frozenset(fresh.histories_elsewhere):
        return was, now
    notes = "".join(f"; {note}" for note in (*fresh.box_notes, *fresh.namesake_notes))
    rest = now.removesuffix(notes)
    after = was.removeprefix(rest)
    return (rest if after != was and after[:2] in ("", "; ") else was), rest


# What a history note says the one it names holds, and how many more of that name hold some: counts
# that grow while that one reports (`_box_elsewhere`, `_under_another_logger`, `_on_another_thread`).
_NOTED_HOLDS = re.compile(
    rf"(?<=, holding )(?:{OBSERVATIONS_PATTERN})(?=\))"
    rf"|(?<= has its name and keeps its )(?:{OBSERVATIONS_PATTERN})"
    r"(?: \((?:another of that name holds|[0-9][0-9,]* more of that name hold) observations too\))?(?=: )"
)


def history_counts_masked(reason: str) -> str:
    """A new THREAD logger's or sensor's line (as shown) without what its history notes say the ones
    they name hold: information that grows while those report, never what the apply writes, so a
    saved or confirmed plan is weighed without it (apply/edited.py)."""
    return _NOTED_HOLDS.sub("#", reason)


def _held_by(thread: LiveConnection, logger: LiveEntity) -> str:
    held = thread.held_by(logger, True)
    return observations(held.known, held.unknown)


def _thread_names(changes: Iterable[Change]) -> dict[str, frozenset[str]]:
    """Each THREAD node's names on the platform, now and as planned, by its address."""
    return {
        change.connection: frozenset(filter(None, (_name(change.before), _name(change.after))))
        for change in changes
        if change.kind is _NODE and change.on_thread
    }


def _site(thread_names: frozenset[str], entity_id: str | None, kind: Kind) -> frozenset[str]:
    """What ties a logger or sensor to a site: its THREAD's names and its logger's box, the type and
    serial parts of a logger's id (`.../dgsimlogger/032432/device`), each marked as which it is. A
    serial alone ties another box: a DEMO logger `032432` is not the VW_LOGGER of that serial, whose
    history its sensors were told of. The type part folded as iotplan writes it, so a
    platform's `dgsi_m_logger` is the `dgsimlogger` iotplan's id has."""
    logger_id = (entity_id or "") if kind is Kind.DEVICE else (entity_id or "").rsplit("/", 2)[0]
    parts = logger_id.split("/")
    box = (
        f"box:{_box(type_segment(parts[-3]), parts[-2])}" if len(parts) > 3 and parts[-1] == "device" else ""
    )
    return frozenset({*(f"name:{name}" for name in thread_names), *([box] if box else [])})


def _same_site(
    old: _LeftBehind, change: Change, thread_names: dict[str, frozenset[str]], boxes: Mapping[Address, Box]
) -> bool:
    """A new gateway at a site is most often declared with its node's `name` kept and only its `id`
    changed; a logger moved to another THREAD keeps its serial. Either ties the two: the serial only
    where the new one's entry writes it, as a key alone names no box (a fleet's `vw` at every site)."""
    logger = change.address if change.kind is Kind.DEVICE else change.address.parent
    serial_from = change.live_id if logger in boxes else None
    return bool(old.site & _site(thread_names.get(change.connection, frozenset()), serial_from, change.kind))


def _kept_ones(
    changes: Iterable[Change], thread_names: dict[str, frozenset[str]]
) -> Iterator[tuple[str, Kind, str, _LeftBehind]]:
    for change in changes:
        if change.cause is _NOT_REMOVABLE:
            logger = change.address.parent if change.kind is Kind.SENSOR else None
            held = change.held
            site = _site(thread_names.get(change.connection, frozenset()), change.live_id, change.kind)
            left = _LeftBehind(change.address, change.connection, logger, held, site)
            yield change.project_id, change.kind, _name(change.before), left


def _undeclared_ones(threads: Iterable[LiveConnection]) -> Iterator[tuple[str, Kind, str, _LeftBehind]]:
    for thread in threads:
        names = frozenset(filter(None, [_text(thread.node.props.get("NAME"))]))
        for device in thread.devices:
            held = thread.held_by(device, True)
            site = _site(names, device.id, Kind.DEVICE)
            left = _LeftBehind(device.id, thread.node.id, None, held, site)
            yield thread.project_id, Kind.DEVICE, _text(device.props.get("NAME")), left
            for sensor in thread.sensors_of(device):
                left = _LeftBehind(sensor.id, thread.node.id, device.id, thread.held_by(sensor, False), site)
                yield thread.project_id, Kind.SENSOR, _text(sensor.props.get("NAME")), left


def _left_behind(
    change: Change,
    behind: dict[tuple[str, Kind, str], list[_LeftBehind]],
    thread_names: dict[str, frozenset[str]],
    boxes: Mapping[Address, Box],
    held: Mapping[Box, list[_Holder]],
) -> Change:
    if change.action is not Action.CREATE or not change.on_thread:
        return change
    box = boxes.get(change.address) if change.kind is Kind.DEVICE else None
    holders = held.get(box, []) if box else []
    box_notes, boxes_named = _box_elsewhere(change, holders) if holders else ([], [])
    # Told once: the name's note leaves those out, by the id or (a kept one) the address it names.
    told = {where for _, device, address in holders for where in (device.id, address) if where}
    named = behind.get((change.project_id, change.kind, _name(change.after)), [])  # a create's NAME
    namesake = _namesake_note(change, named, told, thread_names, boxes)
    namesake_notes = [namesake[1]] if namesake else []
    if not box_notes and not namesake_notes:
        return change
    return dataclasses.replace(
        change,
        reason="; ".join([change.reason, *box_notes, *namesake_notes]),
        histories_elsewhere=(*boxes_named, *([namesake[0].where] if namesake else [])),
        box_notes=tuple(box_notes),
        namesake_notes=tuple(namesake_notes),
    )


def _namesake_note(
    change: Change,
    named: list[_LeftBehind],
    told: set[str | Address],
    thread_names: dict[str, frozenset[str]],
    boxes: Mapping[Address, Box],
) -> tuple[_LeftBehind, str] | None:
    """The namesake a new logger or sensor is told of, with the note: one under another logger of its
    THREAD (moved), else one holding data on another THREAD of the same site (`_same_site`), not
    named already by a box's note (`told`)."""
    moved = [
        old
        for old in named
        if old.thread == change.connection and old.logger not in (None, change.address.parent)
    ]
    if moved:
        old = _first_by_id(moved)
        return old, _under_another_logger(old)
    elsewhere = [
        old
        for old in named
        if old.thread != change.connection
        and old.where not in told
        and old.held.holds_data
        and _same_site(old, change, thread_names, boxes)
    ]
    if not elsewhere:
        return None
    old = _first_by_id(elsewhere)
    return old, _on_another_thread(change.kind, old, len(elsewhere))


def _under_another_logger(old: _LeftBehind) -> str:
    return (
        f"{old.where} under another logger has its name and keeps its "
        f"{observations(old.held.known, old.held.unknown)}: a THREAD sensor cannot move between loggers, "
        "so this one starts with no history"
    )


def _on_another_thread(kind: Kind, old: _LeftBehind, holding: int) -> str:
    """`old`, the first by id (`_first_by_id`) of the `holding` that hold data under that name, and
    how many more do."""
    more = {1: "", 2: " (another of that name holds observations too)"}.get(
        holding, f" ({holding - 1} more of that name hold observations too)"
    )
    what = "logger" if kind is Kind.DEVICE else "sensor"
    return (
        f"{old.where} on another THREAD has its name and keeps its "
        f"{observations(old.held.known, old.held.unknown)}{more}: a THREAD {what} cannot move to another "
        "THREAD, so this one starts with no history"
    )


def _first_by_id(namesakes: list[_LeftBehind]) -> _LeftBehind:
    """Of the namesakes under other loggers or on other THREADs, the one a note names: the first by its
    id (or a kept one's address), folded as refIds are, then as spelt. Never by what each holds, which
    grows while they report, nor by list order, which the platform does not keep (A5): a saved plan's
    note is compared with the one made at apply, and one naming another is the platform's change."""
    return min(namesakes, key=lambda each: (fold_ref_id(str(each.where)), str(each.where)))


def _name(fields: Mapping[str, Any] | None) -> str:
    return _text((fields or {}).get("name"))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _all_kept(
    parent: Address,
    kept: list[LiveEntity],
    connection: LiveConnection,
    plan: ThreadPlan,
    declared: Sequence[str] = (),
) -> None:
    """Each kept entity's change, by its address: the platform lists them in no set order (A5, the
    `unstable-list-order` variant), and the notes that name them (a shared or cut-off port) would
    change a plan's text and digest from one read to the next. `declared`: the ids of its declared
    siblings, one of which it may only look like (`_reads_as_declared`)."""
    keys = _kept_keys(kept)
    for entity in sorted(kept, key=lambda each: keys[each.id]):
        _kept(parent.child(keys[entity.id]), entity, connection, plan, declared)


def _kept(
    address: Address,
    entity: LiveEntity,
    connection: LiveConnection,
    plan: ThreadPlan,
    declared: Sequence[str] = (),
) -> None:
    """Reported, never touched; a kept device's sensors are kept with it."""
    is_device = entity.id.endswith("/device")
    kind = Kind.DEVICE if is_device else Kind.SENSOR
    sensors = connection.sensors_of(entity) if is_device else []
    held = connection.held_by(entity, is_device)
    plan.changes.append(
        Change(
            address=address,
            kind=kind,
            action=Action.UNMANAGED,
            cause=Cause.NOT_REMOVABLE,
            project_id=connection.project_id,
            connection=address.connection,
            reason=_not_removable(held) + _reads_as_declared(entity.id, declared),
            live_id=entity.id,
            template=entity.type,
            before=live_fields(f"thread-{kind}", entity.props),
            observations=held.known,
            observations_unknown=held.unknown,
            fingerprint=fingerprint(entity),
        )
    )
    _all_kept(address, sensors, connection, plan)


def _reads_as_declared(live_id: str, declared: Sequence[str]) -> str:
    """A note on a kept entity's line whose id only looks like a declared sibling's (`_id_look_alike`):
    its address key shows its own segment as it is, which reads as the declared key; the note shows
    its id escaped, and how the two differ."""
    for each in declared:
        alike = _id_look_alike(live_id, each)
        if alike is not None:
            return (
                f"; its id {escaped_for_yaml(live_id)} only reads as {each}, declared beside it: it "
                f"{alike.note(repr(alike.other))}"
            )
    return ""


def _not_removable(held: Observations) -> str:
    """What a kept entity holds said on its line, as a copy's is: the history its removal in the web
    app would take (a logger's, its sensors')."""
    return f"not in the manifest ({observations(held.known, held.unknown)}); {NOT_REMOVABLE}"


def _kept_keys(siblings: Sequence[LiveEntity]) -> dict[str, str]:
    """Each kept sibling's address key, by id, told apart where their ids' own parts are one: loggers
    of one serial and two types (`.../vwlogger/AB/device`, `.../demo/AB/device`) are `#AB.vwlogger`
    and `#AB.demo`, and any still alike `#AB.` and a digest of the id."""
    keys = _unique({entity.id: _kept_key(entity.id) for entity in siblings}, _typed_key)
    return _unique(keys, _digested_key)


def _unique(keys: dict[str, str], instead: Callable[[str], str]) -> dict[str, str]:
    """`keys` (by id), where two are one, each of those given `instead`."""
    counts = Counter(keys.values())
    return {entity_id: key if counts[key] == 1 else instead(entity_id) for entity_id, key in keys.items()}


def _typed_key(entity_id: str) -> str:
    """`#` and the id's own part followed by its type part: `.../vwlogger/AB/device` → `#AB.vwlogger`
    (only for a plain own part: one holding a secret is keyed by a digest of the whole id already)."""
    parts = entity_id.rstrip("/").split("/")
    if len(parts) < 3 or identity_holds_a_secret(parts[-3]):
        return _digested_key(entity_id)
    return f"#{own_segment(entity_id)}.{parts[-3]}"


def _digested_key(entity_id: str) -> str:
    return f"#{own_segment(entity_id)}.{identity_digest(entity_id)}"


def _kept_key(entity_id: str) -> str:
    """The address key of a THREAD entity kept as found: `#` and its id's own part, or, where that
    part holds a secret, `(sensitive)#` and a digest of the id, which tells kept entities apart."""
    segment = own_segment(entity_id)
    if not identity_holds_a_secret(segment):
        return f"#{segment}"
    return f"{MASKED}#{identity_digest(entity_id)}"


def _compared(entity: DesiredEntity, live: LiveEntity, plan: ThreadPlan, held: Observations) -> Change:
    before = live_fields(f"thread-{entity.kind}", live.props)
    wanted = entity.template
    retyped = entity.kind is not Kind.NODE and bool(wanted and live.type and wanted != live.type)
    if retyped:  # a --target of a sensor beneath it, in sync, is told it too (plan/select.py)
        beneath = tuple(child.address for child in walk(entity.children))
        plan.problems.append(Refusal(entity.address, _type_cannot_change(entity, live), about_also=beneath))
    fields = tuple(differences(before, entity.fields))
    common: dict[str, Any] = {
        "address": entity.address,
        "kind": entity.kind,
        "project_id": entity.project_id,
        "connection": entity.connection,
        "live_id": live.id,
        "live_ref_id": live.ref_id,  # its SERIAL_NO as read: an update resends it (apply/thread.py)
        "template": live.type or wanted,
        "before": before,
        "after": entity.fields,
        "observations": held.known,
        "observations_unknown": held.unknown,
        "live_created": _created(live) if entity.kind is Kind.NODE else None,
    }
    if not fields:  # an in-sync logger or node is not counted, as over REST: its sensors carry theirs
        # Retyped, nothing is written, but it is not in sync: drift lists it so (plan/drift_entries.py).
        cause, reason = (Cause.DIFFERS, _retyped(entity, live)) if retyped else (Cause.IN_SYNC, "in sync")
        counted = entity.kind is Kind.SENSOR
        return Change(**common, action=Action.NOOP, cause=cause, reason=reason, counted=counted)
    return Change(
        **common,
        action=Action.UPDATE,
        cause=Cause.DIFFERS,
        fields=fields,
        reason="differs from the manifest",
        fingerprint=fingerprint(live),
        touches_data_model=_rereads_history(fields),
    )


def _created(live: LiveEntity) -> str | None:
    created = live.props.get("CREATION_DATE")
    return created if isinstance(created, str) else None


# What a logger's or sensor's existing history means: the channel its readings come from, the
# reference its derived metrics are computed from (ZERO_DATE, a "metric parameter" in the vendor's
# reference), the logger's mode. Changed, the history already recorded reads differently, as it does
# when an API sensor's metrics or units change (guarded by --allow-data-model-change alike).
def _rereads_history(fields: Iterable[FieldChange]) -> bool:
    return any(change.rereads_history for change in fields)


@dataclass(frozen=True)
class HeldUnlike:
    """How a THREAD logger or sensor JSON-RPC answers differs from what the plan creates at its id."""

    retyped: str | None  # its type there, where another than the declared one (A17: never changes)
    fields: tuple[FieldChange, ...]  # each declared field it reads otherwise, from its value there
    serial: str | None = None  # the note on a SERIAL_NO edited behind iotplan, as the plan words it

    def __bool__(self) -> bool:
        return self.retyped is not None or bool(self.fields) or self.serial is not None


def held_unlike(
    change: Change,
    entity: Mapping[str, Any],
    logger: Mapping[str, Any] | None,
    sensors: Sequence[Mapping[str, Any]],
    families: Sequence[Family] = (),
) -> HeldUnlike:
    """How the entity JSON-RPC answers (`{"id", "type", "props"}`) at the id `change` creates differs
    from it: what the plan, once the REST lists show the entity, compares alike (`_compared`), and the
    SERIAL_NO it checks (`_with_serial_edited`, `_with_sensor_serial_edited`): a sensor's against its
    `logger`'s, a logger's against its `sensors`', each as JSON-RPC answers it; `families`: the plan's
    logger families (`ids_serials_given`), a sensor's siblings among them. Props that are not an
    object read as none: every declared field then differs, nothing taken as held."""
    read = live_fields(f"thread-{change.kind}", _props(entity))
    live_type, declared = entity.get("type"), change.template
    retyped = live_type if isinstance(live_type, str) and declared and live_type != declared else None
    live = _held_entity(entity)
    if change.kind is Kind.DEVICE:
        held = [_held_entity(each) for each in sensors]
        serial = logger_serial_edited(change.address, live, held, families)
    elif logger is not None:
        parent = _held_entity(logger)
        siblings = next((s for o, s in families if o.id == parent.id), [])
        serial = sensor_serial_edited(change.address, live, parent, siblings, families)
    else:
        serial = None
    return HeldUnlike(retyped, tuple(differences(read, dict(change.after or {}))), serial)


def _props(entity: Mapping[str, Any]) -> dict[str, Any]:
    props = entity.get("props")
    return dict(props) if isinstance(props, Mapping) else {}


def _held_entity(entity: Mapping[str, Any]) -> LiveEntity:
    """What JSON-RPC answers, as the plan reads a listed entity."""
    live_type = entity.get("type")
    return LiveEntity(
        str(entity.get("id")), _props(entity), type=live_type if isinstance(live_type, str) else None
    )


def differences(live: dict[str, Any], desired: dict[str, Any]) -> list[FieldChange]:
    """What must change for a THREAD entity whose fields read `live` (`live_fields`) to read as
    `desired`: the plan's comparison, which apply asks again of what JSON-RPC reads before an update
    (apply/thread.py `_declared_unlike_plan`)."""
    return field_changes(_same_numbers(_same_dates(live, desired), desired), desired)


def _same_dates(live: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
    """A ZERO_DATE the platform writes in another form (`.000Z`) for the same instant is in sync."""
    live_date, wanted = live.get("zero_date"), desired.get("zero_date")
    if isinstance(live_date, str) and isinstance(wanted, str) and instant(live_date) == instant(wanted):
        return {**live, "zero_date": wanted}
    return live


# A sensor's channel and a logger's port: whole numbers another tool may have stored as text or a
# decimal (`"4"`, `4.0`), read as the checks of shared channels and ports read them (channel_held,
# logger_port).
_WHOLE_NUMBERS = ("mux_index", "port")


def _same_numbers(live: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
    """A channel or port the platform holds in another form for the number declared is in sync."""
    for path in _WHOLE_NUMBERS:
        number = integral_number(live.get(path))
        if number is not None and number == integral_number(desired.get(path)):
            live = {**live, path: desired[path]}
    return live


def _creations(entity: DesiredEntity, reason: str) -> list[Change]:
    """The entity and everything under it, parents first, each with the id it will have."""
    return [
        Change(
            address=each.address,
            kind=each.kind,
            action=Action.CREATE,
            cause=Cause.NOT_ON_PLATFORM if each is entity else Cause.WITH_PARENT,
            project_id=each.project_id,
            connection=each.connection,
            reason=reason if each is entity else f"created with {entity.address}",
            live_id=each.thread_id,
            template=each.template or ("THREAD" if each.kind is Kind.NODE else None),
            after=_created_fields(each),
        )
        for each in walk([entity])
    ]


def _created_fields(entity: DesiredEntity) -> dict[str, Any]:
    """What a create writes: the NAME it needs (the key when the manifest gives none, A15), shown so;
    and for createNode the VERSION the manifest gives (sent once, never compared)."""
    named = {"name": name_sent(entity.fields, entity.address), **entity.fields}
    if entity.kind is Kind.NODE and entity.version:
        return {**named, "version": entity.version}
    return named


def _port_problems(
    node: DesiredEntity, gateway: LiveGateway | None, live: LiveConnection | None
) -> list[Refusal]:
    """A logger on a port this THREAD model lacks: known only once its gateway answered."""
    if gateway is None or gateway.status is not GatewayStatus.OK or not gateway.ports:
        return []
    on_platform = {device.id: device for device in live.devices} if live else {}
    return [
        Refusal(device.address, _not_a_port(device, gateway.ports, on_platform.get(device.thread_id or "")))
        for device in node.children
        if isinstance(device.fields.get("port"), int) and device.fields["port"] not in gateway.ports
    ]


def _not_a_port(device: DesiredEntity, ports: frozenset[int], live: LiveEntity | None) -> str:
    port = device.fields["port"]
    already = (
        f", though {live.id} is on port {port} on the platform"
        if live is not None and integral_number(live.props.get("EXTERNAL_PORT")) == port
        else ""
    )
    return (
        f"{device.address}: port {port} is not a port of this THREAD (it has "
        f"{', '.join(map(str, sorted(ports)))}){already}: set the logger's `port` to the one it is "
        "plugged into" + (", and the plan corrects the platform's device" if already else "")
    )


# Why a gateway's ports are not known, and what lets iotplan confirm them, each naming the gateway: a
# logger's reason says either alone. A held logger's reason ends with the why, which apply follows with
# when it was found ("the gateway is asleep when planned").
PORTS_UNREAD = {
    GatewayStatus.ASLEEP: ("the gateway is asleep", "plan again once the gateway is awake"),
    GatewayStatus.UNREACHABLE: ("the gateway did not answer", "make the gateway reachable and plan again"),
    GatewayStatus.RATE_LIMITED: (
        "the gateway answered 429 (rate limited)",
        "plan again once the gateway answers",
    ),
    GatewayStatus.UNREADABLE: (
        "the node's `edge` line shows the gateway's answer, which could not be read",
        "plan again once the gateway answers as its API documents",
    ),
    GatewayStatus.OK: (
        "the gateway did not say which ports it has",
        "plan again once the gateway lists its ports",
    ),
}
NO_EDGE_BLOCK = (
    "the node has no `edge:` block, so its gateway is not asked",
    "give the node `edge: {host: ...}` where its gateway answers, and plan again",
)


def _ports_unconfirmed(changes: list[Change], gateway: LiveGateway | None) -> list[Change]:
    """A logger to be created on a port its gateway could not confirm is held, with its sensors: on a
    port the model lacks it would be wrong, and the API documents no removal. Only it waits (the
    gateway may sleep for days), as `_port_problems` refuses one the gateway says it lacks. A logger
    moved to such a port is said on its line: an update can be undone. Only where the gateway is asked:
    a node with no `edge:` block could never confirm its port, so its logger is created, noted."""
    if gateway is None:
        why, todo = NO_EDGE_BLOCK
    elif gateway.status is GatewayStatus.MISMATCH or gateway.ports:
        return changes  # nothing is written, or the ports are known
    else:
        why, todo = PORTS_UNREAD[gateway.status]
    held = {c.address for c in changes if gateway is not None and _creates_on_unconfirmed_port(c)}
    return [_port_unconfirmed(change, why, todo, held) for change in changes]


def _unconfirmed_port(change: Change) -> int | None:
    """The port a logger change writes, when it is one that not every THREAD model has."""
    port = (change.after or {}).get("port")
    writes_port = change.action is Action.CREATE or any(f.path == "port" for f in change.fields)
    if change.kind is not Kind.DEVICE or not writes_port or port in PORTS_OF_EVERY_MODEL:
        return None
    return port if isinstance(port, int) else None


def _creates_on_unconfirmed_port(change: Change) -> bool:
    return change.action is Action.CREATE and _unconfirmed_port(change) is not None


def _port_unconfirmed(change: Change, why: str, todo: str, held: set[Address]) -> Change:
    port = _unconfirmed_port(change)
    if change.address in held:
        reason = (
            f"{change.reason}; held, not created: port {port} is not confirmed and some THREAD models have "
            "two ports; a logger created on a port its THREAD lacks cannot be removed through the API, so "
            f"iotplan does not guess; {todo}, since {why}"
        )
        return _held(change, reason)
    if change.address.parent in held:
        reason = f"not on the platform; held with {change.address.parent}, whose port is not confirmed"
        return _held(change, reason)
    if port is None:
        return change
    reason = f"{change.reason}; {_unconfirmed_note(str(port), why)}"
    return dataclasses.replace(change, reason=reason)


_TWO_PORTS = "some THREAD models have two ports"


def _unconfirmed_note(port: str, why: str) -> str:
    return f"port {port} not confirmed: {why}; {_TWO_PORTS}"


# That note where its gateway was asked and could not say (`PORTS_UNREAD`): its why is what the
# gateway did when the plan was made (asleep, silent), as a saved plan's line reads it (apply/edited.py).
_UNREAD_WHYS = "|".join(re.escape(why) for why, _ in PORTS_UNREAD.values())
_UNREAD_NOTE = re.compile(rf"; port (?P<port>\d+) not confirmed: (?:{_UNREAD_WHYS}); {_TWO_PORTS}")


def unconfirmed_notes_as_reviewed(saved: Change, fresh: Change) -> tuple[str, str]:
    """A logger's saved line and its fresh one, their reasons as its review weighs them: the note
    that its port is not confirmed, where its gateway was asked and could not say, tells what the
    gateway did when each plan was made (asleep, silent, rate limited), the platform's doing: its why
    masked where both lines have it, left out of the one line that alone has it (the gateway answered
    for one plan only: one made while it answered confirmed the port) only where it is the note the
    plan writes there (`_note_written`). The port it names is the line's own (`after`, weighed
    apart); any other word of it edited, or the note moved or put on another line, is the file's."""
    masked_was, in_was = _UNREAD_NOTE.subn(_why_masked, saved.reason)
    masked_now, in_now = _UNREAD_NOTE.subn(_why_masked, fresh.reason)
    if bool(in_was) == bool(in_now):
        return masked_was, masked_now
    return _without_note_written(saved), _without_note_written(fresh)


def _without_note_written(change: Change) -> str:
    """A line's reason without its note that the port is not confirmed where it is the one
    `_port_unconfirmed` writes: naming the port the line writes (`_unconfirmed_port`), after the rest
    of the reason and before its port-sharing notes, which `_shared_ports` adds after it. Any other
    stays, to be weighed as the file's."""
    port = _unconfirmed_port(change)
    sharing = "".join(f"; {note}" for note in port_sharing_notes(change))
    for note in _UNREAD_NOTE.finditer(change.reason):
        if note["port"] == str(port) and change.reason[note.end() :] == sharing:
            return change.reason[: note.start()] + sharing
    return change.reason


def _why_masked(note: re.Match[str]) -> str:
    return f"; {_unconfirmed_note(note['port'], '#')}"


def _held(change: Change, reason: str) -> Change:
    """Not written this run; pending, so apply exits 1 until the port is confirmed."""
    return dataclasses.replace(change, action=Action.PENDING, cause=Cause.PORT_UNCONFIRMED, reason=reason)


def _shared_ports(node: DesiredEntity, changes: list[Change]) -> list[Change]:
    """A note, not a refusal, on the lines of loggers of the node (one declared at least, the other
    declared or kept) that share a port not declared RS485 (by `comm_type` or `mode`): only RS-485 is
    multi-drop, so on any other port a `port:` typo is the likely cause; on RS-485, sharing is how loggers
    are wired."""
    shared = {
        port: loggers
        for port, loggers in loggers_by_port(changes).items()
        if _one_declared_among(loggers) and not _multi_drop(_interfaces(node, port))
    }
    if not shared:
        return changes
    return [_sharing(change, node, shared) for change in changes]


def loggers_by_port(changes: Iterable[Change]) -> dict[int, list[Change]]:
    """The loggers of a THREAD node's changes, declared or kept, by the port each is on once applied."""
    by_port: dict[int, list[Change]] = {}
    for change in changes:
        port = logger_port(change)
        if port is not None:
            by_port.setdefault(port, []).append(change)
    return by_port


def logger_port(change: Change) -> int | None:
    """The port a logger of the plan is on: declared, or as the platform has it for a kept one."""
    fields = change.before if change.cause is Cause.NOT_REMOVABLE else change.after
    return integral_number((fields or {}).get("port")) if change.kind is Kind.DEVICE else None


def port_recorded(change: Change) -> int | None:
    """The port the platform records a logger of the plan on now, whatever the manifest declares: the
    one it stays on where its change is left out. None for one not on the platform."""
    return integral_number((change.before or {}).get("port")) if change.kind is Kind.DEVICE else None


def ports_standing(change: Change, written: bool) -> tuple[int, ...]:
    """The ports a logger of the plan may stand on once the selected writes are made: the one its
    change declares where that change is `written` (a new logger, a move). A move left out leaves it
    where the platform records it, yet its cable may be on the port declared already (the user
    re-cabled it, then declared it), so both, that one first (`move_doubt` says why). One the
    platform records on no port (adopted from another tool) is on the one declared, as the whole plan
    has it; a creation left out makes none."""
    declared, recorded = logger_port(change), port_recorded(change)
    if written or (recorded is None and change.before is not None):
        return (declared,) if declared is not None else ()
    if recorded is None:
        return ()
    return (recorded,) if declared is None or declared == recorded else (recorded, declared)


def move_doubt(logger: Change, how: str) -> str:
    """Why a logger whose move is `how` (left out, excluded) may be on either port (`ports_standing`)."""
    return MOVE_DOUBT.format(declared=logger_port(logger), how=how, recorded=port_recorded(logger))


def _multi_drop(interfaces: list[str]) -> bool:
    """RS485 by every setting declared: a `comm_type` and a `mode` that disagree are the likelier typo."""
    return bool(interfaces) and all(interface == "RS485" for interface in interfaces)


def _interfaces(node: DesiredEntity, port: int) -> list[str]:
    """What the manifest declares the port to be: its `comm_type`, and its `mode` (the interface
    select, deviceRsSel), when given."""
    declared = node.edge.ports() if node.edge is not None else {}
    if port not in declared:
        return []
    return [interface for interface in (declared[port].comm_type, declared[port].mode) if interface]


def _sharing(change: Change, node: DesiredEntity, shared: dict[int, list[Change]]) -> Change:
    port = logger_port(change)
    if port not in shared:
        return change
    sharing = tuple(other.address for other in shared[port] if other is not change)
    interfaces = _interfaces(node, port)
    declared = (
        f"declared {' and '.join(dict.fromkeys(interfaces))}"
        if interfaces
        else f"not declared RS485 (`edge.port{port}.comm_type` or `mode`)"
    )
    note = (
        f"{_sharing_start(port, sharing)}{declared}: only RS-485 lets two loggers share a port, "
        f"{_CHECK_THE_PORT}"
    )
    return dataclasses.replace(change, reason=f"{change.reason}; {note}", loggers_sharing_port=sharing)


def _sharing_start(port: int | None, sharing: Iterable[Address]) -> str:
    """What a port-sharing note starts with, naming the other loggers on the port."""
    return f"port {port} is also {', '.join(map(str, sharing))}'s, and is "


_CHECK_THE_PORT = "so check the loggers' `port`"
# Found again in a saved plan's reasons, which are what its reviewer read (apply/stale.py).
_SHARING_NOTE = re.compile(rf"port \d+ is also .*?{re.escape(_CHECK_THE_PORT)}")
NOTES_RECORDED_SINCE = LOGGERS_CUT_OFF_SINCE  # one format records what every THREAD note names


def sharing_note_as_reviewed(saved: Change, fresh: Change, was: str, now: str) -> tuple[str, str]:
    """A logger's saved line (`was`) and its fresh one (`now`), as its review weighs them: the fresh
    line's port-sharing note naming the loggers the saved plan recorded (`loggers_sharing_port`)
    rather than those on the port now, the saved line's note left out where the fresh line has none
    (they left the port). A logger put on the port since, or gone from it, is the platform's doing,
    which apply/stale.py weighs; any other difference is the file's."""
    port = logger_port(fresh)
    if fresh.loggers_sharing_port:
        start = f"; {_sharing_start(port, fresh.loggers_sharing_port)}"
        shown = f"; {_sharing_start(port, saved.loggers_sharing_port)}" if saved.loggers_sharing_port else ""
        return was, _note_replaced(now, start, shown)
    if saved.loggers_sharing_port:
        start = f"; {_sharing_start(port, saved.loggers_sharing_port)}"
        without = _note_replaced(was, start, "")
        # The saved line lacking the note its plan records was edited: weighed against one with it.
        return without, (now if without != was else f"{now}{start}")
    return was, now


def _note_replaced(line: str, start: str, shown: str) -> str:
    """`line` with its port-sharing note's start (`start`) replaced by `shown`, or, `shown` empty,
    without the note (up to its last words)."""
    at = line.find(start)
    if at < 0:
        return line
    if shown:
        return f"{line[:at]}{shown}{line[at + len(start) :]}"
    end = line.find(_CHECK_THE_PORT, at)
    return line if end < 0 else f"{line[:at]}{line[end + len(_CHECK_THE_PORT) :]}"


def port_sharing_notes(change: Change) -> list[str]:
    """The notes `_sharing` put on a change's line, as worded there: a saved plan is applied only
    with the ones its review showed."""
    return _SHARING_NOTE.findall(change.reason)


# The list of the others in a note: up to its last "'s, and is", as no key of theirs ends the note.
_SHARERS = re.compile(r"port \d+ is also (.*)'s, and is ", re.DOTALL)


def _sharers_reviewed(change: Change, version: str) -> frozenset[str]:
    """The other loggers a saved logger's port-sharing note named when reviewed, as its plan records
    them (since NOTES_RECORDED_SINCE), else as read back from the note: compared as a set, since
    the note lists them in the order the platform's lists gave, which it does not keep
    (docs/api-assumptions.md A5), and one that left the port since is no new risk."""
    if format_known(NOTES_RECORDED_SINCE, version):
        return frozenset(map(str, change.loggers_sharing_port))
    notes = port_sharing_notes(change)
    return frozenset(str(other) for note in notes for other in _sharers(change.address, note))


def sharing_unshown(reviewed: Iterable[Change], now: Iterable[Change], version: str) -> set[Address]:
    """The loggers of `now` whose port-sharing notes name a logger their `reviewed` line's did not
    (none if it carried no note), the reviewed ones of a plan in format `version`: what a review did
    not show them share their port with. Only one a note names now and the review's did not is a
    note not shown. A line of `now` naming no logger (nearly every line of a fleet) names none the
    review did not: only the others' reviewed lines are looked up (a cold apply of 111,100 entities
    read every reviewed line's note for none, 0.16 s)."""
    naming = [
        (change.address, frozenset(map(str, change.loggers_sharing_port)))
        for change in now
        if change.loggers_sharing_port
    ]
    asked = {address for address, _ in naming}
    shown = {
        change.address: _sharers_reviewed(change, version) for change in reviewed if change.address in asked
    }
    return {address for address, named in naming if not named <= shown.get(address, frozenset())}


def _sharers(logger: Address, note: str) -> list[str]:
    """The addresses a note on `logger`'s line names. They are its node's loggers: split at each
    `, {node}/`, which no key holds (a key holds no `/`). A note not read so (worded otherwise, by
    another version) stands whole for itself: compared as the text it is."""
    listed = _SHARERS.match(note)
    node = logger.parent
    if listed is None or node is None:
        return [note]
    before, *keys = f", {listed.group(1)}".split(f", {node}/")
    return [note] if before or not keys else [node.child(key) for key in keys]
