"""`thread_loggers` (plan/model.py) picks a plan's THREAD loggers out of its changes, most of which are
in-sync sensors of API connections: the devices among them first, then those on a THREAD. Whatever
the mix, it names exactly the devices whose live id (or the id iotplan gives them) is a THREAD's."""

from __future__ import annotations

import itertools

from iotplan.plan.address import Address
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Action, Cause, Change, InSync, Kind, thread_loggers

IDS = [None, "/api/A1B2C3/device", "/fn/6C7D8E/node/1/device/2", "/fn/6C7D8E/node/1/device/2/sensor/3"]


def _change(at: int, kind: Kind, live_id: str | None) -> Change:
    address = Address(f"c/d{at}") if kind is not Kind.SENSOR else Address(f"c/d{at}/s")
    return Change(address, kind, Action.NOOP, "p1", "c", "in sync", Cause.IN_SYNC, live_id=live_id)


def test_thread_loggers_are_the_devices_on_a_thread_whatever_the_mix() -> None:
    cases = list(itertools.product([Kind.NODE, Kind.DEVICE, Kind.SENSOR, Kind.EDGE], IDS))
    changes: list[Change] = [_change(at, kind, live_id) for at, (kind, live_id) in enumerate(cases)]
    entity = DesiredEntity.of(Kind.SENSOR, ("c", "d", "s"), "site:c/d/s", "p1", {"name": "s"})
    changes += [InSync.of(entity, "/fn/6C7D8E/node/1/device/2/sensor/3", None, 1)]  # type: ignore[list-item]
    expected = {
        Address(f"c/d{at}")
        for at, (kind, live_id) in enumerate(cases)
        if kind is Kind.DEVICE and live_id is not None and live_id.startswith("/fn/")
    }

    assert expected  # the mix holds THREAD loggers, and devices and sensors that are not
    assert thread_loggers(changes) == expected
    assert thread_loggers(iter(changes)) == expected  # any iterable, passed over once
