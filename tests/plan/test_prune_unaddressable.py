"""--prune-unmanaged plans no removal integrate cannot address: integrate removes a device or sensor
by its refId under its parent, so one with no refId, or with a refId a sibling carries too (compared
case-folded), is left unmanaged with the reason, and the plan's other writes still go ahead."""

from __future__ import annotations

from iotplan.live import LiveEntity, LiveState
from iotplan.plan.model import Action, Change, PlanOptions
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_diff import load, plan_for

PRUNE = PlanOptions(prune_unmanaged=True)


def _add_device(live: LiveState, short_id: str, serial: str | None) -> None:
    logger = find(live, "site:dam-a/logger-1")
    connection = first_connection(live)
    props = {"NAME": f"web app {short_id}", "OBSERVATION_COUNT": 0}
    if serial is not None:
        props["SERIAL_NO"] = serial
    device = LiveEntity(f"{logger.parent_id}/dynamic/{short_id}/device", props, logger.parent_id)
    connection.devices.append(device)
    connection.sensors[device.id] = []


def _by_address(live: LiveState) -> dict[str, Change]:
    return {change.address: change for change in plan_for(load(), live, PRUNE).changes}


def test_a_device_without_a_ref_id_is_left_unmanaged_saying_why() -> None:
    live = applied(load())
    _add_device(live, "D7BDCC", None)
    change = _by_address(live)["dam-a/#D7BDCC"]
    assert change.action is Action.UNMANAGED
    assert "--prune-unmanaged leaves it (integrate cannot address it: no refId)" in change.reason


def test_devices_sharing_a_ref_id_in_any_case_are_left_unmanaged_naming_each_other() -> None:
    live = applied(load())
    _add_device(live, "2EC928", "ui-logger-9")
    _add_device(live, "F916F1", "UI-Logger-9")
    changes = _by_address(live)
    assert changes["dam-a/#2EC928"].action is Action.UNMANAGED
    assert "refId shared with #F916F1" in changes["dam-a/#2EC928"].reason
    assert "refId shared with #2EC928" in changes["dam-a/#F916F1"].reason


def test_a_sensor_without_a_ref_id_under_a_kept_device_is_left_unmanaged() -> None:
    live = applied(load())
    logger = find(live, "site:dam-a/logger-1")
    connection = first_connection(live)
    sensor = LiveEntity(f"{logger.id}/2EFD5A/sensor", {"NAME": "web app sensor"}, logger.id)
    connection.sensors[logger.id].append(sensor)
    change = _by_address(live)["dam-a/logger-1/#2EFD5A"]
    assert change.action is Action.UNMANAGED
    assert "--prune-unmanaged leaves it (integrate cannot address it: no refId)" in change.reason


def test_one_with_a_ref_id_of_its_own_is_still_pruned_beside_them() -> None:
    live = applied(load())
    _add_device(live, "D7BDCC", None)
    _add_device(live, "3083C4", "their-logger")
    changes = _by_address(live)
    assert changes["dam-a/#3083C4"].action is Action.REMOVE
    assert changes["dam-a/#D7BDCC"].action is Action.UNMANAGED


def test_devices_sharing_a_ref_id_in_another_encoding_show_both_escaped() -> None:
    live = applied(load())
    _add_device(live, "F15448", "nf:Pr\u00e9sa")
    _add_device(live, "DF38C1", "nf:Pre\u0301sa")
    changes = _by_address(live)
    assert (
        'refId shared with #DF38C1 (as "nf:Pre\\u0301sa"; this one\'s "nf:Pr\\u00e9sa")'
        in changes["dam-a/#F15448"].reason
    )
    assert (
        'refId shared with #F15448 (as "nf:Pr\\u00e9sa"; this one\'s "nf:Pre\\u0301sa")'
        in changes["dam-a/#DF38C1"].reason
    )
