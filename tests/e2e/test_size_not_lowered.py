"""Where the platform does not lower a device's SIZE when a sensor is removed (`size-not-lowered`),
iotplan cannot tell a stale SIZE from a sensor its read missed: it creates nothing under that device."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_variants import listed

BATTERY = (
    "              - key: battery\n"
    "                name: Battery\n"
    "                template: BATTERY_CHARGE_SDE\n"
)
RAIN = (
    "              - key: rain\n                name: Rain gauge\n                template: TEMPERATURE_SDE\n"
)


def test_a_sensor_is_not_created_under_a_device_whose_size_stayed_above_its_sensors(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "size-not-lowered")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, BATTERY, "")
    removed = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert removed.exit_code == 0, removed.output
    sensors = {sensor["id"] for sensor in listed(workspace, "sensors")}
    workspace.edit(
        QUICKSTART,
        "                template: TEMPERATURE_SDE\n",
        "                template: TEMPERATURE_SDE\n" + RAIN,
    )
    refused = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert "dam-a/weather/rain: would create sensor" in refused.output
    assert "whose SIZE is 2 but 1 sensor was read under it" in refused.output
    assert {sensor["id"] for sensor in listed(workspace, "sensors")} == sensors, "nothing written"
