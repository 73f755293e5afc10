"""What the tests of a rename onto a refId carried under another tool's connection share (fz98): the
quickstart manifest applied, dam-a/logger-1/pz-1 holding 3,000 observations, and a connection
`other:conn` made behind iotplan's back holding a device, and under it a sensor holding 50."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.refused_rename import refused_rename


def another_tool_holds(
    workspace: Workspace, device_ref_id: str, sensor_ref_id: str, connection_ref_id: str = "other:conn"
) -> tuple[str, str]:
    """The scenario above, the connection, device and sensor given these refIds; their ids."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    history = workspace.live_entity("quickstart:dam-a/logger-1/pz-1")["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": history, "count": 3000})
    sensor = {
        "changeState": "new",
        "refId": sensor_ref_id,
        "props": {"NAME": "s", "INTEGRATION_ID": "TEMPERATURE_SDE"},
    }
    device = {
        "changeState": "new",
        "refId": device_ref_id,
        "props": {"NAME": "stray", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
        "sensors": [sensor],
    }
    node = {
        "changeState": "new",
        "refId": connection_ref_id,
        "props": {"NAME": "other tool"},
        "devices": [device],
    }
    workspace.integrate({"integration": node})
    held = workspace.live_entity(sensor_ref_id)["id"]
    workspace.api("POST", "/_sim/observations", json={"sensor_id": held, "count": 50})
    return workspace.live_entity(device_ref_id)["id"], held


def another_device_beside(
    workspace: Workspace,
    device_ref_id: str,
    sensor_ref_id: str,
    count: int,
    connection_ref_id: str = "other:conn",
) -> str:
    """A second device under that connection, and under it a sensor holding `count` observations;
    that sensor's id."""
    sensor = {"refId": sensor_ref_id, "props": {"NAME": "s2", "INTEGRATION_ID": "TEMPERATURE_SDE"}}
    device = {
        "changeState": "new",
        "refId": device_ref_id,
        "props": {"NAME": "stray2", "INTEGRATION_ID": "IMPORT_DEVICE_SDE"},
        "sensors": [{"changeState": "new", **sensor}],
    }
    workspace.integrate_under(connection_ref_id, [device])
    held = str(workspace.live_entity(sensor_ref_id)["id"])
    workspace.api("POST", "/_sim/observations", json={"sensor_id": held, "count": count})
    return held


def serial_no_step_followed(workspace: Workspace, device_ref_id: str, with_sensors: bool) -> None:
    """A refusal's SERIAL_NO step followed literally for the device carrying `device_ref_id` under
    `other:conn`: it given 'x:their-logger', and its sensor `<device_ref_id>/zz` 'x:zz' if the step
    names its sensors (`with_sensors`)."""
    sensor = {
        "changeState": "update",
        "refId": f"{device_ref_id}/zz",
        "props": {"SERIAL_NO": "x:zz"},
    }
    workspace.integrate_under(
        "other:conn",
        [
            {
                "changeState": "update",
                "refId": device_ref_id,
                "props": {"SERIAL_NO": "x:their-logger"},
                "sensors": [sensor] if with_sensors else [],
            }
        ],
    )


def plan_step(
    workspace: Workspace, after: str, before: str = " in the platform's web app"
) -> tuple[str, str]:
    """The plan's output, its lines joined as one, and the step it gives between `after` and `before`."""
    said = " ".join(workspace.run("plan", QUICKSTART).output.split())
    return said, said.partition(after)[2].partition(before)[0]


def device_serial_no_step_followed(workspace: Workspace, device_ref_id: str, step: str, retype: str) -> None:
    """`step`, a refusal's SERIAL_NO step for the device carrying `device_ref_id` under `other:conn`,
    followed literally: 'x:their-logger' where it says the SERIAL_NO must not start with `quickstart:`,
    the device's natural `retype` where it says no more."""
    serial_no = "x:their-logger" if "not start with 'quickstart:'" in step else retype
    device = {"changeState": "update", "refId": device_ref_id, "props": {"SERIAL_NO": serial_no}}
    workspace.integrate_under("other:conn", [device])


def next_plan_keeps(workspace: Workspace, sensor_ref_id: str, held: str) -> None:
    """Asserts the next plan succeeds and destroys nothing, the sensor `held` still carrying
    `sensor_ref_id`."""
    again = workspace.run("plan", QUICKSTART)

    assert again.exit_code == 0, again.output
    assert "0 to destroy" in again.output, again.output
    assert workspace.live_entity(sensor_ref_id)["id"] == held


def pz_1_renamed_onto_the_sensor_carrying(workspace: Workspace, ref_id: str) -> str:
    """The scenario above, its sensor carrying `ref_id` (pz-9's refId, in some case), then pz-1
    renamed to pz-9; asserts the rename refused as one onto that sensor, naming what each holds, and
    not as a write by pz-1's refId; that sensor's id."""
    _, stray = another_tool_holds(workspace, "other:conn/device", ref_id)
    old, said = refused_rename(workspace, "dam-a/logger-1/pz-1", "dam-a/logger-1/pz-9")

    assert "dam-a/logger-1/pz-9: moved: both dam-a/logger-1/pz-1 and dam-a/logger-1/pz-9 exist" in said
    assert f"dam-a/logger-1/pz-1 ({old}) holds 3,000 observations" in said
    holder = f"sensor {stray} named 's' (SERIAL_NO '{ref_id}')"
    assert f"{holder}, at dam-a/logger-1/pz-9, holds 50 observations" in said
    assert "remove the duplicate" not in said
    return stray
