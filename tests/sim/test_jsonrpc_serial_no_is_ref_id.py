"""A SERIAL_NO set through JSON-RPC on a device or sensor (the web app's edit) is the refId
integrate finds it by (A1), as a connection's is; a sibling's is refused, as integrate refuses it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.sim.rpc_client import PROJECT, Rpc

INTEGRATE = f"/api/integrations/integrate?projectIds={PROJECT}"


def web_app_site(rpc: Rpc) -> dict[str, Any]:
    """A connection with two devices, the first with two sensors, none given a refId (no SERIAL_NO)."""
    sensor = {"changeState": "new", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    devices = [
        {
            "changeState": "new",
            "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": f"Logger {name}"},
            "sensors": [sensor] * count,
        }
        for name, count in (("A", 2), ("B", 1))
    ]
    answer = rpc.rest("POST", INTEGRATE, json={"integration": {"changeState": "new", "devices": devices}})
    assert answer.status_code == 200, answer.text
    return dict(answer.json()["integration"])


def renamed_by_integrate(rpc: Rpc, node_id: str, device: dict[str, Any]) -> int:
    body = {"integration": {"nodeId": node_id, "devices": [device]}}
    return rpc.rest("POST", INTEGRATE, json=body).status_code


def test_a_devices_serial_no_set_through_json_rpc_is_the_ref_id_integrate_updates_it_by() -> None:
    rpc = Rpc()
    site = web_app_site(rpc)
    device_id = site["devices"][0]["device"]["id"]
    rpc.connection().result("updateDevice", {"device": device_id, "props": {"SERIAL_NO": "ui-a"}})
    update = {"changeState": "update", "refId": "ui-a", "props": {"NAME": "Logger A1"}}
    assert renamed_by_integrate(rpc, site["node"]["id"], update) == 200
    [device] = rpc.connection().result("getDevices", {"devices": [device_id]})
    assert device["props"]["NAME"] == "Logger A1"


def test_a_sensors_serial_no_set_through_json_rpc_is_the_ref_id_integrate_updates_it_by() -> None:
    rpc = Rpc()
    site = web_app_site(rpc)
    group = site["devices"][0]
    device_id, sensor_id = group["device"]["id"], group["sensors"][0]["id"]
    connection = rpc.connection()
    connection.result("updateDevice", {"device": device_id, "props": {"SERIAL_NO": "ui-a"}})
    connection.result("updateSensor", {"sensor": sensor_id, "props": {"SERIAL_NO": "ui-a/t"}})
    sensor = {"changeState": "update", "refId": "ui-a/t", "props": {"NAME": "Temp A"}}
    update = {"changeState": "update", "refId": "ui-a", "sensors": [sensor]}
    assert renamed_by_integrate(rpc, site["node"]["id"], update) == 200
    [read] = connection.result("getSensors", {"sensors": [sensor_id]})
    assert read["props"]["NAME"] == "Temp A"


@pytest.mark.parametrize("kind", ["device", "sensor"])
def test_a_siblings_serial_no_set_through_json_rpc_is_refused_and_changes_nothing(kind: str) -> None:
    rpc = Rpc()
    site = web_app_site(rpc)
    first, second = site["devices"]
    connection = rpc.connection()
    if kind == "device":
        ids = [first["device"]["id"], second["device"]["id"]]
    else:  # two sensors on one device
        ids = [sensor["id"] for sensor in first["sensors"]]
    method = f"update{kind.capitalize()}"
    connection.result(method, {kind: ids[0], "props": {"SERIAL_NO": "taken"}})
    error = connection.error(method, {kind: ids[1], "props": {"SERIAL_NO": "taken", "NAME": "x"}})
    assert error["code"] == -32009 and "taken" in error["message"]
    [unchanged] = connection.result(f"get{kind.capitalize()}s", {f"{kind}s": [ids[1]]})
    assert unchanged["props"].get("SERIAL_NO") != "taken" and unchanged["props"].get("NAME") != "x"
