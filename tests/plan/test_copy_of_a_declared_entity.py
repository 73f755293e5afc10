"""A web-app copy of a declared sensor or device (its refId comes along, under another parent) is a
duplicate of the declared one: never planned for removal as "not in the manifest", and no write goes to
that refId while it stands (README, Copies)."""

from __future__ import annotations

import pytest

from iotplan.errors import NoSafePlanError
from iotplan.live import LiveEntity, LiveState
from iotplan.plan.model import Action, Change, PlanOptions
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_diff import MANIFEST, load, plan_for


def _web_app_device_holding(live: LiveState, copied: LiveEntity) -> None:
    """A device the web app made (its own SERIAL_NO) under dam-a, holding a copy of `copied`."""
    logger = find(live, "site:dam-a/logger-1")
    connection = first_connection(live)
    device = LiveEntity(f"{logger.parent_id}/dynamic/834BB3/device", {"SERIAL_NO": "ot2"}, logger.parent_id)
    connection.devices.append(device)
    copy = LiveEntity(f"{device.id}/1E2E78/sensor", {**copied.props, "OBSERVATION_COUNT": 40}, device.id)
    connection.sensors[device.id] = [copy]


def _changes(live: LiveState) -> dict[str, Change]:
    return {change.address: change for change in plan_for(load(), live).changes}


def test_a_sensor_copied_under_another_device_is_a_duplicate_not_an_orphan() -> None:
    live = applied(load())
    _web_app_device_holding(live, find(live, "site:dam-a/logger-1/air"))
    copy = _changes(live)["dam-a/#834BB3/air"]
    assert copy.action is Action.DUPLICATE
    assert copy.reason.startswith("a copy of dam-a/logger-1/air (refId 'site:dam-a/logger-1/air')")
    assert "not in the manifest" not in copy.reason


def test_no_write_goes_to_the_copied_ref_id_while_the_copy_stands() -> None:
    live = applied(load())
    _web_app_device_holding(live, find(live, "site:dam-a/logger-1/air"))
    renamed = MANIFEST.replace(
        "template: TEMPERATURE_SDE", "template: TEMPERATURE_SDE\n                name: Air"
    )
    with pytest.raises(
        NoSafePlanError,
        match="dam-a/logger-1/air: would update by its refId 'site:dam-a/logger-1/air', which",
    ):
        plan_for(load(renamed), live)


def test_a_pruned_device_holding_a_copy_is_kept_and_the_copy_still_fences_the_declared_refid() -> None:
    """Removing the device took the copy and let a write to the declared sensor's refId out in the
    same request, which no write may reach while two live entities carry it."""
    live = applied(load())
    _web_app_device_holding(live, find(live, "site:dam-a/logger-1/air"))
    pruned = {c.address: c for c in plan_for(load(), live, PlanOptions(prune_unmanaged=True)).changes}
    device, copy = pruned["dam-a/#834BB3"], pruned["dam-a/#834BB3/air"]
    assert device.action is Action.UNMANAGED and copy.action is Action.DUPLICATE
    assert device.reason.endswith(
        "--prune-unmanaged leaves it (it holds a copy of a declared sensor: dam-a/#834BB3/air "
        "(refId 'site:dam-a/logger-1/air')): remove it in the platform's web app"
    )
    renamed = MANIFEST.replace(
        "template: TEMPERATURE_SDE", "template: TEMPERATURE_SDE\n                name: Air"
    )
    with pytest.raises(
        NoSafePlanError,
        match="dam-a/logger-1/air: would update by its refId 'site:dam-a/logger-1/air', which",
    ):
        plan_for(load(renamed), live, PlanOptions(prune_unmanaged=True))


def test_an_orphan_device_holding_a_copy_fences_the_declared_refid_until_it_is_removed() -> None:
    """The stack's own orphan device took the copy with it as collateral, and the declared sensor's
    update went out in the same request, while two live entities still carried its refId."""
    live = applied(load())
    _web_app_device_holding(live, find(live, "site:dam-a/logger-1/air"))
    orphan = find(live, "ot2")
    orphan.props["SERIAL_NO"] = "site:dam-a/logger-9"  # the stack's, dropped from the manifest
    renamed = MANIFEST.replace(
        "template: TEMPERATURE_SDE", "template: TEMPERATURE_SDE\n                name: Air"
    )
    with pytest.raises(
        NoSafePlanError,
        match="dam-a/logger-1/air: would update by its refId 'site:dam-a/logger-1/air', which",
    ):
        plan_for(load(renamed), live)


