"""The THREAD loggers and sensors a verifying plan shows with a SERIAL_NO edited behind iotplan
(plan/thread.py `logger_serial_edited`, `sensor_serial_edited`): drift with nothing to write, as a
dropped one is (plan/thread_identity.py `identities_lost`). iotplan writes no SERIAL_NO back, so an
apply whose fresh read shows one leaves a declared difference: never a success.

Told from the plan's changes alone (each carries its SERIAL_NO as read, `live_ref_id`), by the same
rules the plan noted them with, never from the note's text."""

from __future__ import annotations

from collections.abc import Mapping

from iotplan.live import LiveEntity
from iotplan.plan.address import Address
from iotplan.plan.model import Cause, Change, Kind, Plan
from iotplan.plan.props import shown_id, shown_serial
from iotplan.plan.thread import (
    cannot_tell,
    former_serial,
    logger_serial_edited,
    loggers_serials,
    sensor_serial_edited,
    serials_edited_from,
)
from iotplan.plan.thread_identity import own_segment
from iotplan.wording import live_quoted, printable


def serials_edited(plan: Plan) -> list[str]:
    """`{address} ({id}) reads SERIAL_NO '…' where its id's serial is '…' and its sensors carry '…'`
    (a sensor's: `where its logger's serial is '…'`), each: the serials as the read shows them, quoted
    masked (anyone's text)."""
    return list(serials_edited_by_address(plan).values())


def serials_edited_by_address(plan: Plan) -> dict[Address, str]:
    """`serials_edited`, each by the address of its entity."""
    read = {change.address: change for change in plan.changes if change.on_thread and change.live_id}
    return {
        address: said
        for address, change in read.items()
        if change.cause is Cause.DIFFERS and (said := _edited(change, read)) is not None
    }


def _edited(change: Change, read: Mapping[Address, Change]) -> str | None:
    if change.kind is Kind.DEVICE:
        return _logger_edited(change, read)
    parent = read.get(change.address.parent) if change.address.parent else None
    return _sensor_edited(change, parent, read) if change.kind is Kind.SENSOR and parent else None


def _logger_edited(logger: Change, read: Mapping[Address, Change]) -> str | None:
    sensors = _sensors_of(logger, read)
    if logger_serial_edited(logger.address, _entity(logger), sensors) is None:
        return None
    # The serial its sensors carry is the one to restore, as the plan's note says.
    carried = dict.fromkeys(_quoted(each) for each in serials_edited_from(_entity(logger), sensors))
    where = f"its id's serial is {_quoted(own_segment(logger.live_id or ''))}"
    unsure = cannot_tell(former_serial(sensors))
    return _said(logger, f"{where} and its sensors carry {' and '.join(carried)}{unsure}")


def _sensor_edited(sensor: Change, logger: Change, read: Mapping[Address, Change]) -> str | None:
    siblings = _sensors_of(logger, read)
    if sensor_serial_edited(sensor.address, _entity(sensor), _entity(logger), siblings) is None:
        return None
    serials = dict.fromkeys(_quoted(each) for each in loggers_serials(_entity(logger), siblings))
    return _said(sensor, f"its logger's serial is {' and '.join(serials)}")


def _sensors_of(logger: Change, read: Mapping[Address, Change]) -> list[LiveEntity]:
    return [_entity(each) for each in read.values() if each.address.parent == logger.address]


def _said(change: Change, where: str) -> str:
    shown = printable(shown_id(change.live_id) or "")
    return f"{change.address} ({shown}) reads SERIAL_NO {_quoted(change.live_ref_id)} where {where}"


def _entity(change: Change) -> LiveEntity:
    """The entity as the plan read it, as far as the serial rules ask: its id and SERIAL_NO."""
    return LiveEntity(change.live_id or "", {"SERIAL_NO": change.live_ref_id})


def _quoted(serial: str | None) -> str:
    return live_quoted(shown_serial(serial))
