"""A replaced device's declared sensors are created again with it; one already gone from the platform
(drift says MISSING) was said to be "created with its replaced device" too, as if the replacement took
it (fx187 #2). It is a creation of a missing sensor, worded and caused as any other."""

from __future__ import annotations

from iotplan.plan.model import Action, Cause
from tests.guards.fleet import FLEET, connection_of, live_fleet, plan_for

REPLACED_LOGGER = FLEET.replace("name: Logger", "name: Logger\n            template: OTHER_DEVICE", 1)


def test_the_sensor_gone_already_is_created_as_missing_the_live_one_with_its_device() -> None:
    live = live_fleet()
    dam_a = connection_of(live, "site:dam-a")
    logger = dam_a.devices[0]
    dam_a.sensors[logger.id] = [s for s in dam_a.sensors_of(logger) if s.ref_id != "site:dam-a/logger-1/air"]
    created = {c.address: c for c in plan_for(REPLACED_LOGGER, live).changes if c.action is Action.CREATE}
    air, pz = created["dam-a/logger-1/air"], created["dam-a/logger-1/pz-1"]
    assert (air.cause, air.reason) == (Cause.NOT_ON_PLATFORM, "not on the platform")
    assert (pz.cause, pz.reason) == (Cause.WITH_PARENT, "created with its replaced device")
