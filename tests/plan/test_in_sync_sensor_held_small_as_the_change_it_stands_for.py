"""A declared sensor found in sync is held as an `InSync` (plan/model.py), a fraction of a Change's
bytes: a no-op plan holds one per sensor (100,000 and more). Every reader of a plan takes it for the
Change `compare` makes of it: each field and property alike, equal to it, and `dataclasses.replace`
of it giving that Change with what it replaces."""

from __future__ import annotations

import dataclasses
import sys
from functools import partial

from iotplan.live import LiveConnection, LiveEntity
from iotplan.live.model import Props
from iotplan.plan.compare import compare, compare_found
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Change, Kind, as_change

KEYS = ("dam-a", "logger-1", "pz-1")
FIELDS = {"name": "PZ 1", "metrics": [{"custom_metric": "pore_pressure", "unit": "Pa"}]}
PROPS = {
    "NAME": "PZ 1",
    "UNKNOWN_METRICS": {"0": "pore_pressure"},
    "KNOWN_UNITS": {"0": "Pa"},
    "SERIAL_NO": "site:dam-a/logger-1/pz-1",
    "INTEGRATION_ID": "GENERIC_SENSOR",
    "OBSERVATION_COUNT": 1234,
}
PROPERTIES = ("depth", "on_thread", "holds_data", "destroys_data", "rereads_data", "needs_a_count")


def test_an_in_sync_sensor_is_held_small_and_read_as_the_change_compare_makes() -> None:
    entity = DesiredEntity.of(Kind.SENSOR, KEYS, "site:dam-a/logger-1/pz-1", "p1", FIELDS)
    live = LiveEntity(
        "/api/A1B2C3/sensor", Props({key: at for at, key in enumerate(PROPS)}, tuple(PROPS.values()))
    )
    connection = LiveConnection(LiveEntity("/api/A1B2C3/node", {}), "p1", [live], {live.id: [live]})
    held = compare_found(entity, live, connection.held_by, {}.get)
    made = compare(entity, live, partial(connection.held_by, live, False), {}.get)

    assert made.__class__ is Change and made.observations == 1234
    assert sys.getsizeof(held) * 2 < sys.getsizeof(made)  # under half the bytes
    for name in [field.name for field in dataclasses.fields(Change)] + list(PROPERTIES):
        assert getattr(held, name) == getattr(made, name), name
    assert held == made and made == held and as_change(held) == made
    assert held.before is held.after  # one dict, as the views take an in-sync change's
    replaced = dataclasses.replace(held, reason="kept")
    assert replaced.__class__ is Change
    assert replaced == dataclasses.replace(made, reason="kept")
