"""A sensor the web app added (`Password:hunter2`, its SERIAL_NO cleared, holding observations) under
a device where the manifest declares another: plan refuses, quoting the live sensor's name, which
showed the credential in clear in every format while drift showed it "(sensitive)"."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

SECOND = "              - key: battery\n"
AIR_TEMP_2 = (
    "              - key: air-temp-2\n"
    "                name: Air temperature 2\n"
    "                template: TEMPERATURE_SDE\n"
)


@pytest.fixture
def refused(workspace: Workspace) -> Workspace:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    props = {"NAME": "Password:hunter2", "INTEGRATION_ID": "TEMPERATURE_SDE"}
    added = {"changeState": "new", "refId": "webapp-sensor-1", "props": props}
    device = {"changeState": "update", "refId": "quickstart:dam-a/weather", "sensors": [added]}
    workspace.integrate_under("quickstart:dam-a", [device])
    cleared = {"changeState": "update", "refId": "webapp-sensor-1", "props": {"SERIAL_NO": None}}
    sensor_id = workspace.live_entity("webapp-sensor-1")["id"]
    workspace.integrate_under("quickstart:dam-a", [{**device, "sensors": [cleared]}])
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor_id, "count": 50})
    workspace.edit(QUICKSTART, SECOND, AIR_TEMP_2 + SECOND)
    return workspace


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_the_refusal_shows_the_live_name_sensitive(refused: Workspace, output: str) -> None:
    planned = refused.run("plan", QUICKSTART, "--format", output)
    assert planned.exit_code == 1, planned.output
    assert "no SERIAL_NO) is under its device" in planned.output
    assert "hunter2" not in planned.output
    assert "named '(sensitive)'" in planned.output
