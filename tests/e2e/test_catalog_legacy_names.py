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
    said = " ".join(plan.stderr.split())
    # Told as the name gone from the catalog, as the note on air-temp is: never a typo, whose
    # "did you mean 'MOISTURE_SDE'?" would make a temperature sensor of a moisture template.
    assert f"dam-a/weather/air-temp-2: sensor template 'TEMPERATURE_SDE' {GONE}" in said
    assert "did you mean" not in said and "unknown" not in said


def test_the_notes_are_in_the_json_of_plan_and_drift(legacy_held: Workspace) -> None:
    """A machine reader of `--format json` sees what stderr says: which names are kept, and where."""
    kept = {
        (("template",), "TEMPERATURE_SDE", "dam-a/weather/air-temp"),
        (("metrics", 1, "metric"), "cum_distance", "dam-a/logger-1/crack-1"),
    }
    for command in ("plan", "drift"):
        notes = legacy_held.json(command, QUICKSTART)["catalog_notes"]
        said = {(tuple(note["field"]), note["name"], note["first"]) for note in notes}
        assert said == kept, command
        assert all(note["held_by"] == 1 and GONE in note["message"] for note in notes)
    [note, _] = legacy_held.json("drift", QUICKSTART)["catalog_notes"]
    assert note["manifest"] == QUICKSTART


def test_a_drift_of_a_manifest_plan_refuses_still_says_its_notes(legacy_held: Workspace) -> None:
    """crack-1 renamed onto a crack-2 that exists too: plan refuses, drift reports it, notes and all."""
    manifest = legacy_held.path / QUICKSTART
    text = manifest.read_text()
    crack_2 = (
        "              - key: crack-2\n"
        "                name: Crack meter CM-2\n"
        "                template: BATTERY_CHARGE_SDE\n"
    )
    manifest.write_text(
        text.replace("              - key: tilt-1\n", crack_2 + "              - key: tilt-1\n")
    )
    applied = legacy_held.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    renamed = manifest.read_text().replace(crack_2, "").replace("key: crack-1", "key: crack-2")
    manifest.write_text(
        renamed + "\nmoved:\n  - {from: dam-a/logger-1/crack-1, to: dam-a/logger-1/crack-2}\n"
    )
    assert "moved: both" in legacy_held.run("plan", QUICKSTART).stderr
    drift = legacy_held.json("drift", QUICKSTART)
    # crack-1, the rename's old sensor, is refused with it, pointing at crack-2's refusal (fz108 F1).
    refused = sorted(entry["address"] for entry in drift["entries"] if entry["refused"])
    assert refused == ["dam-a/logger-1/crack-1", "dam-a/logger-1/crack-2"]
    assert sorted(note["name"] for note in drift["catalog_notes"]) == ["TEMPERATURE_SDE", "cum_distance"]


@pytest.mark.parametrize(
    ("renamed", "to"),
    [("dam-a/logger-1/crack-1", "crack-2"), ("dam-a/logger-1", "logger-9"), ("dam-a", "dam-z")],
)
def test_a_rename_of_an_entity_holding_a_legacy_name_or_of_its_parent_is_planned_keeping_it(
    legacy_held: Workspace, renamed: str, to: str
) -> None:
    """The live sensor holding cum_distance is found under its old refId (`moved`), as the diff finds
    it: the rename is planned and the name kept, never told as unknown. (A guard: it held already.)"""
    *parent, key = renamed.split("/")
    new_address = "/".join([*parent, to])
    legacy_held.edit(QUICKSTART, f"- key: {key}\n", f"- key: {to}\n")
    manifest = legacy_held.path / QUICKSTART
    manifest.write_text(manifest.read_text() + f"\nmoved:\n  - {{from: {renamed}, to: {new_address}}}\n")
    plan = legacy_held.run("plan", QUICKSTART)
    assert plan.exit_code == 0, plan.output
    assert "moved from dam-a/logger-1/crack-1" in plan.stdout and "unknown" not in plan.stderr
    notes = legacy_held.json("drift", QUICKSTART)["catalog_notes"]
    held = [note["first"] for note in notes if note["name"] == "cum_distance"]
    assert held == ["dam-a/logger-1/crack-1".replace(renamed, new_address, 1)]