def test_an_orphan_device_removal_names_the_copy_it_takes_and_the_declared_one() -> None:
    """The copy went as the orphan's own sensor, unnamed, after a plan called it one iotplan does not
    remove: the reviewer approved the removal of something else than was done."""
    live = applied(load())
    _web_app_device_holding(live, find(live, "site:dam-a/logger-1/air"))
    find(live, "ot2").props["SERIAL_NO"] = "site:dam-a/logger-9"  # the stack's, dropped from the manifest
    orphan = _changes(live)["dam-a/logger-9"]
    assert orphan.action is Action.REMOVE
    assert orphan.reason.endswith(
        "; takes dam-a/logger-9/air, a copy of dam-a/logger-1/air (refId 'site:dam-a/logger-1/air'): "
        "40 observations"
    )
    assert orphan.copies_taken == (("dam-a/logger-9/air", "dam-a/logger-1/air"),)


def test_an_orphan_connection_removal_names_a_copied_device_with_what_its_sensors_hold() -> None:
    two_nodes = MANIFEST + "      - key: dam-b\n        devices: [{key: logger-2}]\n"
    live = applied(load(two_nodes))
    dam_b = find(live, "site:dam-b/logger-2")
    dam_b.props["SERIAL_NO"] = "site:dam-a/logger-1"  # a web-app copy of the declared logger
    connection = next(
        c for c in next(iter(live.projects.values())).connections.values() if c.devices[0] is dam_b
    )
    copied = find(live, "site:dam-a/logger-1/pz-1")
    connection.sensors[dam_b.id] = [
        LiveEntity(f"{dam_b.id}/9A/sensor", {**copied.props, "OBSERVATION_COUNT": 7}, dam_b.id)
    ]
    orphan = _changes(live)["dam-b"]
    assert orphan.action is Action.REMOVE
    assert orphan.reason.endswith(
        "; takes dam-b/logger-1, a copy of dam-a/logger-1 (refId 'site:dam-a/logger-1'): 7 observations; "
        "dam-b/logger-1/pz-1, a copy of dam-a/logger-1/pz-1 (refId 'site:dam-a/logger-1/pz-1'): "
        "7 observations"
    )


def test_a_copy_kept_with_its_parent_says_its_parents_removal_would_take_it() -> None:
    live = applied(load())
    _web_app_device_holding(live, find(live, "site:dam-a/logger-1/air"))
    copy = _changes(live)["dam-a/#834BB3/air"]
    assert "iotplan does not remove it on its own (its parent's removal would)" in copy.reason


def test_a_replaced_device_names_the_copy_it_takes_and_the_declared_one() -> None:
    """A template change replaces logger-2, and with it a web-app copy of logger-1/air it holds: the
    replacement said only "1 undeclared sensor goes with it", and a saved plan recorded no copy."""
    two = MANIFEST + "          - key: logger-2\n            name: Spare\n"
    live = applied(load(two))
    logger_2, air = find(live, "site:dam-a/logger-2"), find(live, "site:dam-a/logger-1/air")
    connection = first_connection(live)
    copy = LiveEntity(f"{logger_2.id}/1E2E78/sensor", {**air.props, "OBSERVATION_COUNT": 40}, logger_2.id)
    connection.sensors.setdefault(logger_2.id, []).append(copy)
    replaced = two.replace(
        "            name: Spare\n", "            name: Spare\n            template: DEMO_DEVICE_SDE\n"
    )
    device = {change.address: change for change in plan_for(load(replaced), live).changes}["dam-a/logger-2"]
    assert device.action is Action.REPLACE
    assert device.copies_taken == (("dam-a/logger-2/air", "dam-a/logger-1/air"),)
    assert "a copy of dam-a/logger-1/air (refId 'site:dam-a/logger-1/air'): 40 observations" in device.reason
