"""apply's lost-props report leaves out every prop the platform owns, from the client's one list
(plan/compare.py PLATFORM_PROPS): its own list lacked NODE_ID and INTEGRATION_ID, which the
manifest importer's list held (cr66 #4)."""

from __future__ import annotations

from iotplan.commands.apply import _gone
from iotplan.render.manifest_yaml import OWNED_PROPS


def test_props_the_platform_owns_are_never_said_dropped() -> None:
    before = {"NODE_ID": "n-1", "INTEGRATION_ID": "DEMO_DEVICE_SDE", "SIZE": 2, "NOTES": "kept by hand"}
    assert _gone(before, {}, sent=set()) == ["NOTES"]


def test_the_importer_leaves_out_the_same_props_as_before_and_the_ref_id() -> None:
    from iotplan.plan.compare import PLATFORM_PROPS  # the shared list, new with this test

    assert {"SERIAL_NO", "NODE_ID", "INTEGRATION_ID"} <= OWNED_PROPS
    assert {"SERIAL_NO"} == OWNED_PROPS - PLATFORM_PROPS
    assert len(OWNED_PROPS) == 14  # CREATION_DATE ... SENSOR_GROUP, as listed before it was shared
