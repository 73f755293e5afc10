"""The data-loss guard on a platform whose OBSERVATION_COUNT follows an upload late (variant
`observation-count-lags`): a sensor that reported (LAST_OBSERVATION) while its count still reads 0
holds an unknown number of observations, never none."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

BATTERY = "              - key: battery\n                name: Battery\n"


@pytest.fixture
def battery_reported(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "observation-count-lags")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    sensor = next(s for s in workspace.api("GET", "/api/sensors/all") if s["props"]["NAME"] == "Battery")
    workspace.api("POST", "/_sim/observations", json={"sensor_id": sensor["id"], "count": 3})
    workspace.edit(QUICKSTART, BATTERY, "")
    workspace.edit(QUICKSTART, "                template: BATTERY_CHARGE_SDE\n", "")
    return workspace


def test_a_sensor_that_reported_with_a_count_of_0_holds_an_unknown_number(
    battery_reported: Workspace,
) -> None:
    plan = battery_reported.json("plan", QUICKSTART)
    (removed,) = [c for c in plan["changes"] if c["action"] == "remove"]
    assert removed["observations"] is None and removed["observations_unknown"] is True  # never "0"


def test_its_removal_needs_allow_destroy(battery_reported: Workspace) -> None:
    refused = battery_reported.run("apply", QUICKSTART, "--auto-approve")
    assert refused.exit_code == 1 and "--allow-destroy" in refused.output
    assert "an unknown number of observations" in refused.output
    allowed = battery_reported.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert allowed.exit_code == 0, allowed.output
