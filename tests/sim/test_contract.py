"""Every documented request, replayed against the emulator, answers in the documented structure."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.contract import documented, interactions, structure_differences
from tests.sim.test_integrate_rules import Platform

Replay = tuple[int, Any]


def replay(
    platform: Platform,
    interaction: dict[str, Any],
    body: Any = None,
    headers: dict[str, str] | None = None,
    path: str | None = None,
) -> Replay:
    request = interaction["request"]
    uri = request["uri"].split("://", 1)[1]
    target = path or "/" + uri.split("/", 1)[1]
    if body is None and request["body"]:
        body = json.loads(request["body"])
    kwargs: dict[str, Any] = {"json": body} if body is not None else {}
    if headers is not None:
        kwargs["headers"] = headers
    response = platform.call(request["method"], target, **kwargs)
    return response.status_code, response.json()


def check(interaction: dict[str, Any], answer: Replay) -> None:
    status, body = answer
    assert status == interaction["response"]["status"]["code"], body
    assert structure_differences(documented(interaction), body) == []


def existing_network(platform: Platform) -> dict[str, Any]:
    """A connection like the reference's 13DC2F: notes, external id, a located device, a generic sensor."""
    sensor = {
        "changeState": "new",
        "refId": "/api/13DC2F/node-test-sensor",
        "props": {
            "INTEGRATION_ID": "GENERIC_SENSOR_SDE",
            "NAME": "Test Sensor",
            "NOTES": "Generic sensor",
            "LOCATION": {"type": "Point", "coordinates": [-75.68, 40.06, 119.5]},
            "UNKNOWN_UNITS": {"0": "millimeter", "1": "millimeter"},
            "UNKNOWN_METRICS": {"0": "Alignment_Left_SD", "1": "Alignment_Right_SD"},
        },
    }
    device = {
        "changeState": "new",
        "refId": "/api/13DC2F/node-test-device",
        "props": {
            "INTEGRATION_ID": "IMPORT_DEVICE_SDE",
            "NAME": "Test Device",
            "NOTES": "Demo device",
            "LOCATION": {"type": "Point", "coordinates": [174.78, -41.27, 20.0]},
        },
        "sensors": [sensor],
    }
    node_props = {
        "URL": "https://logger.example.com/feed",
        "AUTH_TOKEN": "feed-token",
        "NAME": "UI-13DC2F",
        "NOTES": "Created through UI",
        "EXTERNAL_ID": "1234",
        "LOCATION": {"type": "Point", "coordinates": [None, None, None]},
    }
    answer = platform.integrate({"changeState": "new", "props": node_props, "devices": [device]})
    assert answer.status_code == 200, answer.text
    return dict(answer.json()["integration"])


@pytest.fixture
def platform() -> Platform:
    return Platform()


def test_integrate_creating_a_new_connection(platform: Platform) -> None:
    [interaction] = interactions("integrate_new_connection")
    check(interaction, replay(platform, interaction))


def test_integrate_on_an_existing_connection(platform: Platform) -> None:
    [interaction] = interactions("integrate_existing_connection")
    node = existing_network(platform)["node"]["id"]
    body = json.loads(interaction["request"]["body"])
    body["integration"]["nodeId"] = node
    status, answer = replay(platform, interaction, body)
    check({**interaction, "response": {**interaction["response"], "status": {"code": 200}}}, (status, answer))


def test_get_integration_of_a_connection(platform: Platform) -> None:
    [interaction] = interactions("get_integration")
    node = existing_network(platform)["node"]["id"]
    check(interaction, replay(platform, interaction, path=f"/api/integrations/{node}"))


@pytest.mark.parametrize("name", ["device_types", "sensor_types", "metric_types"])
def test_the_catalog(platform: Platform, name: str) -> None:
    [interaction] = interactions(name)
    expected = documented(interaction)
    if " sensorTypes" in expected:  # the reference's misprint: the answer's key has no space
        expected = {"sensorTypes": expected[" sensorTypes"]}
    status, answer = replay(platform, interaction)
    assert status == 200 and structure_differences(expected, answer) == []


def test_sensor_metrics(platform: Platform) -> None:
    [interaction] = interactions("sensor_metrics")
    sensor = existing_network(platform)["devices"][0]["sensors"][0]["id"]
    status, answer = replay(platform, interaction, {"ids": [sensor]})
    documented_metrics = next(iter(documented(interaction)["metricsBySensor"].values()))
    assert status == 200
    assert structure_differences(documented_metrics, answer["metricsBySensor"][sensor]) == []


def test_the_documented_errors(platform: Platform) -> None:
    missing_id, unknown_node, expired, no_header, forbidden, rate_limited = interactions("errors")
    body = json.loads(missing_id["request"]["body"])
    body["integration"]["nodeId"] = existing_network(platform)["node"]["id"]
    check(missing_id, replay(platform, missing_id, body))
    check(unknown_node, replay(platform, unknown_node))
    token = platform.call("POST", "/_sim/tokens", json={"expires_in": -1}).json()["access_token"]
    check(expired, replay(platform, expired, headers={"Authorization": f"Bearer {token}"}))
    check(no_header, replay(platform, no_header, headers={}))
    check(forbidden, replay(platform, forbidden))
    platform.call("POST", "/_sim/faults", json={"rate_limit": "1/hour"})
    replay(platform, rate_limited)
    status, answer = replay(platform, rate_limited)
    check(rate_limited, (status, answer))


def test_uploading_observations(platform: Platform) -> None:
    accepted, empty = interactions("data_upload")
    network = existing_network(platform)
    body = json.loads(accepted["request"]["body"])
    body["observations"][0]["sensorId"] = network["devices"][0]["sensors"][0]["id"]
    check(accepted, replay(platform, accepted, body))
    check(empty, replay(platform, empty))
    [device] = platform.read(network["node"]["id"])["devices"]
    assert device["sensors"][0]["props"]["OBSERVATION_COUNT"] == 1
