"""The emulator's JSON-RPC rules, one behaviour per test (the reference's JSON-RPC, docs/sim.md)."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
import yaml

from iotplan.sim import Dropped, demo_seed
from tests.sim.rpc_client import (
    FOREIGN_PROJECT,
    PROJECT,
    SECOND_PROJECT,
    THREAD,
    Rpc,
    logger,
    piezometer,
)

DEVICE = f"{THREAD}/vwlogger/vw1/device"
SENSOR = f"{DEVICE}/p1/sensor"


@pytest.fixture
def rpc() -> Rpc:
    return Rpc()


def site(rpc: Rpc) -> None:
    """A logger with one piezometer under the seeded THREAD site."""
    connection = rpc.connection()
    connection.result("createDevice", logger())
    connection.result("createSensor", piezometer(DEVICE))


# --- authentication ------------------------------------------------------------------------------
def test_nothing_is_answered_before_authenticate(rpc: Rpc) -> None:
    connection = rpc.connection(key=None)
    error = connection.error("getNodes", {"nodes": [THREAD]})
    assert error["code"] == -32001 and "authenticate" in error["message"]
    assert connection.error("time")["code"] == -32001


def test_authenticate_answers_the_next_id_to_use(rpc: Rpc) -> None:
    connection = rpc.connection(key=None)
    [answer] = connection.request(
        {"jsonrpc": "2.0", "method": "authenticate", "id": 41, "params": {"code": "demo-key"}}
    )
    assert answer == {"jsonrpc": "2.0", "id": 41, "result": {"nextId": 42}}


def test_a_wrong_key_is_refused_and_the_connection_stays_closed(rpc: Rpc) -> None:
    connection = rpc.connection(key=None)
    error = connection.error("authenticate", {"code": "not-a-key"})
    assert error["code"] == -32001 and error["message"] == "Invalid token"
    assert connection.error("getNodes", {"nodes": [THREAD]})["code"] == -32001


def test_a_token_the_rest_api_accepts_authenticates_and_an_expired_one_does_not(rpc: Rpc) -> None:
    form = {"grant_type": "client_credentials", "client_id": "demo-client", "client_secret": "demo-secret"}
    token = rpc.rest("POST", "/connect/token", data=form).json()["access_token"]
    assert rpc.connection(key=token).result("getNodes", {"nodes": [THREAD]})[0]["id"] == THREAD
    expired = rpc.rest("POST", "/_sim/tokens", json={"expires_in": -1}).json()["access_token"]
    error = rpc.connection(key=None).error("authenticate", {"code": expired})
    assert error["code"] == -32001 and error["message"].startswith("Token has expired on")


def test_each_connection_has_its_own_authentication(rpc: Rpc) -> None:
    authenticated, fresh = rpc.connection(), rpc.connection(key=None)
    assert authenticated.result("getNodes", {"nodes": [THREAD]})
    assert fresh.error("getNodes", {"nodes": [THREAD]})["code"] == -32001


# --- one store with REST ---------------------------------------------------------------------------
def test_the_seeded_thread_site_is_a_json_rpc_node(rpc: Rpc) -> None:
    [node] = rpc.connection().result("getNodes", {"nodes": [THREAD]})
    assert node["type"] == "THREAD" and node["props"]["NAME"] == "Tunnel T3 THREAD"
    assert node["props"]["SERIAL_NO"] == "6C7D8E" and node["props"]["PROJECT_ID"] == PROJECT
    assert node["props"]["ACCESSIBLE"] is True and node["props"]["OBSERVATION_COUNT"] == 0
    assert rpc.connection().result("getDevices", {"devices": [f"{THREAD}/x/y/device"]}) == []


def test_entities_created_over_json_rpc_are_listed_by_rest(rpc: Rpc) -> None:
    site(rpc)
    listed = {
        kind: {
            e["id"]: e for e in rpc.rest("GET", f"/api/{kind}s/all", params={"projectIds": PROJECT}).json()
        }
        for kind in ("device", "sensor")
    }
    assert listed["device"][DEVICE]["props"]["SIZE"] == 1 and SENSOR in listed["sensor"]
    read = rpc.rest("POST", f"/api/integrations/{THREAD}", params={"projectIds": PROJECT}).json()
    [group] = read["integration"]["devices"]
    assert (group["device"]["id"], [s["id"] for s in group["sensors"]]) == (DEVICE, [SENSOR])


def test_entities_integrated_over_rest_are_read_over_json_rpc(rpc: Rpc) -> None:
    sensor = {"changeState": "new", "refId": "s1", "props": {"INTEGRATION_ID": "TEMPERATURE_SDE"}}
    device = {"changeState": "new", "refId": "d1", "props": {"INTEGRATION_ID": "IMPORT_DEVICE_SDE"}}
    body = {"integration": {"changeState": "new", "devices": [{**device, "sensors": [sensor]}]}}
    made = rpc.rest("POST", "/api/integrations/integrate", params={"projectIds": PROJECT}, json=body)
    group = made.json()["integration"]["devices"][0]
    rpc.app.backend.add_observations(group["sensors"][0]["id"], 7)
    connection = rpc.connection()
    [device_read] = connection.result("getDevices", {"devices": [group["device"]["id"]]})
    [sensor_read] = connection.result("getSensors", {"sensors": [group["sensors"][0]["id"]]})
    assert device_read["props"]["OBSERVATION_COUNT"] == 7 and device_read["props"]["SIZE"] == 1
    assert sensor_read["device"] == group["device"]["id"]
    metrics = connection.result("getMetrics", {"sensors": [sensor_read["id"]]})
    assert [metric["id"] for metric in metrics[sensor_read["id"]]] == ["T"]


def test_observation_counts_add_up_from_sensors_to_the_connection(rpc: Rpc) -> None:
    site(rpc)
    connection = rpc.connection()
    connection.result("createSensor", piezometer(DEVICE, "p2", MUX_INDEX=2))
    rpc.app.backend.add_observations(SENSOR, 5)
    rpc.app.backend.add_observations(f"{DEVICE}/p2/sensor", 3)
    [node] = connection.result("getNodes", {"nodes": [THREAD]})
    [device] = connection.result("getDevices", {"devices": [DEVICE]})
    sensors = connection.result("getSensors", {"sensors": [f"{DEVICE}/p2/sensor", SENSOR]})
    assert [s["props"]["OBSERVATION_COUNT"] for s in sensors] == [3, 5], "in the order asked"
    assert device["props"]["OBSERVATION_COUNT"] == node["props"]["OBSERVATION_COUNT"] == 8
    assert device["props"]["SIZE"] == 2 and device["props"]["SENSOR_GROUP"] == DEVICE


def test_a_device_and_its_connection_show_their_sensors_latest_observation(rpc: Rpc) -> None:
    """The reference's device object carries LAST_OBSERVATION: the latest of its sensors'."""
    site(rpc)
    connection = rpc.connection()
    [device] = connection.result("getDevices", {"devices": [DEVICE]})
    assert "LAST_OBSERVATION" not in device["props"], "no sensor has reported"
    rpc.app.backend.add_observations(SENSOR, 5)
    [sensor] = connection.result("getSensors", {"sensors": [SENSOR]})
    [device] = connection.result("getDevices", {"devices": [DEVICE]})
    [node] = connection.result("getNodes", {"nodes": [THREAD]})
    latest = sensor["props"]["LAST_OBSERVATION"]
    assert device["props"]["LAST_OBSERVATION"] == node["props"]["LAST_OBSERVATION"] == latest


def test_an_unreachable_thread_is_not_accessible(rpc: Rpc) -> None:
    rpc.rest("POST", "/_sim/gateways/6C7D8E", json={"status": "unreachable"})
    [node] = rpc.connection().result("getNodes", {"nodes": [THREAD]})
    assert node["props"]["ACCESSIBLE"] is False


# --- create ----------------------------------------------------------------------------------------
def test_creating_an_existing_id_is_an_error_that_changes_nothing(rpc: Rpc) -> None:
    site(rpc)
    connection = rpc.connection()
    error = connection.error("createDevice", logger(NAME="Renamed"))
    assert error["code"] == -32009 and DEVICE in error["message"] and "already exists" in error["message"]
    assert connection.result("getDevices", {"devices": [DEVICE]})[0]["props"]["NAME"] == "Logger vw1"
    assert connection.error("createSensor", piezometer(DEVICE))["code"] == -32009
    node = {"node": THREAD, "type": "THREAD", "props": {"VERSION": "v1"}}
    assert connection.error("createNode", node)["code"] == -32009


def test_create_node_needs_a_version_and_takes_its_serial_from_the_id(rpc: Rpc) -> None:
    connection = rpc.connection()
    node = {"node": "/fn/0A0B0C/node", "type": "THREAD", "props": {"NAME": "New"}}
    assert connection.error("createNode", node)["code"] == -32602
    made = connection.result("createNode", {**node, "props": {"NAME": "New", "VERSION": "v4_6"}})
    assert made["props"]["SERIAL_NO"] == "0A0B0C" and made["props"]["NODE_ID"] == "/fn/0A0B0C/node"
    nodes = rpc.rest("GET", "/api/nodes/all", params={"projectIds": PROJECT}).json()
    assert "/fn/0A0B0C/node" in [n["id"] for n in nodes]


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"type": "NO_SUCH_LOGGER"}, -32602),
        ({"device": "/fn/6C7D8E/node/vw1/device"}, -32602),  # not the documented form
        ({"device": "/fn/4A1B2C/node/vwlogger/vw1/device"}, -32602),  # not under its NODE_ID
        ({"props": {"NAME": "x"}}, -32602),  # no NODE_ID
        ({"props": {"NAME": "x", "NODE_ID": "/fn/FFFFFF/node"}}, -32004),
    ],
)
def test_a_device_that_cannot_be_made_is_refused_and_nothing_is_written(
    rpc: Rpc, change: dict[str, object], code: int
) -> None:
    connection = rpc.connection()
    params = {**logger(), **change}
    assert connection.error("createDevice", params)["code"] == code
    devices = rpc.rest("GET", "/api/devices/all", params={"projectIds": PROJECT}).json()
    assert [d for d in devices if d["id"].startswith("/fn/")] == []


def test_a_sensor_on_a_device_that_does_not_exist_is_not_found(rpc: Rpc) -> None:
    error = rpc.connection().error("createSensor", piezometer(DEVICE))
    assert error["code"] == -32004 and DEVICE in error["message"]


def test_a_sensor_carries_its_device_and_connection(rpc: Rpc) -> None:
    site(rpc)
    [sensor] = rpc.connection().result("getSensors", {"sensors": [SENSOR]})
    assert sensor["device"] == DEVICE and sensor["type"] == "VW_PIEZOMETER"
    assert sensor["props"]["NODE_ID"] == THREAD and sensor["props"]["MUX_INDEX"] == 1
    assert sensor["props"]["SERIAL_NO"] == "vw1", "the device's serial, as the reference answers"


# --- update ----------------------------------------------------------------------------------------
def test_update_changes_only_the_props_it_is_given(rpc: Rpc) -> None:
    site(rpc)
    connection = rpc.connection()
    answer = connection.result(
        "updateDevice", {"device": DEVICE, "props": {"NAME": "Logger A", "MODE": "VW", "ZERO_DATE": None}}
    )
    [device] = connection.result("getDevices", {"devices": [DEVICE]})
    assert answer == device
    assert device["props"]["NAME"] == "Logger A" and device["props"]["MODE"] == "VW"
    assert device["props"]["EXTERNAL_PORT"] == 1, "a prop not given is kept"


def test_update_clears_a_prop_sent_as_null_and_ignores_the_platforms_own(rpc: Rpc) -> None:
    site(rpc)
    connection = rpc.connection()
    connection.result("updateSensor", {"sensor": SENSOR, "props": {"MUX_INDEX": None}})
    changes = {"OBSERVATION_COUNT": 0, "NODE_ID": "/fn/4A1B2C/node", "PROJECT_ID": SECOND_PROJECT}
    rpc.app.backend.add_observations(SENSOR, 4)
    [sensor] = [connection.result("updateSensor", {"sensor": SENSOR, "props": changes})]
    assert "MUX_INDEX" not in sensor["props"]
    assert sensor["props"]["OBSERVATION_COUNT"] == 4 and sensor["props"]["NODE_ID"] == THREAD
    assert sensor["props"]["PROJECT_ID"] == PROJECT


def test_update_of_a_node_renames_it_for_the_rest_api_too(rpc: Rpc) -> None:
    rpc.connection().result("updateNode", {"node": THREAD, "props": {"NAME": "Tunnel T3 north"}})
    nodes = rpc.rest("GET", "/api/nodes/all", params={"projectIds": PROJECT}).json()
    assert [n["props"]["NAME"] for n in nodes if n["id"] == THREAD] == ["Tunnel T3 north"]


def test_update_of_an_unknown_entity_is_not_found(rpc: Rpc) -> None:
    error = rpc.connection().error("updateSensor", {"sensor": SENSOR, "props": {"NAME": "x"}})
    assert error["code"] == -32004 and SENSOR in error["message"]


# --- projects ----------------------------------------------------------------------------------------
def second_project_node(rpc: Rpc) -> str:
    node = {"node": "/fn/0D0D0D/node", "type": "THREAD", "props": {"VERSION": "v1"}}
    rpc.connection().result("createNode", {**node, "projectIds": [SECOND_PROJECT]})
    return "/fn/0D0D0D/node"


def test_an_entity_of_another_project_is_seen_only_with_its_project_id(rpc: Rpc) -> None:
    node = second_project_node(rpc)
    connection = rpc.connection()
    assert connection.result("getNodes", {"nodes": [node]}) == []
    [read] = connection.result("getNodes", {"nodes": [node], "projectIds": [SECOND_PROJECT]})
    assert read["props"]["PROJECT_ID"] == SECOND_PROJECT
    assert connection.result("getNodes", {"nodes": [THREAD], "projectIds": [SECOND_PROJECT]}) == []
    error = connection.error("updateNode", {"node": node, "props": {"NAME": "x"}})
    assert error["code"] == -32004


def test_a_device_goes_to_its_connections_project(rpc: Rpc) -> None:
    node = second_project_node(rpc)
    connection = rpc.connection()
    params = {**logger(node), "projectIds": [SECOND_PROJECT]}
    assert connection.result("createDevice", params)["props"]["PROJECT_ID"] == SECOND_PROJECT
    assert connection.error("createDevice", logger(node, "vw2"))["code"] == -32004, "not seen without it"


@pytest.mark.parametrize(
    ("project_ids", "code"),
    [
        ([FOREIGN_PROJECT], -32003),
        (["no-such-project"], -32004),
        ([PROJECT, SECOND_PROJECT], -32602),
        (PROJECT, -32602),
    ],
)
def test_project_ids_the_key_cannot_use_are_refused(rpc: Rpc, project_ids: object, code: int) -> None:
    error = rpc.connection().error("getNodes", {"nodes": [THREAD], "projectIds": project_ids})
    assert error["code"] == code


# --- envelope ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("request_object", "code"),
    [
        ({"method": "time", "id": 1}, -32600),
        ({"jsonrpc": "2.0", "id": 1}, -32600),
        ({"jsonrpc": "2.0", "method": "time", "id": 1, "params": [1]}, -32602),
        ({"jsonrpc": "2.0", "method": "deleteSensor", "id": 1, "params": {}}, -32601),
        ({"jsonrpc": "2.0", "method": "getSensors", "id": 1, "params": {"sensors": "x"}}, -32602),
        ([{"jsonrpc": "2.0", "method": "time", "id": 1}], -32600),
    ],
)
def test_a_malformed_request_gets_a_json_rpc_error(rpc: Rpc, request_object: object, code: int) -> None:
    [answer] = rpc.connection().request(request_object)
    assert answer["error"]["code"] == code and answer["jsonrpc"] == "2.0"


def test_a_notification_is_run_and_not_answered(rpc: Rpc) -> None:
    connection = rpc.connection()
    params = {"device": f"{THREAD}/vwlogger/vw1/device", "props": {"NAME": "quiet"}}
    connection.result("createDevice", logger())
    assert connection.request({"jsonrpc": "2.0", "method": "updateDevice", "params": params}) == []
    assert connection.result("getDevices", {"devices": [DEVICE]})[0]["props"]["NAME"] == "quiet"
    failing = {"jsonrpc": "2.0", "method": "updateDevice", "params": {"device": "/fn/0/node/x/y/device"}}
    assert connection.request(failing) == [], "not even an error"


def test_time_and_help(rpc: Rpc) -> None:
    connection = rpc.connection()
    assert connection.result("time")["time"].endswith("Z")
    text = connection.result("help")
    assert all(method in text for method in ("createSensor", "updateNode", "getMetrics", "authenticate"))


# --- faults ------------------------------------------------------------------------------------------
def faults(rpc: Rpc, **settings: object) -> None:
    assert rpc.rest("POST", "/_sim/faults", json=settings).status_code == 200


def test_an_injected_failure_is_an_error_that_writes_nothing(rpc: Rpc) -> None:
    connection = rpc.connection()
    faults(rpc, fail_rate=1, routes="/jsonrpc/*")
    error = connection.error("createDevice", logger())
    assert error["code"] == -32050
    assert rpc.rest("GET", "/api/nodes/all", params={"projectIds": PROJECT}).status_code == 200, "REST spared"
    faults(rpc)
    assert connection.result("getDevices", {"devices": [DEVICE]}) == []


def test_the_rate_limit_answers_an_error_with_the_seconds_to_wait(rpc: Rpc) -> None:
    connection = rpc.connection()
    faults(rpc, rate_limit="1/hour")
    connection.send("time")
    error = connection.error("time")
    assert error["code"] == -32029 and error["data"]["retryAfter"] >= 1


def test_a_dropped_connection_stays_dropped_and_a_new_one_works(rpc: Rpc) -> None:
    connection = rpc.connection()
    faults(rpc, drop_rate=1, routes="/jsonrpc/createDevice")
    with pytest.raises(Dropped):
        connection.send("createDevice", logger())
    faults(rpc)
    with pytest.raises(Dropped):
        connection.send("time")
    assert rpc.connection().result("getDevices", {"devices": [DEVICE]}) == [], (
        "the dropped write wrote nothing"
    )


def test_latency_delays_each_request_without_holding_up_the_others(rpc: Rpc) -> None:
    connection = rpc.connection()
    faults(rpc, latency_ms=200, routes="/jsonrpc/*")

    async def three() -> list[list[dict[str, object]]]:
        requests = [{"jsonrpc": "2.0", "method": "time", "id": n} for n in range(3)]
        return await asyncio.gather(*(connection.handler(request) for request in requests))

    started = time.monotonic()
    answers = asyncio.run(three())
    assert 0.2 <= time.monotonic() - started < 0.55
    assert [answer[0]["id"] for answer in answers] == [0, 1, 2]
    counts = rpc.rest("GET", "/_sim/requests").json()
    assert counts["requests"]["rpc time"] == 3


def test_the_example_seed_is_the_demo_seed() -> None:
    root = Path(__file__).resolve().parents[2]
    example = yaml.safe_load((root / "examples" / "sim" / "seed.yaml").read_text())
    assert example == demo_seed()
    [site] = [gateway for gateway in example["gateways"] if gateway["serial"] == "6C7D8E"]
    assert (site["host"], site["project"], site["ports"], site["x3"]) == ("127.0.0.1:8404", PROJECT, 3, True)
