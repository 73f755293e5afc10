"""A device renamed logger-1 → logger-9 with a `moved` entry while a SENSOR under another tool's
connection carries `quickstart:dam-a/logger-9`, the device's new refId (cr137 B1). Holders of the new
refId were looked for among devices alone: the rename was refused as a write by the OLD refId "which
another live entity carries too ... remove the duplicate", which only logger-1 and its 3,000
observations carry, and the sensor never named. Now it is refused as a rename onto that sensor."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import Workspace
from tests.e2e.refused_rename import refused_rename


def test_a_device_renamed_onto_a_refid_a_sensor_carries_is_refused_naming_that_sensor(
    workspace: Workspace,
) -> None:
    _, holder = another_tool_holds(workspace, "other:conn/device", "quickstart:dam-a/logger-9")
    _, said = refused_rename(workspace, "dam-a/logger-1", "dam-a/logger-9")

    assert "dam-a/logger-9: moved: both dam-a/logger-1 and dam-a/logger-9 exist on the platform" in said
    assert f"sensor {holder} named 's' (SERIAL_NO 'quickstart:dam-a/logger-9')" in said
    assert "remove the duplicate" not in said
