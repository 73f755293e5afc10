"""The emulator's integrate rules, one behaviour per test (the integrate page; assumptions A1 to A8)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from iotplan.sim import SimTransport, create_app, demo_seed

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
AUTH = {"Authorization": "ApiKey demo-key"}
GENERIC = {"INTEGRATION_ID": "GENERIC_SENSOR_SDE", "UNKNOWN_METRICS": {"0": "a"}, "UNKNOWN_UNITS": {"0": "b"}}


class Platform:
    """The emulator in-process, answering synchronously for readable tests."""

    def __init__(self, *variants: str) -> None:
        self.app = create_app(seed=demo_seed(), variants=variants)

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = SimTransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://platform") as http:
                kwargs.setdefault("headers", AUTH)
                return await http.request(method, path, **kwargs)

        return asyncio.run(go())

    def integrate(self, integration: dict[str, Any], project: str = PROJECT) -> httpx.Response:
        return self.call(
            "POST",
            "/api/integrations/integrate",
            params={"projectIds": project},
            json={"integration": integration},
        )

    def node(self, devices: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        response = self.integrate({"changeState": "new", "refId": "t:n", "devices": devices or []})
        assert response.status_code == 200, response.text
        return dict(response.json()["integration"])

    def read(self, node_id: str) -> dict[str, Any]:
        return dict(self.call("POST", f"/api/integrations/{node_id}").json()["integration"])


def device(
    ref: str, *sensors: dict[str, Any], state: str = "new", props: dict[str, Any] | None = None
) -> dict[str, Any]:
    body = props if props is not None else {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": ref}
    return {"changeState": state, "refId": ref, "props": body, "sensors": list(sensors)}


def sensor(ref: str, state: str = "new", **props: Any) -> dict[str, Any]:
    return {"changeState": state, "refId": ref, "props": props if state != "new" else {**GENERIC, **props}}


@pytest.fixture
def platform() -> Platform:
    return Platform()


def test_ref_ids_are_stored_as_serial_numbers_and_ids_have_the_documented_forms(platform: Platform) -> None:
    created = platform.node([device("d", sensor("s"))])
    node_id = created["node"]["id"]
    group = created["devices"][0]
    assert created["node"]["props"]["SERIAL_NO"] == "t:n" and created["node"]["props"]["EXTERNAL_ID"] == "t:n"
    assert group["device"]["props"]["SERIAL_NO"] == "d"
    assert group["device"]["id"].startswith(node_id + "/dynamic/") and group["device"]["id"].endswith(
        "/device"
    )
    assert group["sensors"][0]["device"] == group["device"]["id"]
    assert group["sensors"][0]["props"]["NODE_ID"] == node_id


def test_update_merges_and_null_clears(platform: Platform) -> None:
    node_id = platform.node(
        [device("d", props={"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "a", "NOTES": "n"})]
    )["node"]["id"]
    changed = device("d", state="update", props={"NAME": "b", "NOTES": None})
    assert platform.integrate({"nodeId": node_id, "devices": [changed]}).status_code == 200
    props = platform.read(node_id)["devices"][0]["device"]["props"]
    assert props["NAME"] == "b" and "NOTES" not in props and "LAST_MODIFIED_DATE" in props


def test_the_template_cannot_change(platform: Platform) -> None:
    node_id = platform.node([device("d")])["node"]["id"]
    changed = device("d", state="update", props={"INTEGRATION_ID": "DEMO_DEVICE_SDE"})
    response = platform.integrate({"nodeId": node_id, "devices": [changed]})
    assert response.status_code == 422 and "cannot change" in response.json()["error"]["message"]


def test_removing_a_device_removes_its_sensors_and_size_follows(platform: Platform) -> None:
    node_id = platform.node([device("d", sensor("s1"), sensor("s2")), device("e")])["node"]["id"]
    assert platform.read(node_id)["devices"][0]["device"]["props"]["SIZE"] == 2
    platform.integrate(
        {"nodeId": node_id, "devices": [device("d", sensor("s1", state="remove"), state="update", props={})]}
    )
    assert platform.read(node_id)["devices"][0]["device"]["props"]["SIZE"] == 1
    platform.integrate({"nodeId": node_id, "devices": [{"changeState": "remove", "refId": "d"}]})
    assert [group["device"]["props"]["SERIAL_NO"] for group in platform.read(node_id)["devices"]] == ["e"]
    sensors = platform.call("GET", "/api/sensors/all", params={"projectIds": PROJECT}).json()
    assert sensors == []


def test_removing_a_connection_removes_everything_under_it(platform: Platform) -> None:
    node_id = platform.node([device("d", sensor("s"))])["node"]["id"]
    assert platform.integrate({"nodeId": node_id, "changeState": "remove"}).status_code == 200
    assert platform.call("POST", f"/api/integrations/{node_id}").status_code == 422
    assert platform.call("GET", "/api/devices/all", params={"projectIds": PROJECT}).json() == []


def test_unknown_ref_ids_and_duplicates_are_clear_4xx(platform: Platform) -> None:
    node_id = platform.node([device("d")])["node"]["id"]
    missing = platform.integrate({"nodeId": node_id, "devices": [device("nope", state="update", props={})]})
    assert missing.status_code == 404 and "nope" in missing.json()["error"]["message"]
    duplicate = platform.integrate({"nodeId": node_id, "devices": [device("d")]})
    assert duplicate.status_code == 409 and duplicate.json()["error"]["code"] == "DuplicateRefId"


def test_a_call_is_all_or_nothing(platform: Platform) -> None:
    node_id = platform.node()["node"]["id"]
    response = platform.integrate(
        {"nodeId": node_id, "devices": [device("ok"), device("bad", props={"NAME": "x"})]}
    )
    assert response.status_code == 422
    assert platform.read(node_id)["devices"] == []


def test_an_unknown_node_gets_the_documented_error(platform: Platform) -> None:
    response = platform.integrate({"nodeId": "/api/000000/node", "devices": []})
    assert response.status_code == 422
    assert (
        response.json()["error"]["message"]
        == "Cannot process integration ensure the provided nodeId is valid."
    )


def test_a_new_connection_needs_its_change_state(platform: Platform) -> None:
    assert platform.integrate({"devices": []}).status_code == 422


@pytest.mark.parametrize(
    ("props", "accepted"),
    [
        ({"UNKNOWN_METRICS": {"0": "a"}, "UNKNOWN_UNITS": {"0": "b"}}, True),
        ({"KNOWN_METRICS": {"0": "f", "1": "cum_distance"}, "KNOWN_UNITS": {"0": "Hz", "1": "mm"}}, True),
        ({"UNKNOWN_METRICS": {"0": "a"}, "KNOWN_UNITS": {"0": "Hz"}}, True),
        ({"KNOWN_METRICS": {"0": "T"}, "UNKNOWN_UNITS": {"0": "deg"}}, False),
        ({"KNOWN_METRICS": {"0": "T"}, "KNOWN_UNITS": {"0": "Hz"}}, False),
        ({"KNOWN_METRICS": {"0": "nope"}, "KNOWN_UNITS": {"0": "C"}}, False),
        ({"UNKNOWN_METRICS": {"0": "a", "1": "b"}, "UNKNOWN_UNITS": {"0": "c"}}, False),
        ({"UNKNOWN_METRICS": {"0": "a"}}, False),
        ({}, True),  # the iTwin Platform page's own example creates a generic sensor without metrics
    ],
)
def test_generic_sensors_get_one_of_the_three_documented_metric_combinations_or_none(
    platform: Platform, props: dict[str, Any], accepted: bool
) -> None:
    generic = {"changeState": "new", "refId": "s", "props": {"INTEGRATION_ID": "GENERIC_SENSOR_SDE", **props}}
    response = platform.integrate({"changeState": "new", "devices": [device("d", generic)]})
    assert (response.status_code == 200) is accepted, response.text


def test_metrics_of_an_existing_generic_sensor_can_change(platform: Platform) -> None:
    node_id = platform.node([device("d", sensor("s"))])["node"]["id"]
    change = {
        "KNOWN_METRICS": {"0": "T"},
        "KNOWN_UNITS": {"0": "C"},
        "UNKNOWN_METRICS": None,
        "UNKNOWN_UNITS": None,
    }
    response = platform.integrate(
        {
            "nodeId": node_id,
            "devices": [device("d", sensor("s", "update", **change), state="update", props={})],
        }
    )
    assert response.status_code == 200, response.text
    props = platform.read(node_id)["devices"][0]["sensors"][0]["props"]
    assert props["KNOWN_METRICS"] == {"0": "T"} and "UNKNOWN_METRICS" not in props


def test_a_rename_changes_the_ref_id(platform: Platform) -> None:
    node_id = platform.node([device("d", sensor("s"))])["node"]["id"]
    rename = {"changeState": "update", "refId": "s", "props": {"SERIAL_NO": "s2"}}
    platform.integrate({"nodeId": node_id, "devices": [device("d", rename, state="update", props={})]})
    assert platform.read(node_id)["devices"][0]["sensors"][0]["props"]["SERIAL_NO"] == "s2"


def test_lists_page_from_zero_and_end_on_a_short_page(platform: Platform) -> None:
    platform.node([device(f"d{n}") for n in range(5)])
    pages = [
        platform.call(
            "GET", "/api/devices/all", params={"projectIds": PROJECT, "pageNumber": n, "pageSize": 2}
        ).json()
        for n in range(3)
    ]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [d["props"]["SERIAL_NO"] for page in pages for d in page] == [f"d{n}" for n in range(5)]


def test_projects_are_found_or_404(platform: Platform) -> None:
    assert platform.call("GET", f"/api/projects/{PROJECT}").json()["id"] == PROJECT
    assert platform.call("GET", "/api/projects/0d9c2a4e-0000-0000-0000-000000000000").status_code == 404


def test_credentials(platform: Platform) -> None:
    assert platform.call("GET", "/api/nodes/all", headers={}).json()["error"]["code"] == "HeaderNotFound"
    other = "7f3e1b2c-0000-4000-8000-000000000003"
    assert (
        platform.call("GET", "/api/nodes/all", params={"projectIds": other}).json()["error"]["code"]
        == "InsufficientPermissions"
    )
    expired = platform.call("POST", "/_sim/tokens", json={"expires_in": -60}).json()["access_token"]
    answer = platform.call(
        "GET",
        "/api/nodes/all",
        params={"projectIds": PROJECT},
        headers={"Authorization": f"Bearer {expired}"},
    )
    assert answer.status_code == 401 and answer.json()["errors"][0]["message"].startswith(
        "Token has expired on"
    )


def test_client_credentials_issue_tokens_that_work(platform: Platform) -> None:
    form = {
        "client_id": "demo-client",
        "client_secret": "demo-secret",
        "grant_type": "client_credentials",
        "scope": "x",
    }
    token = platform.call("POST", "/connect/token", data=form, headers={}).json()
    assert token["token_type"] == "Bearer" and token["expires_in"] == 3600
    answer = platform.call(
        "GET",
        "/api/nodes/all",
        params={"projectIds": PROJECT},
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    assert answer.status_code == 200
    wrong = platform.call("POST", "/connect/token", data={**form, "client_secret": "no"}, headers={})
    assert wrong.status_code == 401


def test_thread_connections_are_in_the_node_list(platform: Platform) -> None:
    nodes = platform.call("GET", "/api/nodes/all", params={"projectIds": PROJECT}).json()
    assert {n["id"] for n in nodes} == {
        "/fn/4A1B2C/node",
        "/fn/5D6E7F/node",
        "/fn/8A9B0C/node",
        "/fn/6C7D8E/node",
    }


def test_the_catalog_holds_every_template_the_reference_names(platform: Platform) -> None:
    devices = {d["id"] for d in platform.call("GET", "/api/devices/types").json()["deviceTypes"]}
    sensors = {s["id"] for s in platform.call("GET", "/api/sensors/types").json()["sensorTypes"]}
    nodes = {n["id"] for n in platform.call("GET", "/api/nodes/types").json()["nodeTypes"]}
    metrics = {
        m["id"]: {u["id"] for u in m["units"]}
        for m in platform.call("GET", "/api/metrics/types").json()["metrics"]
    }
    assert {"IMPORT_DEVICE_SDE", "DEMO_DEVICE_SDE"} <= devices and {"NODE_API_SDE", "THREAD_SDE"} <= nodes
    assert {
        "GENERIC_SENSOR_SDE",
        "TEMPERATURE_SDE",
        "ACTIVITY_SDE",
        "MOISTURE_SDE",
        "LIGHT_SDE",
        "ELECTRICITY_USAGE_SDE",
        "BATTERY_CHARGE_SDE",
        "SENSOR_SIGNAL_STRENGTH_SDE",
    } <= sensors
    assert {"T", "dT", "P_raw", "dx", "f", "cum_distance"} <= set(metrics)
    assert (
        {"C", "K", "F"} <= metrics["T"]
        and "Pa" in metrics["P_raw"]
        and {"mm", "millimeter", "m"} <= metrics["dx"]
    )
    assert "Hz" in metrics["f"]
