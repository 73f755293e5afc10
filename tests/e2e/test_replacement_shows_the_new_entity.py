"""A replacement (`-/+`) shows the entity made in its place as a create does: a reviewer reads the
metrics and units its new history will be recorded in before approving."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

AIR_TEMP = """                name: Air temperature
                template: TEMPERATURE_SDE
"""
AIR_TEMP_GENERIC = """                name: Air temp (renamed)
                metrics:
                  - {custom_metric: air_t, custom_unit: degF}
"""


@pytest.mark.parametrize("view", ["text", "markdown"])
def test_a_template_change_shows_the_new_sensors_name_and_metrics(workspace: Workspace, view: str) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    workspace.edit(QUICKSTART, AIR_TEMP, AIR_TEMP_GENERIC)
    plan = workspace.run("plan", QUICKSTART, "--format", view).stdout
    assert "-/+ sensor dam-a/weather/air-temp (GENERIC_SENSOR_SDE)" in plan
    assert '+ name = "Air temp (renamed)"' in plan
    assert '+ metrics = [{"custom_metric": "air_t", "custom_unit": "degF"}]' in plan
