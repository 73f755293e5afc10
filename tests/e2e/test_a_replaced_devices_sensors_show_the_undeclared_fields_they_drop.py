"""A device's replacement makes its sensors again with it, each from what the manifest declares: a
sensor's name or notes set in the web app and left out of the manifest are not written to the new
one. The device's own such fields were shown as `-` lines under its `-/+`; its sensors' creations
carried no `before`, so what they lost went unseen. Each is shown under the sensor's `+` line too."""

from __future__ import annotations

from iotplan.sim import embedded_transport
from tests.e2e.conftest import QUICKSTART, Workspace

BATTERY = "quickstart:dam-a/weather/battery"


def _battery_named_in_the_web_app(workspace: Workspace) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    device = {"changeState": "update", "refId": "quickstart:dam-a/weather", "props": {}}
    props = {"NAME": "Battery bank B", "NOTES": "Token: T1abc"}
    device["sensors"] = [{"changeState": "update", "refId": BATTERY, "props": props}]
    workspace.integrate_under("quickstart:dam-a", [device])
    workspace.edit(
        QUICKSTART, "defaults:\n  sensor:\n    notes: Installed by the 2026 instrumentation contract\n", ""
    )
    workspace.edit(QUICKSTART, "                name: Battery\n", "")
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")


def test_a_replaced_devices_sensor_shows_the_fields_it_is_made_without(workspace: Workspace) -> None:
    _battery_named_in_the_web_app(workspace)
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    created = lines.index(next(line for line in lines if line.startswith("+ sensor dam-a/weather/battery")))
    shown = lines[created + 1 : created + 6]
    assert '- name = "Battery bank B"' in shown and "- notes = (sensitive)" in shown, result.stdout
    assert "T1abc" not in result.output


def test_its_json_plan_carries_what_the_sensor_held(workspace: Workspace) -> None:
    _battery_named_in_the_web_app(workspace)
    plan = workspace.json("plan", QUICKSTART)
    battery = next(c for c in plan["changes"] if c["address"] == "dam-a/weather/battery")
    assert battery["before"]["name"] == "Battery bank B", battery
    assert battery["before"]["notes"] == "(sensitive)", battery


def _renamed_alone(workspace: Workspace, ref_id: str, name: str) -> None:
    """A sensor renamed in the web app, its device left as it was (the embedded platform's integrate
    would touch the device too)."""
    transport = embedded_transport(workspace.path / ".iotplan" / "sim.db")
    store = transport.app.backend.store  # type: ignore[attr-defined]
    try:
        sensor = store.get(workspace.live_entity(ref_id)["id"])
        sensor["props"]["NAME"] = name
        with store.transaction():
            store.update(sensor)
    finally:
        store.close()


def test_a_saved_plans_apply_says_the_platform_changed_what_the_sensor_loses(workspace: Workspace) -> None:
    """Reviewed as losing one name, applied it would lose another: the platform's doing, said so."""
    _battery_named_in_the_web_app(workspace)
    assert workspace.run("plan", QUICKSTART, "--out", "plan.json").exit_code == 0
    _renamed_alone(workspace, BATTERY, "Battery bank C")
    refused = workspace.run("apply", "plan.json", "--auto-approve")
    assert refused.exit_code == 1, refused.output
    assert (
        "dam-a/weather/battery, made again with its replaced device, reads otherwise on the platform"
        in refused.stderr
    )
    assert workspace.live_entity(BATTERY)["props"]["NAME"] == "Battery bank C"  # nothing written
