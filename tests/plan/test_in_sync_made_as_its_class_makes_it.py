"""An in-sync sensor's `InSync` is made by `InSync.of` (plan/model.py), without the call through its
class that `InSync(...)` makes: a no-op plan makes one per sensor. Whatever it is given, it must be the
`InSync` the class makes of the same, read alike through every field and property, and equal alike."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Change, InSync, Kind

PROPERTIES = ("depth", "on_thread", "holds_data", "destroys_data", "rereads_data", "needs_a_count")
FIELDS = {"name": "PZ 1", "metrics": [{"custom_metric": "pore_pressure", "unit": "Pa"}]}


@pytest.mark.parametrize("count", [None, 0, 1, 1234])
@pytest.mark.parametrize("template", [None, "GENERIC_SENSOR", "VW_PIEZO"])
@pytest.mark.parametrize("live_id", ["/api/A1B2C3/sensor", "/fn/6C7D8E/node/1/device/2/sensor"])
def test_in_sync_of_makes_what_its_class_makes(count: int | None, template: str | None, live_id: str) -> None:
    entity = DesiredEntity.of(
        Kind.SENSOR, ("dam-a", "logger-1", "pz-1"), "site:dam-a/logger-1/pz-1", "p1", FIELDS
    )
    made = InSync.of(entity, live_id, template, count)
    called = InSync(entity, live_id, template, count)

    assert made.__class__ is InSync
    for slot in InSync.__slots__:
        assert getattr(made, slot) is getattr(called, slot), slot
    for name in [field.name for field in dataclasses.fields(Change)] + list(PROPERTIES):
        assert getattr(made, name) == getattr(called, name), name
    assert made == called.as_change() and made.as_change() == called
