"""A device under one declared connection whose refId folds as a declared device's of another
(`site:dam-a/LOGGER-1` under dam-b, beside `site:dam-a/logger-1` under dam-a) is a copy of that
device: reported as a duplicate, never removed as this stack's orphan, whose removal by its refId
a platform comparing refIds without case would carry out on the declared device; nor pruned by
--prune-unmanaged when its stack prefix is no stack's (full-width `ｓite:`)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.plan.model import Action
from tests.guards.fleet import FLEET, add_device, add_sensor, connection_of, live_fleet, plan_for


def test_a_look_alike_of_a_declared_device_under_another_connection_is_a_duplicate_not_removed() -> None:
    live = live_fleet(observations=7)
    add_device(connection_of(live, "site:dam-b"), "ABCDEF", "site:dam-a/LOGGER-1")
    changes = {change.address: change for change in plan_for(FLEET, live).changes}
    assert changes["dam-b/LOGGER-1"].action is Action.DUPLICATE
    assert "a copy of dam-a/logger-1" in changes["dam-b/LOGGER-1"].reason
    assert not [change.address for change in changes.values() if change.action is Action.REMOVE]


def test_a_full_width_copy_of_a_declared_device_under_another_connection_is_never_pruned() -> None:
    """`ｓite:` is no stack's prefix (owner_of reads none), so only the copy check keeps it from
    --prune-unmanaged, whose removal by that refId may reach dam-a/logger-1 itself."""
    live = live_fleet(observations=7)
    add_device(connection_of(live, "site:dam-b"), "ABCDEF", "\uff53ite:dam-a/logger-1")
    changes = {change.address: change for change in plan_for(FLEET, live, prune_unmanaged=True).changes}
    assert changes["dam-b/#ABCDEF"].action is Action.DUPLICATE
    assert not [change.address for change in changes.values() if change.action is Action.REMOVE]


def test_an_undeclared_device_whose_prefix_is_the_stacks_in_full_width_is_never_pruned() -> None:
    """`ｓite:dam-a/logger-9` is this stack's `site:dam-a/logger-9` to a platform comparing refIds as
    iotplan folds them, another tool's to one comparing them as written: iotplan cannot tell, so
    --prune-unmanaged leaves it, as it leaves `SITE:` (A1++)."""
    live = live_fleet(observations=7)
    add_device(connection_of(live, "site:dam-a"), "ABCDEF", "\uff53ite:dam-a/logger-9")
    changes = {change.address: change for change in plan_for(FLEET, live, prune_unmanaged=True).changes}
    kept = changes["dam-a/#ABCDEF"]
    assert kept.action is Action.UNMANAGED
    assert "the prefix of stack 'site' written another way" in kept.reason


@pytest.mark.parametrize("serial", ["SITE:dam-a/logger-1/pz-1", "\uff53ite:dam-a/logger-1/pz-1"])
def test_a_look_alike_sensor_under_an_unmanaged_device_fences_the_declared_ones_writes(serial: str) -> None:
    """Its stack prefix written another way, the sensor is not the stack's, so the unmanaged device's
    contents were never weighed: the update by the declared refId went through beside it."""
    live = live_fleet(observations=7)
    dam_a = connection_of(live, "site:dam-a")
    add_sensor(dam_a, add_device(dam_a, "ABCDEF", "other:x"), "123456", serial)
    with pytest.raises(NoSafePlanError, match="would update by its refId 'site:dam-a/logger-1/pz-1'"):
        plan_for(FLEET.replace("name: Piezometer", "name: Piezo2", 1), live)
