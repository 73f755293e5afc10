"""A device the stack does not own listed every sensor beneath it as its own `?` line (cr61: three
hand-made devices of 300 sensors, 908 lines, "903 unmanaged", the Markdown's connection block dropped
as over its size limit, a real removal's diff with it). Its own unmanaged sensors are counted on its
line; only what matters is listed on its own: a copy of a declared sensor, another stack's sensor."""

from __future__ import annotations

from iotplan.live import LiveEntity
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.model import Action
from tests.plan.livebuilder import applied, first_connection
from tests.plan.test_copies import _device
from tests.plan.test_diff import load, plan_for


def _plan_with_a_persons_device():
    live = applied(load())
    connection = first_connection(live)
    hand = _device(connection, "0A0A0A", {"SERIAL_NO": "hand-dev", "NAME": "Hand dev"})
    serials = [f"hand-s{at}" for at in range(3)] + ["other:dam-a/x/y", "SITE:dam-a/logger-1/pz-1"]
    connection.sensors[hand.id] = [
        LiveEntity(f"{hand.id}/0B0B0{at}/sensor", {"SERIAL_NO": serial, "NAME": serial}, hand.id)
        for at, serial in enumerate(serials)
    ]
    return plan_for(load(), live)


def test_its_own_sensors_are_counted_on_its_line_and_not_listed() -> None:
    plan = _plan_with_a_persons_device()
    beneath = {change.live_ref_id: change for change in plan.changes if change.address.depth == 2}
    assert not {"hand-s0", "hand-s1", "hand-s2"} & beneath.keys()
    device = next(change for change in plan.changes if change.live_ref_id == "hand-dev")
    assert "; beneath it 3 unmanaged sensors, not listed one by one" in device.reason, device.reason


def test_a_copy_and_another_stacks_sensor_are_listed() -> None:
    plan = _plan_with_a_persons_device()
    beneath = {change.live_ref_id: change.action for change in plan.changes if change.address.depth == 2}
    assert beneath["other:dam-a/x/y"] is Action.UNMANAGED
    assert beneath["SITE:dam-a/logger-1/pz-1"] is Action.DUPLICATE
    assert plan.summary.unmanaged == 2  # the device and the other stack's sensor


def test_drift_counts_as_the_plan_does() -> None:
    plan = _plan_with_a_persons_device()
    entries = drift_entries(plan, "site.yaml")
    unmanaged = [entry for entry in entries if entry.status.value == "UNMANAGED"]
    assert len(unmanaged) + sum(len(entry.below) for entry in unmanaged) == plan.summary.unmanaged
