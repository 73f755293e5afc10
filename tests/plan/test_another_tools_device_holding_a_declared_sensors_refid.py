"""Another tool's device ('TOOL-7', never this stack's) holding a sensor that carries the refId a
declared device's sensor gets: the refusal said the device "had its SERIAL_NO changed to 'TOOL-7'"
and to set it back, a guess told as fact, whose step overwrites another tool's SERIAL_NO. It now
says what is known, the device, its SERIAL_NO and what it holds, and both steps: set it back if it
is the declared device, else give those sensors SERIAL_NOs of their own (fx374). Still refused."""

from __future__ import annotations

from tests.plan.another_tools_device import SECOND, tool_device_holding_logger_2s_sensor
from tests.plan.livebuilder import applied
from tests.plan.serial_no_changed import no_safe_plan
from tests.plan.test_diff import MANIFEST, load


def test_another_tools_device_holding_a_declared_sensors_refid_is_not_told_as_changed() -> None:
    live = applied(load(), observations=500)
    tool, _ = tool_device_holding_logger_2s_sensor(live, {"SERIAL_NO": "TOOL-7"})
    message = " ".join(str(no_safe_plan(live, load(MANIFEST + SECOND))).split())
    assert f"the device at {tool.id} (SERIAL_NO 'TOOL-7') holds 1 sensor carrying the refIds" in message, (
        message
    )
    assert "with 50 observations. If it is dam-a/logger-2, its SERIAL_NO changed by another writer" in message
    assert "set its SERIAL_NO back to 'site:dam-a/logger-2' in the platform's web app" in message, message
    assert "if it is not, give those sensors SERIAL_NOs of their own in the platform's web app" in message
    assert "had its SERIAL_NO changed" not in message and "removes it" not in message, message
