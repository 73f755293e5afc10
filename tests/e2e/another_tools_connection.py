"""What the tests of a rename onto a refId carried under another tool's connection share (fz98): the
quickstart manifest applied, dam-a/logger-1/pz-1 holding 3,000 observations, and a connection
`other:conn` made behind iotplan's back holding a device, and under it a sensor holding 50."""

from __future__ import annotations

from tests.e2e.conftest import QUICKSTART, Workspace


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
