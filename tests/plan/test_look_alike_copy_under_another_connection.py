"""A device under one declared connection whose refId folds as a declared device's of another
(`site:dam-a/LOGGER-1` under dam-b, beside `site:dam-a/logger-1` under dam-a) is a copy of that
device: reported as a duplicate, never removed as this stack's orphan, whose removal by its refId
a platform comparing refIds without case would carry out on the declared device."""

from __future__ import annotations

from iotplan.plan.model import Action
from tests.guards.fleet import FLEET, add_device, connection_of, live_fleet, plan_for


def test_a_look_alike_of_a_declared_device_under_another_connection_is_a_duplicate_not_removed() -> None:
    live = live_fleet(observations=7)
    add_device(connection_of(live, "site:dam-b"), "ABCDEF", "site:dam-a/LOGGER-1")
    changes = {change.address: change for change in plan_for(FLEET, live).changes}
    assert changes["dam-b/LOGGER-1"].action is Action.DUPLICATE
    assert "a copy of dam-a/logger-1" in changes["dam-b/LOGGER-1"].reason
    assert not [change.address for change in changes.values() if change.action is Action.REMOVE]
