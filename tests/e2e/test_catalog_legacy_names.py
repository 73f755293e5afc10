"""A template or metric the catalog no longer lists (iotplan asks it with excludeLegacy=true) that
live sensors still hold: kept as it stands, never told as a typo; a new sensor naming it is refused."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace
from tests.e2e.test_variants import listed

NEW_SENSOR = """              - key: battery
                name: Battery
"""
GONE = (
    "is no longer in the platform's catalog (read with excludeLegacy=true: the vendor may have marked it "
    "legacy or withdrawn it)"
)
NEW_TEMPERATURE_SENSOR = """              - key: air-temp-2
                name: Air temperature 2
                template: TEMPERATURE_SDE
"""


@pytest.fixture
def legacy_held(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    """The quickstart applied, its air temperature sensor with history; then the vendor marks
    TEMPERATURE_SDE and cum_distance legacy."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    [air] = [
        sensor for sensor in listed(workspace, "sensors") if sensor["props"]["NAME"] == "Air temperature"
    ]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": air["id"], "count": 500})
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "catalog-legacy-hidden")
    return workspace


def test_names_live_sensors_hold_are_kept_and_said_to_be_gone_from_the_catalog(
    legacy_held: Workspace, caplog: pytest.LogCaptureFixture
) -> None:
    plan = legacy_held.run("plan", QUICKSTART, "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output
    assert "did you mean" not in plan.output
    warned = [message for message in caplog.messages if "kept as it stands" in message]
    assert sorted(message.split(" on the platform")[0] for message in warned) == [
        f"sensor metrics[1] metric 'cum_distance' {GONE}, but dam-a/logger-1/crack-1",
        f"sensor template 'TEMPERATURE_SDE' {GONE}, but dam-a/weather/air-temp",
    ]
    assert legacy_held.run("drift", QUICKSTART).exit_code == 0


def test_a_legacy_name_many_sensors_hold_is_said_once(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A fleet's 100,000 sensors of a withdrawn template: one note, not one per sensor."""
    workspace.edit(QUICKSTART, NEW_SENSOR, NEW_TEMPERATURE_SENSOR + NEW_SENSOR)
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "catalog-legacy-hidden")
    caplog.clear()
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
    [said] = [message for message in caplog.messages if "template 'TEMPERATURE_SDE'" in message]
    assert "but 2 entities (first: dam-a/weather/air-temp) on the platform already hold it" in said


def test_an_imported_manifest_plans_no_changes(legacy_held: Workspace) -> None:
    imported = legacy_held.run("import", "--project", PROJECT, "--output", "imported.yaml")
    assert imported.exit_code == 0, imported.output
    plan = legacy_held.run("plan", "imported.yaml", "--detailed-exitcode")
    assert plan.exit_code == 0, plan.output


def test_a_new_sensor_naming_a_name_only_live_ones_hold_is_refused(legacy_held: Workspace) -> None:
    legacy_held.edit(QUICKSTART, NEW_SENSOR, NEW_TEMPERATURE_SENSOR + NEW_SENSOR)
    plan = legacy_held.run("plan", QUICKSTART)
    assert plan.exit_code == 1
    assert "dam-a/weather/air-temp-2: unknown sensor template 'TEMPERATURE_SDE'" in plan.stderr
    assert "dam-a/weather/air-temp: unknown" not in plan.stderr
