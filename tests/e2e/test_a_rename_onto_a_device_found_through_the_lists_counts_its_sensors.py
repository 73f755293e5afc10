"""A device renamed logger-1 → logger-9 with a `moved` entry while a device under another tool's
connection carries `QUICKSTART:DAM-A/LOGGER-9`, the new refId in another case, with one sensor of its
own holding 50 observations (cr137 F1). The project's lists kept that device alone, without the sensor
(whose refId the plan does not declare): the refusal said it "holds none of them (0 sensors and an
unknown number of observations)". Now its sensors are kept with it and counted: 1 sensor and 50."""

from __future__ import annotations

from tests.e2e.another_tools_connection import another_tool_holds
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.refused_rename import renamed_with_moved


def test_a_rename_onto_a_device_found_through_the_lists_counts_its_sensors(workspace: Workspace) -> None:
    stray, _ = another_tool_holds(workspace, "QUICKSTART:DAM-A/LOGGER-9", "other:conn/device/s")
    renamed_with_moved(workspace, "dam-a/logger-1", "dam-a/logger-9")

    planned = workspace.run("plan", QUICKSTART)

    assert planned.exit_code == 1, planned.output
    said = " ".join(planned.output.split())
    assert f"device {stray} named 'stray' (SERIAL_NO 'QUICKSTART:DAM-A/LOGGER-9')" in said
    assert "holds none of them (1 sensor and 50 observations)" in said
    assert "0 sensors" not in said
