"""--prune-unmanaged never removes what the plan calls a likely earlier copy of a declared entity
(plan/copies.py), whatever --target or --exclude selects: the fence drops the refusal of the
declared one's creation, and must not let the copy, and its history, go as unmanaged instead."""

from __future__ import annotations

from iotplan.live import LiveEntity
from iotplan.plan.model import Action, Change, PlanOptions
from tests.plan.livebuilder import applied, find, first_connection
from tests.plan.test_copies import _device
from tests.plan.test_diff import MANIFEST, load, plan_for

# dam-a/logger-2, named, and dam-a/logger-3, unnamed: declared, not yet created
WITH_LOGGERS = (
    MANIFEST + "          - key: logger-2\n            name: North logger\n          - key: logger-3\n"
)


def _plan(targets: tuple[str, ...] = (), excludes: tuple[str, ...] = ()) -> dict[str, Change]:
    live = applied(load())
    connection = first_connection(live)
    _device(connection, "0B0B0B", {"SERIAL_NO": "handmade-1", "NAME": "North logger"})
    _device(connection, "0C0C0C", {"SERIAL_NO": "handmade-2", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"})
    _device(connection, "0D0D0D", {"SERIAL_NO": "handmade-3", "NAME": "Spare"})
    options = PlanOptions(prune_unmanaged=True, targets=targets, excludes=excludes)
    return {change.address: change for change in plan_for(load(WITH_LOGGERS), live, options).changes}


def test_a_named_copy_is_left_when_exclude_leaves_its_original_out() -> None:
    changes = _plan(excludes=("dam-a/logger-2", "dam-a/logger-3"))
    left = changes["dam-a/#0B0B0B"]
    assert left.action is Action.UNMANAGED
    assert (
        "--prune-unmanaged leaves it (likely an earlier copy of dam-a/logger-2, which --target or "
        "--exclude leaves out and the plan does not create beside it)" in left.reason
    )


def test_an_unnamed_copy_is_left_when_exclude_leaves_its_original_out() -> None:
    changes = _plan(excludes=("dam-a/logger-2", "dam-a/logger-3"))
    assert changes["dam-a/#0C0C0C"].action is Action.UNMANAGED
    assert "likely an earlier copy of dam-a/logger-3" in changes["dam-a/#0C0C0C"].reason


def test_a_copy_targeted_itself_is_left() -> None:
    changes = _plan(targets=("dam-a/#0B0B0B",))
    assert changes["dam-a/#0B0B0B"].action is Action.UNMANAGED


def test_what_is_no_copy_is_still_pruned_beside_them() -> None:
    assert _plan(excludes=("dam-a/logger-2", "dam-a/logger-3"))["dam-a/#0D0D0D"].action is Action.REMOVE


def test_a_sensor_copy_under_a_found_device_is_left() -> None:
    sensor = "              - key: pz-2\n                name: Spillway temperature\n"
    manifest = MANIFEST + sensor + "                template: TEMPERATURE_SDE\n"
    live = applied(load())
    logger = find(live, "site:dam-a/logger-1")
    connection = first_connection(live)
    props = {"SERIAL_NO": "hm-1", "NAME": "Spillway temperature"}
    hand_made = LiveEntity(f"{logger.id}/5A5A5A/sensor", props, logger.id)
    connection.sensors[logger.id].append(hand_made)
    options = PlanOptions(prune_unmanaged=True, excludes=("dam-a/logger-1/pz-2",))
    changes = {change.address: change for change in plan_for(load(manifest), live, options).changes}
    assert changes["dam-a/logger-1/#5A5A5A"].action is Action.UNMANAGED
    assert "likely an earlier copy of dam-a/logger-1/pz-2" in changes["dam-a/logger-1/#5A5A5A"].reason
