"""A declared device not found live, while a declared sibling found, by its refId, a live device
holding sensors whose refIds name the missing one: another writer most likely changed that device's
SERIAL_NO to the sibling's refId (in the web app). The sibling claims it, so it never reaches the
check for a device that lost its SERIAL_NO (plan/copies.py `_lost_its_serial_no`), and its sensors
were planned as the sibling's undeclared ones, for removal, the missing device created anew beside.
Whether it was relabelled by mistake or is the sibling now, iotplan cannot tell: it refuses, naming
both, with the steps that keep the sensors' history, and marks the device and those sensors as the
refusal's (`Refusal.lost_serial_no`), so drift and a selection of their removal point at it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from iotplan.live import LiveConnection, LiveEntity
from iotplan.live.model import Observations
from iotplan.plan.address import Address
from iotplan.plan.copies import as_yaml, named_as_live, neither_created_nor_removed
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Kind
from iotplan.plan.props import shown_serial
from iotplan.wording import counted, live_quoted, observations, quoted_serial


@dataclass(frozen=True)
class HeldBySibling:
    """The live device a declared sibling found, holding sensors whose refIds name a missing device."""

    device: LiveEntity
    sibling: DesiredEntity
    sensors: tuple[LiveEntity, ...]
    held: Observations

    @property
    def live_ids(self) -> tuple[str, ...]:
        """The device's and those sensors' ids: the refused device's, once its SERIAL_NO is back."""
        return (self.device.id, *(sensor.id for sensor in self.sensors))

    def refusal(self, missing: DesiredEntity) -> str:
        device, sibling, address = self.device, self.sibling.address, missing.address
        pins = ", ".join(f"`ref_id: {as_yaml(sensor.ref_id)}`" for sensor in self.sensors)
        return (
            f"not found by its refId, but the device at {device.id}{named_as_live(device)}, which {sibling} "
            f"finds by its SERIAL_NO {live_quoted(shown_serial(device.ref_id))} (the refId this manifest "
            f"gives it), holds {counted(len(self.sensors), 'sensor')} whose refIds name {missing.address}, "
            f"with {observations(self.held.known, self.held.unknown)}: another writer most likely changed "
            f"its SERIAL_NO, and which of the two it is iotplan cannot tell. If it is {missing.address}, set "
            f"its SERIAL_NO back to {quoted_serial(missing.ref_id)} in the platform's web app, then plan "
            f"again. If it is {sibling} now, a `moved` entry cannot take sensors to another device: to keep "
            f"their history, declare them under {sibling}, each with the refId it carries ({pins}), and drop "
            f"{address} from the manifest, then plan again. {neither_created_nor_removed(address)}"
        )


def held_by_siblings(
    desired: Sequence[DesiredEntity], by_ref: Mapping[str, list[LiveEntity]], connection: LiveConnection
) -> dict[Address, HeldBySibling]:
    """Each declared device of `desired` not found live whose sensors a sibling's live device holds.
    Nearly every declared device is found: then nothing is looked at."""
    if not desired or desired[0].kind is not Kind.DEVICE:  # a device's sensors: none is a device
        return {}
    missing = {
        entity.ref_id: entity
        for entity in desired
        if entity.kind is Kind.DEVICE and not _found(entity, by_ref)
    }
    if not missing:
        return {}
    held: dict[Address, HeldBySibling] = {}
    for sibling in desired:
        for device in _found(sibling, by_ref) if sibling.kind is Kind.DEVICE else []:
            for named, sensors in _sensors_naming(missing, device, connection).items():
                found = HeldBySibling(device, sibling, tuple(sensors), _held(sensors, connection))
                held.setdefault(missing[named].address, found)
    return held


def _sensors_naming(
    missing: Mapping[str, DesiredEntity], device: LiveEntity, connection: LiveConnection
) -> dict[str, list[LiveEntity]]:
    """The live `device`'s sensors whose refIds name a `missing` device (a sensor's refId is its
    device's, a slash and its own key), by that device's refId."""
    naming: dict[str, list[LiveEntity]] = {}
    for sensor in connection.sensors_of(device):
        named, slash, _ = str(sensor.ref_id).rpartition("/")
        if slash and named in missing:
            naming.setdefault(named, []).append(sensor)
    return naming


def _found(entity: DesiredEntity, by_ref: Mapping[str, list[LiveEntity]]) -> list[LiveEntity]:
    """The live siblings `entity` finds, as the differ does: by its refId, or the one `moved` renames."""
    return by_ref.get(entity.ref_id) or (by_ref.get(entity.old_ref_id, []) if entity.old_ref_id else [])


def _held(sensors: Sequence[LiveEntity], connection: LiveConnection) -> Observations:
    each = [connection.held_by(sensor, False) for sensor in sensors]
    return Observations(sum(one.known for one in each), any(one.unknown for one in each))
