"""The THREAD loggers and sensors a verifying plan shows with a SERIAL_NO edited behind iotplan
(plan/thread.py `logger_serial_edited`, `sensor_serial_edited`): drift with nothing to write, as a
dropped one is (plan/thread_identity.py `identities_lost`). iotplan writes no SERIAL_NO back, so an
apply whose fresh read shows one leaves a declared difference: never a success.

Told from the plan's changes alone (each carries its SERIAL_NO as read, `live_ref_id`), by the same
rules the plan noted them with, never from the note's text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from iotplan.live import LiveEntity
from iotplan.plan.address import Address
from iotplan.plan.model import Cause, Change, Kind, Plan
from iotplan.plan.props import shown_id, shown_serial
from iotplan.plan.thread import (
    Family,
    family_disagrees,
    ids_serials_given,
    logger_serial_edited,
    sensor_serial_edited,
)
from iotplan.plan.thread_identity import family_held, own_segment
from iotplan.wording import live_quoted, printable


def serials_edited(plan: Plan) -> list[str]:
    """`{address} ({id}) reads SERIAL_NO '…' where its id's serial is '…'` (a sensor's: `where its
    logger's id's serial is '…'`) where the platform gives loggers their id's serial; else `where its
    logger family disagrees (the logger '…', pz-1 '…', …)`, each: the serials as the read shows them,
    quoted masked (anyone's text)."""
    return list(serials_edited_by_address(plan).values())


def serials_edited_by_address(plan: Plan) -> dict[Address, str]:
    """`serials_edited`, each by the address of its entity."""
    read = thread_read(plan)
    return _told(read, plan_families(read))


def _told(read: Mapping[Address, Change], families: Sequence[Family]) -> dict[Address, str]:
    return {
        address: said
        for address, change in read.items()
        if change.cause is Cause.DIFFERS and (said := _edited(change, read, families)) is not None
    }


def thread_read(plan: Plan) -> dict[Address, Change]:
    """Each THREAD entity the plan read, by address."""
    return {change.address: change for change in plan.changes if change.on_thread and change.live_id}


def plan_families(read: Mapping[Address, Change]) -> list[Family]:
    """Each THREAD logger the plan read, with its sensors, each as read (`_entity`), by address."""
    return [(_entity(c), _sensors_of(c, read)) for c in read.values() if c.kind is Kind.DEVICE]


def which_edited_untold(plan: Plan) -> bool:
    """Whether `serials_edited` tells a logger family that disagrees where iotplan cannot be sure of the
    platform's serials (`ids_serials_given`): some of it is healthy, which untold."""
    read = thread_read(plan)
    families = plan_families(read)
    told = _told(read, families)
    loggers = {address for address in told if read[address].kind is Kind.DEVICE}
    loggers |= {address.parent for address in told if address.parent and read[address].kind is Kind.SENSOR}
    told_ids = {read[address].live_id for address in loggers if address in read}
    return any(
        logger.id in told_ids
        and not ids_serials_given(logger, families)
        and family_disagrees(logger, sensors)
        for logger, sensors in families
    )


def _edited(change: Change, read: Mapping[Address, Change], families: Sequence[Family]) -> str | None:
    if change.kind is Kind.DEVICE:
        return _logger_edited(change, read, families)
    parent = read.get(change.address.parent) if change.address.parent else None
    if change.kind is Kind.SENSOR and parent:
        return _sensor_edited(change, parent, read, families)
    return None


def _logger_edited(logger: Change, read: Mapping[Address, Change], families: Sequence[Family]) -> str | None:
    entity, sensors = _entity(logger), _sensors_of(logger, read)
    if logger_serial_edited(logger.address, entity, sensors, families) is None:
        return None
    return _said(logger, _where(entity, sensors, families, "its id's"))


def _sensor_edited(
    sensor: Change, logger: Change, read: Mapping[Address, Change], families: Sequence[Family]
) -> str | None:
    entity, siblings = _entity(logger), _sensors_of(logger, read)
    if sensor_serial_edited(sensor.address, _entity(sensor), entity, siblings, families) is None:
        return None
    return _said(sensor, _where(entity, siblings, families, "its logger's id's"))


def _where(logger: LiveEntity, sensors: list[LiveEntity], families: Sequence[Family], whose: str) -> str:
    """By the rule that told it (plan/thread.py `logger_serial_edited`): the id's serial to restore,
    or what each of a family that disagrees holds."""
    if ids_serials_given(logger, families) or not family_disagrees(logger, sensors):
        return f"{whose} serial is {_quoted(own_segment(logger.id))}"
    return family_held(logger, sensors)


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
