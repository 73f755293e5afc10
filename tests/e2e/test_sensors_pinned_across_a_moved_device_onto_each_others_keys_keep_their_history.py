"""A device renamed weather → wx by a `moved` entry whose two sensors are pinned across each other's keys:
wx/air-temp pins `quickstart:dam-a/weather/battery`, wx/at2 pins `quickstart:dam-a/weather/air-temp` (cr126's
S6). validate refused at2 as "still declared", taking wx/air-temp for a second claim on the sensor the entry
moves there, though wx/air-temp is read through its own pin. Now it applies: each sensor keeps its id and
history, nothing is added or destroyed, and the next plan has nothing to do."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace

SENSORS = """\
              - key: air-temp
                name: Air temperature
                template: TEMPERATURE_SDE
              - key: battery
                name: Battery
                template: BATTERY_CHARGE_SDE
"""
PINNED_ACROSS = """\
              - key: air-temp
                name: Battery
                template: BATTERY_CHARGE_SDE
                ref_id: quickstart:dam-a/weather/battery
              - key: at2
                name: Air temperature
                template: TEMPERATURE_SDE
                ref_id: quickstart:dam-a/weather/air-temp
"""


def test_sensors_pinned_across_a_moved_device_onto_each_others_keys_keep_their_history(
    workspace: Workspace,
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    kept = {}
    for ref_id, count in (
        ("quickstart:dam-a/weather/air-temp", 100),
        ("quickstart:dam-a/weather/battery", 40),
    ):
        kept[ref_id] = workspace.live_entity(ref_id)["id"]
        workspace.api("POST", "/_sim/observations", json={"sensor_id": kept[ref_id], "count": count})
    workspace.edit(QUICKSTART, SENSORS, PINNED_ACROSS)
    workspace.edit(QUICKSTART, "- key: weather\n", "- key: wx\n")
    workspace.edit(QUICKSTART, "defaults:\n", "moved:\n  - {from: dam-a/weather, to: dam-a/wx}\ndefaults:\n")

    validated = workspace.run("validate", QUICKSTART)
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")

    assert validated.exit_code == 0, validated.output
    assert applied.exit_code == 0, applied.output
    assert "0 added" in applied.stdout and "0 destroyed" in applied.stdout, applied.stdout
    for ref_id, count in (
        ("quickstart:dam-a/weather/air-temp", 100),
        ("quickstart:dam-a/weather/battery", 40),
    ):
        sensor = workspace.live_entity(ref_id)
        assert sensor["id"] == kept[ref_id]
        assert sensor["props"]["OBSERVATION_COUNT"] == count
    assert workspace.live_entity("quickstart:dam-a/wx")["props"]
    assert workspace.run("plan", QUICKSTART, "--detailed-exitcode").exit_code == 0
