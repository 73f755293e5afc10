"""A THREAD's node, logger or sensor the platform shows without the identity it gave it: no
SERIAL_NO (a node's, a logger's, a sensor's: each is given one when made, on the platform this
client is written for, docs/api-assumptions.md A13/A14), or a registered node without the VERSION
its manifest registered it with. A platform whose `update*` replaces props drops them at another
tool's rename (the web app sends NAME alone).

iotplan finds these entities by id, so the plan still works, but the platform's record of which box
it is has gone: that is drift (cause DIFFERS, noted on the entity's line), never "in sync". iotplan
writes none of them back: an update resends a SERIAL_NO or VERSION only as it stands (apply/thread.py
CARRIED), and which serial a logger held is the platform's (its id's, or its hardware's where the
platform gives loggers their own), so the note says what to set in the web app, and an apply whose
fresh read still shows one is not verified (`identities_lost`).

A logger's is the exception: the reference's createDevice answer shows no SERIAL_NO and iotplan
sends none, so a platform may never give one. Its absence is drift only where another logger of a
THREAD the manifest declares holds one; else it is said not checked (`logger_identity_lost`)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from iotplan.live import LiveEntity
from iotplan.manifest.thread import thread_serial
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Action, Cause, Change, Kind, Plan
from iotplan.plan.props import shown_serial
from iotplan.wording import live_quoted, printable

_NOT_WRITTEN = "iotplan writes no SERIAL_NO (an update resends it only as it stands)"


def node_identity_lost(change: Change, entity: DesiredEntity, node: LiveEntity) -> Change:
    """The node without its SERIAL_NO (the serial in its id, `/fn/{serial}/node`), or registered by
    its manifest (`version` declared) without a VERSION."""
    notes = []
    if blank(node.props.get("SERIAL_NO")):
        serial = live_quoted(shown_serial(thread_serial(node.id)))
        notes.append(_serial_lost(change, node, f"to {serial} (the serial in its id)"))
    if entity.version and blank(node.props.get("VERSION")):
        notes.append(_version_lost(change, node, entity.version))
    return _noted(change, notes)


def logger_identity_lost(
    change: Change,
    logger: LiveEntity,
    sensors: Sequence[LiveEntity],
    loggers: Sequence[LiveEntity],
    families: Sequence[Family] = (),
) -> Change:
    """`loggers`: every logger of the THREADs the manifest declares, as read; `families`: each with
    its sensors, which tell the serial to set (`logger_serial`). The reference's
    createDevice answer shows no SERIAL_NO and iotplan sends none, so a platform may give a logger
    none: only where another of them holds one (the platform, or whoever runs it, gives loggers
    serials: a platform's way, not a THREAD's) is an absent one drift, told as what the read shows,
    dropped or never given; else nothing in the read tells the two apart, and it is said not checked
    (cause UNVERIFIABLE: drift NOT_CHECKED), never failing drift or apply. Loggers of THREADs the
    manifest does not declare are no evidence: another tool made them, and may have sent a serial."""
    if not blank(logger.props.get("SERIAL_NO")):
        return change
    set_to = _set_to(logger_serial(logger, sensors, families), _LOGGERS_WHENCE, logger, sensors)
    holding = next((o for o in loggers if o.id != logger.id and not blank(o.props.get("SERIAL_NO"))), None)
    if holding is not None:
        return _noted(change, [_logger_serial_absent(change, logger, holding, set_to)])
    return _unchecked(change, logger, set_to)


def sensor_identity_lost(
    change: Change,
    sensor: LiveEntity,
    logger: LiveEntity,
    siblings: Sequence[LiveEntity],
    families: Sequence[Family] = (),
) -> Change:
    """A sensor is made carrying its logger's serial (the reference's createSensor answer)."""
    if not blank(sensor.props.get("SERIAL_NO")):
        return change
    set_to = _set_to(logger_serial(logger, siblings, families), _SENSORS_WHENCE, logger, siblings)
    return _noted(change, [_serial_lost(change, sensor, set_to)])


# Whence a logger's serial is known (`logger_serial`), as the logger's note and a sensor's say it.
_LOGGERS_WHENCE = {"sensors": "the serial its sensors carry", "id": "the serial in its id"}
_SENSORS_WHENCE = {
    "own": "its logger's SERIAL_NO",
    "sensors": "the serial its logger's other sensors carry",
    "id": "the serial in its logger's id",
}


def logger_serial(
    logger: LiveEntity, sensors: Sequence[LiveEntity], families: Sequence[Family] = ()
) -> tuple[str | None, str]:
    """The serial a logger holds, and whence it is known, only where iotplan can be sure: the serial
    in its id ("id") where the platform gives loggers theirs (`ids_serials_given`); else the one its
    family holds where all of it that holds one agrees: its own SERIAL_NO ("own"), or, it holding
    none, the one its sensors carry ("sensors": each made with its logger's). None where the family
    disagrees (`family_disagrees`) or holds none: iotplan cannot tell which it had."""
    if ids_serials_given(logger, families):
        return own_segment(logger.id), "id"
    held = family_serials(logger, sensors)
    if not held or family_disagrees(logger, sensors):
        return None, "unsure"
    return held[0][1], "own" if held[0][0] == "the logger" else "sensors"


def _set_to(
    known: tuple[str | None, str], whence: dict[str, str], logger: LiveEntity, sensors: Sequence[LiveEntity]
) -> str:
    """`to '…' (whence)`, or, iotplan unsure (`logger_serial`), what each of the family holds."""
    serial, how = known
    if serial is not None:
        return f"to {live_quoted(shown_serial(serial))} ({whence[how]})"
    held = family_serials(logger, sensors)  # none, or a family that disagrees (`logger_serial`)
    unsure = family_held(logger, sensors) if held else "no other of its logger family holds one"
    return f"to the one it had ({unsure}: iotplan cannot tell which)"


def own_segment(entity_id: str) -> str:
    """`.../dgsimlogger/032432/device` → `032432`; `.../device/tilt4/sensor` → `tilt4`."""
    parts = entity_id.rstrip("/").split("/")
    return parts[-2] if len(parts) >= 2 else entity_id


# A THREAD logger and its sensors, as read: each sensor created carrying its logger's serial.
Family = tuple[LiveEntity, Sequence[LiveEntity]]


def ids_serials_given(logger: LiveEntity, families: Sequence[Family]) -> bool:
    """Whether the platform gives loggers their id's serial, as iotplan can be sure: every other logger
    family of the THREADs the manifest declares that agrees on one serial (`family_disagrees`) holds
    its logger's id's, one at least. Told by the others alone: this one's serials are in question, and
    a family that disagrees says nothing (any of it may be the edited one). Where one that agrees holds
    another (a platform giving loggers their hardware's serial), or none is there to say, iotplan
    cannot be sure, and only a logger family that disagrees is said edited, which one not told."""
    agreeing = [(o, s) for o, s in families if o.id != logger.id and not family_disagrees(o, s)]
    held = [(o, family_serials(o, s)) for o, s in agreeing]
    said = [(o, serials[0][1]) for o, serials in held if serials]
    return bool(said) and all(same_serial(serial, own_segment(o.id)) for o, serial in said)


def family_disagrees(logger: LiveEntity, sensors: Sequence[LiveEntity]) -> bool:
    """Whether a logger and its sensors hold more than one serial (blank ones aside: said dropped).
    Each sensor was created carrying its logger's, so one family holding two shows an edit; one holding
    one reads in sync, though all of it may have been retyped (a known limit, docs/api-assumptions.md)."""
    return len({serial_key(serial) for _, serial in family_serials(logger, sensors)}) > 1


def family_serials(logger: LiveEntity, sensors: Sequence[LiveEntity]) -> list[tuple[str, str]]:
    """What each of a logger family holds, by name (`the logger`, a sensor's key), blank ones aside."""
    members = [("the logger", logger)] + [(own_segment(each.id), each) for each in sensors]
    return [(name, each.ref_id) for name, each in members if each.ref_id is not None and each.ref_id.strip()]


def family_held(logger: LiveEntity, sensors: Sequence[LiveEntity]) -> str:
    """`its logger family disagrees (the logger '…', pz-1 '…', …)`, serials quoted masked."""
    held = ", ".join(
        f"{printable(name)} {live_quoted(shown_serial(serial))}"
        for name, serial in family_serials(logger, sensors)
    )
    return f"its logger family disagrees ({held})"


def same_serial(one: str, other: str) -> bool:
    return serial_key(one) == serial_key(other)


def serial_key(serial: str) -> str:
    return serial.strip().casefold()


def identities_lost(plan: Plan) -> list[str]:
    """What a verifying plan shows of the THREAD entities it declares without their SERIAL_NO:
    `{address} ({id})`, each. Told by the refId it read them with (their SERIAL_NO): none. Only those
    noted (cause DIFFERS): one the manifest does not declare is reported kept, never noted."""
    return [
        f"{change.address} ({printable(change.live_id or '')})"
        for change in plan.changes
        if identity_lost(change)
    ]


def identity_lost(change: Change) -> bool:
    """Whether `identities_lost` tells this change: noted, and read without a SERIAL_NO."""
    return bool(
        change.on_thread and change.cause is Cause.DIFFERS and change.live_id and blank(change.live_ref_id)
    )


def notes_besides_identity(change: Change) -> list[str]:
    """The notes on a change `identity_lost` tells besides its SERIAL_NO's (a registered node's
    VERSION dropped with it), as `_noted` joined them, each beginning with the entity's address:
    told beside the SERIAL_NO, so that one round in the web app settles both."""
    address = f"{change.address}: "
    first, *rest = change.reason.split(f"; {address}")
    lost = f"{address}{printable(change.live_id or '')} holds no SERIAL_NO"
    return [each for each in (first, *(address + note for note in rest)) if not each.startswith(lost)]


def _serial_lost(change: Change, live: LiveEntity, set_to: str) -> str:
    """Serials quoted masked, as every SERIAL_NO a note quotes (anyone's text). Dropped and never
    kept read alike: neither is said as sure, nor the serial as one to set "back"."""
    kind = "THREAD" if change.kind is Kind.NODE else str(change.kind)
    return (
        f"{change.address}: {printable(live.id)} holds no SERIAL_NO on the platform: another tool's "
        "update dropped it (a rename in the web app where updates replace props, most likely), or the "
        "platform never kept it; iotplan cannot tell which. Either way the platform does not record which "
        f"{kind} it is; "
        f"{_NOT_WRITTEN}: set its SERIAL_NO {set_to} in the platform's web app"
    )


def _logger_serial_absent(change: Change, logger: LiveEntity, holding: LiveEntity, set_to: str) -> str:
    """What the read shows, no cause guessed: on a platform that gives loggers none, a serial typed
    by hand into one logger makes the others read so, nobody having dropped theirs."""
    return (
        f"{change.address}: {printable(logger.id)} holds no SERIAL_NO while {printable(holding.id)} holds "
        "one: another tool's update dropped it (a rename in the web app where updates replace props), or it "
        "was never given it by this platform, whose createDevice answer the reference shows without one; "
        f"either way the platform does not record which logger it is; {_NOT_WRITTEN}: set its SERIAL_NO "
        f"{set_to} in the platform's web app"
    )


def _unchecked(change: Change, logger: LiveEntity, set_to: str) -> Change:
    """Said on the logger's line, not drift: a `=` line and drift's NOT_CHECKED where nothing else
    is to change."""
    note = (
        f"{change.address}: {printable(logger.id)} holds no SERIAL_NO, and no other logger of the THREADs "
        "the manifest declares holds one to show that this platform gives loggers one (the reference's "
        "createDevice answer shows none, and iotplan sends none), so its serial is not checked; if another "
        f"tool dropped it, set its SERIAL_NO back {set_to} in the platform's web app"
    )
    if change.action is not Action.NOOP or change.cause is not Cause.IN_SYNC:
        return dataclasses.replace(change, reason=f"{change.reason}; {note}")
    return dataclasses.replace(change, cause=Cause.UNVERIFIABLE, reason=note)


def _version_lost(change: Change, node: LiveEntity, version: str) -> str:
    return (
        f"{change.address}: {printable(node.id)} holds no VERSION on the platform, which it was registered "
        f"with ({live_quoted(version)} declared); iotplan writes no VERSION back (createNode alone sends it, "
        "and the platform may have changed it since): set it in the platform's web app"
    )


def _noted(change: Change, notes: list[str]) -> Change:
    """Noted as an edited logger serial is (plan/thread.py `_with_serial_edited`): nothing to write
    makes it drift (cause DIFFERS), not in sync."""
    if not notes:
        return change
    note = "; ".join(notes)
    if change.action is not Action.NOOP:
        return dataclasses.replace(change, reason=f"{change.reason}; {note}")
    reason = note if change.cause is Cause.IN_SYNC else f"{change.reason}; {note}"
    return dataclasses.replace(change, cause=Cause.DIFFERS, reason=reason)


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
