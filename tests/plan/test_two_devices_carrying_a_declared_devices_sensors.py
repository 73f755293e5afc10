"""Two live devices, each with sensors carrying the refIds of a declared device's (its SERIAL_NO
cleared on one, changed on the other, or cleared on both): neither was recognised, and the plan said
to "declare it where it now is" or that a manifest without the sensors removes them. Both are named,
with what each holds; which one gets its SERIAL_NO back is the user's to choose, and no step that
removes is said."""

from __future__ import annotations

import pytest

from iotplan.live import LiveEntity
from tests.plan.livebuilder import first_connection
from tests.plan.serial_no_changed import applied_logger_1, no_safe_plan


@pytest.mark.parametrize("serials", [(None, None), (None, "x-123"), ("x-123", "x-124")])
def test_two_devices_carrying_a_declared_devices_sensors_are_both_named(
    serials: tuple[str | None, str | None],
) -> None:
    live, logger = applied_logger_1()
    connection = first_connection(live)
    twin = LiveEntity(f"{connection.node.id}/dynamic/F00001/device", {"NAME": "Twin"}, connection.node.id)
    connection.devices.append(twin)
    connection.sensors[twin.id] = [
        LiveEntity(
            f"{twin.id}/F00002/sensor",
            {"SERIAL_NO": "site:dam-a/logger-1/pz-1", "OBSERVATION_COUNT": 0},
            twin.id,
        )
    ]
    for device, serial in zip((logger, twin), serials, strict=True):
        device.props.pop("SERIAL_NO", None)
        if serial is not None:
            device.props["SERIAL_NO"] = serial
    refused = no_safe_plan(live)
    message = str(refused)
    assert f"2 devices hold sensors carrying the refIds of its sensors: {logger.id}" in message, message
    assert twin.id in message and "2 sensors, with 1,000 observations" in message, message
    assert "1 sensor, with 0 observations" in message, message
    assert "which one to give SERIAL_NO 'site:dam-a/logger-1' is yours to choose" in message, message
    assert "removes it" not in message and "declare it where it now is" not in message, message
    # once the choice is made, plan and apply go ahead, listing the other's sensors as duplicates
    assert "The one not chosen keeps carrying those refIds: its sensors are then listed as copies" in message
    assert "refused as a copy" not in message, message
    lost = [refusal.lost_serial_no for refusal in refused.refusals if refusal.lost_serial_no]
    assert lost and {logger.id, twin.id} <= set(lost[0])
