"""Each emulator variant behaves as docs/api-assumptions.md says, shown with raw HTTP requests.

One test per variant, named `test_<variant>`; each also shows the default behaviour it replaces.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from iotplan.sim import KNOWN_VARIANTS, UnknownVariant, create_app, demo_seed, embedded_transport
from iotplan.sim.rpc_backend import RpcBackend
from tests.served import seed_with_gateway_ports, served
from tests.sim import (
    test_jsonrpc_variants,
    test_location_extra_keys_refused,
    test_variant_edge_numbers_as_text,
)
from tests.sim.rpc_client import THREAD as RPC_THREAD
from tests.sim.rpc_client import Rpc
from tests.sim.test_integrate_rules import AUTH, GENERIC, PROJECT, Platform, device, sensor

SECOND_PROJECT = demo_seed()["projects"][1]["id"]
THREAD = "http://127.0.0.1:8401/api"  # 4A1B2C: 3 ports, X3
TWO_PORTS = "http://127.0.0.1:8402/api"  # 5D6E7F: 2 ports


def created(platform: Platform, integration: dict[str, Any], project: str = PROJECT) -> dict[str, Any]:
    response = platform.integrate(integration, project)
    assert response.status_code == 200, response.text
    return dict(response.json()["integration"])


def device_props(platform: Platform, node_id: str) -> dict[str, Any]:
    return dict(platform.read(node_id)["devices"][0]["device"]["props"])


def listed(platform: Platform, kind: str, **params: Any) -> list[dict[str, Any]]:
    answer = platform.call("GET", f"/api/{kind}/all", params={"projectIds": PROJECT, **params})
    assert answer.status_code == 200, answer.text
    return list(answer.json())


# --- A4: connections ----------------------------------------------------------------------
def test_connection_refid_ignored() -> None:
    default, variant = Platform(), Platform("connection-refid-ignored")
    new = {"changeState": "new", "refId": "site:a"}
    created(default, new)
    assert default.integrate(new).status_code == 409
    first, second = created(variant, new)["node"], created(variant, new)["node"]
    assert first["props"]["SERIAL_NO"] == first["id"].split("/")[2] and "EXTERNAL_ID" not in first["props"]
    assert first["id"] != second["id"], "a second connection with the same refId"


def test_connection_props_ignored() -> None:
    platform = Platform("connection-props-ignored")
    node = created(platform, {"changeState": "new", "props": {"NAME": "Dam", "NOTES": "n"}})["node"]
    assert node["props"]["NAME"] == f"Data Source API Import {node['id'].split('/')[2]}"
    created(platform, {"nodeId": node["id"], "changeState": "update", "props": {"NAME": "Dam"}})
    assert platform.read(node["id"])["node"]["props"]["NAME"].startswith("Data Source API Import")
    assert (
        created(Platform(), {"changeState": "new", "props": {"NAME": "Dam"}})["node"]["props"]["NAME"]
        == "Dam"
    )


def test_connection_remove_ignored() -> None:
    platform = Platform("connection-remove-ignored")
    node_id = platform.node([device("d")])["node"]["id"]
    assert platform.integrate({"nodeId": node_id, "changeState": "remove"}).status_code == 200
    assert platform.call("POST", f"/api/integrations/{node_id}").status_code == 200
    assert len(platform.read(node_id)["devices"]) == 1


# --- A1: identity -------------------------------------------------------------------------
def test_serial_is_uuid() -> None:
    platform = Platform("serial-is-uuid")
    node_id = platform.node([device("d", sensor("s"))])["node"]["id"]
    group = platform.read(node_id)["devices"][0]
    for entity in (group["device"], group["sensors"][0]):
        assert uuid.UUID(entity["props"]["SERIAL_NO"]), "a fresh UUID, not the refId"
    rename = device("d", state="update", props={"NAME": "found by its refId"})
    assert platform.integrate({"nodeId": node_id, "devices": [rename]}).status_code == 200
    assert device_props(platform, node_id)["NAME"] == "found by its refId"
    assert platform.integrate({"nodeId": node_id, "devices": [device("d")]}).status_code == 409
    default = Platform()
    assert device_props(default, default.node([device("d")])["node"]["id"])["SERIAL_NO"] == "d"


def test_serial_update_ignored() -> None:
    platform = Platform("serial-update-ignored")
    node_id = platform.node([device("d")])["node"]["id"]
    rename = device("d", state="update", props={"SERIAL_NO": "d2", "NAME": "renamed"})
    assert platform.integrate({"nodeId": node_id, "devices": [rename]}).status_code == 200
    props = device_props(platform, node_id)
    assert props["SERIAL_NO"] == "d" and props["NAME"] == "renamed"
    again = device("d", state="update", props={"NOTES": "still found as d"})
    assert platform.integrate({"nodeId": node_id, "devices": [again]}).status_code == 200


def test_serial_update_ignored_keeps_the_serial_where_updates_replace_props() -> None:
    """Updates cannot touch SERIAL_NO, so replacing the props keeps it, even with no props sent."""
    platform = Platform("serial-update-ignored", "update-replaces")
    node_id = platform.node([device("d", props={"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NOTES": "n"})])[
        "node"
    ]["id"]
    for sent in ({"NAME": "renamed", "SERIAL_NO": "d2"}, {"NAME": "again"}, {}):
        update = device("d", state="update", props=sent)
        assert platform.integrate({"nodeId": node_id, "devices": [update]}).status_code == 200
        props = device_props(platform, node_id)
        assert props["SERIAL_NO"] == "d" and "NOTES" not in props, sent


def test_duplicate_refid_400() -> None:
    def refusals(*variants: str) -> list[tuple[int, str, str]]:
        platform = Platform(*variants)
        node_id = platform.node([device("d", sensor("s")), device("e")])["node"]["id"]
        renamed = device("e", state="update", props={"SERIAL_NO": "d"})
        calls = [
            {"changeState": "new", "refId": "t:n"},
            {"nodeId": node_id, "devices": [device("d")]},
            {"nodeId": node_id, "devices": [device("d", sensor("s"), state="update", props={})]},
            {"nodeId": node_id, "devices": [renamed]},
        ]
        answers = [platform.integrate(call) for call in calls]
        assert len(platform.read(node_id)["devices"]) == 2, "nothing made"
        # the message up to its parent, whose id is random hex
        return [
            (a.status_code, a.json()["error"]["code"], a.json()["error"]["message"].split(" under ")[0])
            for a in answers
        ]

    default, variant = refusals(), refusals("duplicate-refid-400")
    assert {(status, code) for status, code, _ in default} == {(409, "DuplicateRefId")}
    assert {(status, code) for status, code, _ in variant} == {(400, "InvalidProcessIntegrationRequest")}
    assert [message for *_, message in variant] == [message for *_, message in default]
    assert variant[2][2] == "A sensor with refId `s` already exists"


# --- A2: update ---------------------------------------------------------------------------
def test_update_replaces() -> None:
    props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "a", "NOTES": "kept by a merge"}

    def updated(sent: dict[str, Any], *variants: str) -> dict[str, Any]:
        platform = Platform(*variants)
        node_id = platform.node([device("d", props=props)])["node"]["id"]
        platform.integrate({"nodeId": node_id, "devices": [device("d", state="update", props=sent)]})
        return device_props(platform, node_id)

    merged = updated({})
    assert (merged["NAME"], merged["NOTES"], merged["SERIAL_NO"]) == ("a", "kept by a merge", "d")
    replaced = updated({"NAME": "b"}, "update-replaces")
    assert replaced["NAME"] == "b" and "NOTES" not in replaced and "SERIAL_NO" not in replaced
    assert replaced["INTEGRATION_ID"] == "IMPORT_DEVICE_SDE" and "CREATION_DATE" in replaced
    emptied = updated({}, "update-replaces")  # no props replaces too: only the platform's own stay
    assert not {"NAME", "NOTES", "SERIAL_NO"} & emptied.keys()
    assert emptied["INTEGRATION_ID"] == "IMPORT_DEVICE_SDE" and "CREATION_DATE" in emptied


def test_update_replaces_keeps_a_sensors_last_observation() -> None:
    """An upload's LAST_OBSERVATION is the platform's own: a replacing update keeps it (A2's row)."""
    platform = Platform("update-replaces")
    answer = platform.node([device("d", sensor("s"))])
    sensor_id = answer["devices"][0]["sensors"][0]["id"]
    platform.call("POST", "/_sim/observations", json={"sensor_id": sensor_id, "count": 7})
    reported = platform.read(answer["node"]["id"])["devices"][0]["sensors"][0]["props"]["LAST_OBSERVATION"]
    renamed = device("d", sensor("s", "update", NAME="t"), state="update", props={})
    assert platform.integrate({"nodeId": answer["node"]["id"], "devices": [renamed]}).status_code == 200
    props = platform.read(answer["node"]["id"])["devices"][0]["sensors"][0]["props"]
    assert props["NAME"] == "t" and props["LAST_OBSERVATION"] == reported


def test_update_null_ignored() -> None:
    platform = Platform("update-null-ignored")
    props = {"INTEGRATION_ID": "IMPORT_DEVICE_SDE", "NAME": "a", "NOTES": "n"}
    node_id = platform.node([device("d", props=props)])["node"]["id"]
    platform.integrate({"nodeId": node_id, "devices": [device("d", state="update", props={"NOTES": None})]})
    assert device_props(platform, node_id)["NOTES"] == "n"


# --- A3: removal --------------------------------------------------------------------------
def test_no_cascade() -> None:
    platform = Platform("no-cascade")
    node_id = platform.node([device("d", sensor("s")), device("e")])["node"]["id"]
    refused = platform.integrate({"nodeId": node_id, "devices": [{"changeState": "remove", "refId": "d"}]})
    assert refused.status_code == 422 and "still has sensors" in refused.json()["error"]["message"]
    assert platform.integrate({"nodeId": node_id, "changeState": "remove"}).status_code == 422
    emptied = {"changeState": "remove", "refId": "d", "sensors": [{"changeState": "remove", "refId": "s"}]}
    assert platform.integrate({"nodeId": node_id, "devices": [emptied]}).status_code == 200
    assert [group["device"]["props"]["SERIAL_NO"] for group in platform.read(node_id)["devices"]] == ["e"]


def test_size_not_lowered() -> None:
    platform = Platform("size-not-lowered")
    node_id = platform.node([device("d", sensor("s1"), sensor("s2"))])["node"]["id"]
    removal = device("d", sensor("s1", state="remove"), state="update", props={})
    assert platform.integrate({"nodeId": node_id, "devices": [removal]}).status_code == 200
    group = platform.read(node_id)["devices"][0]
    assert (len(group["sensors"]), group["device"]["props"]["SIZE"]) == (1, 2)
    added = device("d", sensor("s3"), sensor("s4"), state="update", props={})
    assert platform.integrate({"nodeId": node_id, "devices": [added]}).status_code == 200
    assert device_props(platform, node_id)["SIZE"] == 3, "raised as sensors are added"


def test_remove_deferred() -> None:
    platform = Platform("remove-deferred")
    node_id = platform.node([device("d", sensor("s")), device("e")])["node"]["id"]
    removal = {"nodeId": node_id, "devices": [{"changeState": "remove", "refId": "d"}]}
    assert platform.integrate(removal).status_code == 200
    still = [group["device"]["props"]["SERIAL_NO"] for group in platform.read(node_id)["devices"]]
    assert still == ["d", "e"], "the read after the removal is answered before it is made"
    assert [group["device"]["props"]["SERIAL_NO"] for group in platform.read(node_id)["devices"]] == ["e"]
    renamed = {"nodeId": node_id, "devices": [device("e", state="update", props={"NAME": "e2"})]}
    assert platform.integrate(renamed).status_code == 200
    assert device_props(platform, node_id)["NAME"] == "e2", "a call that does more is made at once"


# --- A5: paging ---------------------------------------------------------------------------
def test_page_cap_100() -> None:
    platform = Platform("page-cap-100")
    platform.node([device(f"d{n}") for n in range(150)])
    assert len(listed(platform, "devices", pageSize=1000)) == 100
    assert len(listed(platform, "devices", pageSize=1000, pageNumber=1)) == 50


def test_page_size_over_100_refused() -> None:
    default, variant = Platform(), Platform("page-size-over-100-refused")
    for platform in (default, variant):
        platform.node([device(f"d{n}") for n in range(150)])
    assert len(listed(default, "devices", pageSize=1000)) == 150
    refused = variant.call("GET", "/api/devices/all", params={"projectIds": PROJECT, "pageSize": 1000})
    assert refused.status_code == 400 and "pageSize" in refused.text
    assert len(listed(variant, "devices", pageSize=100, pageNumber=1)) == 50


def test_pages_from_one() -> None:
    platform = Platform("pages-from-one")
    platform.node([device(f"d{n}") for n in range(5)])
    pages = [
        [d["props"]["SERIAL_NO"] for d in listed(platform, "devices", pageSize=2, pageNumber=n)]
        for n in range(4)
    ]
    assert pages == [["d0", "d1"], ["d0", "d1"], ["d2", "d3"], ["d4"]]


def test_unstable_list_order() -> None:
    def first_page_twice(platform: Platform) -> list[list[str]]:
        return [[d["id"] for d in listed(platform, "devices", pageSize=10)] for _ in range(2)]

    default, variant = Platform(), Platform("unstable-list-order")
    for platform in (default, variant):
        platform.node([device(f"d{n}") for n in range(30)])
    same, again = first_page_twice(default)
    assert same == again
    first, second = first_page_twice(variant)
    assert first != second, "a new order for each request"
    whole, again = ([d["id"] for d in listed(variant, "devices", pageSize=1000)] for _ in range(2))
    assert whole != again and sorted(whole) == sorted(again), "the same entities each time"


def test_lists_without_parents() -> None:
    for variants, carried in (((), True), (("lists-without-parents",), False)):
        platform = Platform(*variants)
        made = platform.node([device("d", sensor("s"))])
        device_id = made["devices"][0]["device"]["id"]
        listed_device = next(d for d in listed(platform, "devices") if d["id"] == device_id)
        listed_sensor = next(s for s in listed(platform, "sensors") if s["id"].startswith(device_id))
        assert (listed_device["props"].get("NODE_ID") == made["node"]["id"]) is carried
        assert (listed_sensor.get("device") == device_id) is carried
        assert platform.read(made["node"]["id"])["devices"][0]["sensors"], "a read by id still groups them"


def test_rest_nodes_without_creation_date() -> None:
    for variants, carried in (((), True), (("rest-nodes-without-creation-date",), False)):
        platform = Rpc(*variants)
        listed_node = next(
            n
            for n in platform.rest("GET", f"/api/nodes/all?projectIds={PROJECT}").json()
            if n["id"] == RPC_THREAD
        )
        [answered] = platform.connection().result("getNodes", {"nodes": [RPC_THREAD]})
        assert ("CREATION_DATE" in listed_node["props"]) is carried
        assert answered["props"]["CREATION_DATE"], "JSON-RPC still gives it"


# --- A6: rate limits ----------------------------------------------------------------------
def test_no_retry_after() -> None:
    for variants, has_header in (((), True), (("no-retry-after",), False)):
        platform = Platform(*variants)
        platform.call("POST", "/_sim/faults", json={"rate_limit": "1/hour"})
        platform.call("GET", "/api/nodes/all")
        limited = platform.call("GET", "/api/nodes/all")
        assert limited.status_code == 429 and ("retry-after" in limited.headers) is has_header
        assert ("iTwinPlatform-RateLimit-Retry-After-Seconds" in limited.headers) is has_header


def test_no_rate_limit_headers() -> None:
    for variants, has_headers in (((), True), (("no-rate-limit-headers",), False)):
        platform = Platform(*variants)
        platform.call("POST", "/_sim/faults", json={"rate_limit": "1/hour"})
        platform.call("GET", "/api/nodes/all")
        limited = platform.call("GET", "/api/nodes/all")
        assert limited.status_code == 429 and "retry-after" in limited.headers
        stated = {
            name: limited.headers.get(name)
            for name in (
                "iTwinPlatform-RateLimit-Retry-After-Seconds",
                "iTwinPlatform-RateLimit-RemainingCalls",
                "iTwinPlatform-Tier",
            )
        }
        if has_headers:
            assert stated == {
                "iTwinPlatform-RateLimit-Retry-After-Seconds": limited.headers["retry-after"],
                "iTwinPlatform-RateLimit-RemainingCalls": "0",
                "iTwinPlatform-Tier": "Trial",  # 1/hour is within the smallest published tier
            }
        else:
            assert set(stated.values()) == {None}


# --- A7, A10: edge reads ------------------------------------------------------------------
def test_edge_bare_booleans() -> None:
    default, variant = Platform(), Platform("edge-bare-booleans")
    assert default.call("GET", f"{THREAD}/deviceConnection?port=1").json() == {"value": False}
    assert variant.call("GET", f"{THREAD}/deviceConnection?port=1").json() is False
    assert variant.call("GET", f"{THREAD}/cloudConnection").json() is True


@pytest.mark.parametrize(
    "read", ["chargeInputVoltage", "chargeInputCurrent", "batteryVoltage", "tempRead", "pressRead"]
)
def test_edge_value_objects(read: str) -> None:
    bare = Platform().call("GET", f"{THREAD}/{read}").json()
    assert isinstance(bare, float | int)
    assert Platform("edge-value-objects").call("GET", f"{THREAD}/{read}").json() == {"value": bare}


def test_edge_version_v_prefixed() -> None:
    default, variant = Platform(), Platform("edge-version-v-prefixed")
    assert default.call("GET", f"{THREAD}/version").json() == "7.17.0"
    assert variant.call("GET", f"{THREAD}/version").json() == "v7.17.0"
    assert variant.call("POST", f"{THREAD}/update?version=7.18.0").status_code == 200
    assert variant.call("GET", f"{THREAD}/version").json() == "v7.18.0"


def test_missing_port_empty_config() -> None:
    default, variant = Platform(), Platform("missing-port-empty-config")
    assert default.call("GET", f"{TWO_PORTS}/configure?port=3").status_code == 400
    answer = variant.call("GET", f"{TWO_PORTS}/configure?port=3")
    assert answer.status_code == 200 and answer.json() == {}
    assert variant.call("PUT", f"{TWO_PORTS}/configure?port=3", json={"BAUD_RATE": 9600}).status_code == 400


def test_voltage_reads_zero() -> None:
    for variants, powered in (((), True), (("voltage-reads-zero",), False)):
        platform = Platform(*variants)
        platform.call("POST", f"{THREAD}/deviceVoltage", json={"portNumber": 1, "value": 1})
        volts = platform.call("GET", f"{THREAD}/deviceAdcRead?port=1&option=0").json()
        assert (volts > 11) is powered and (volts < 0.1) is not powered


def test_update_restarts() -> None:
    for variants, answers in (((), True), (("update-restarts",), False)):
        platform = Platform(*variants)
        assert platform.call("POST", f"{THREAD}/update?version=7.18.0").status_code == 200
        try:
            answered = platform.call("GET", f"{THREAD}/serialNumber").status_code == 200
        except httpx.TransportError:  # an unreachable THREAD drops the connection
            answered = False
        assert answered is answers


# --- A8: metrics --------------------------------------------------------------------------
def test_metrics_update_ignored() -> None:
    platform = Platform("metrics-update-ignored")
    node_id = platform.node([device("d", sensor("s"))])["node"]["id"]
    change = {"KNOWN_METRICS": {"0": "T"}, "KNOWN_UNITS": {"0": "C"}, "UNKNOWN_METRICS": None, "NAME": "t"}
    update = device("d", sensor("s", "update", **change), state="update", props={})
    assert platform.integrate({"nodeId": node_id, "devices": [update]}).status_code == 200
    props = platform.read(node_id)["devices"][0]["sensors"][0]["props"]
    assert props["UNKNOWN_METRICS"] == GENERIC["UNKNOWN_METRICS"] and "KNOWN_METRICS" not in props
    assert props["NAME"] == "t"


# --- §3.5: observation counts -------------------------------------------------------------
def test_no_observation_counts() -> None:
    platform = Platform("no-observation-counts")
    answer = platform.node([device("d", sensor("s"))])
    sensor_id = answer["devices"][0]["sensors"][0]["id"]
    platform.call("POST", "/_sim/observations", json={"sensor_id": sensor_id, "count": 7})
    read = platform.read(answer["node"]["id"])
    assert read["node"]["props"]["OBSERVATION_COUNT"] == 7, "documented on the connection"
    answered = [
        answer["devices"][0]["sensors"][0],
        read["devices"][0]["device"],
        read["devices"][0]["sensors"][0],
        *listed(platform, "sensors"),
        *listed(platform, "devices"),
    ]
    assert all("OBSERVATION_COUNT" not in entity["props"] for entity in answered)
    default = Platform()
    node = default.node([device("d", sensor("s"))])
    assert default.read(node["node"]["id"])["devices"][0]["sensors"][0]["props"]["OBSERVATION_COUNT"] == 0


def test_observation_count_lags() -> None:
    for variants, counted in (((), 7), (("observation-count-lags",), 0)):
        platform = Platform(*variants)
        answer = platform.node([device("d", sensor("s"))])
        sensor_id = answer["devices"][0]["sensors"][0]["id"]
        platform.call("POST", "/_sim/observations", json={"sensor_id": sensor_id, "count": 7})
        (listed_sensor,) = listed(platform, "sensors")
        assert listed_sensor["props"]["OBSERVATION_COUNT"] == counted
        assert listed_sensor["props"]["LAST_OBSERVATION"], "the upload shows, whatever the count"
        assert platform.read(answer["node"]["id"])["node"]["props"]["OBSERVATION_COUNT"] == counted


def test_rest_without_last_observation() -> None:
    platform = Platform("rest-without-last-observation")
    answer = platform.node([device("d", sensor("s"))])
    sensor_id = answer["devices"][0]["sensors"][0]["id"]
    platform.call("POST", "/_sim/observations", json={"sensor_id": sensor_id, "count": 7})
    read = platform.read(answer["node"]["id"])
    shown = [read["devices"][0]["device"], read["devices"][0]["sensors"][0], *listed(platform, "sensors")]
    assert all("LAST_OBSERVATION" not in entity["props"] for entity in shown)
    assert read["devices"][0]["sensors"][0]["props"]["OBSERVATION_COUNT"] == 7, "the count stays"
    rpc = RpcBackend(platform.app.backend)
    (rpc_sensor,) = rpc.get("sensor", [sensor_id], rpc.scope(None, None, writes=False))
    assert rpc_sensor["props"]["LAST_OBSERVATION"], "JSON-RPC's object still carries it"
    default = Platform()
    node = default.node([device("d", sensor("s"))])
    default.call(
        "POST", "/_sim/observations", json={"sensor_id": node["devices"][0]["sensors"][0]["id"], "count": 1}
    )
    assert default.read(node["node"]["id"])["devices"][0]["sensors"][0]["props"]["LAST_OBSERVATION"]


def test_connection_count_current() -> None:
    platform = Platform("connection-count-current", "observation-count-lags")
    answer = platform.node([device("d", sensor("s"), sensor("t"))])
    node_id, (first, _) = answer["node"]["id"], answer["devices"][0]["sensors"]
    platform.call("POST", "/_sim/observations", json={"sensor_id": first["id"], "count": 7})
    read = platform.read(node_id)
    assert read["node"]["props"]["OBSERVATION_COUNT"] == 7, "counted at once on the connection"
    assert [s["props"]["OBSERVATION_COUNT"] for s in read["devices"][0]["sensors"]] == [0, 0], "lagging"
    rpc = RpcBackend(platform.app.backend)
    (node,) = rpc.get("node", [node_id], rpc.scope(None, None, writes=False))
    assert node["props"]["OBSERVATION_COUNT"] == 7, "JSON-RPC's connection counts alike"
    removal = device("d", sensor("s", "remove"), state="update", props={})
    assert platform.integrate({"nodeId": node_id, "devices": [removal]}).status_code == 200
    assert platform.read(node_id)["node"]["props"]["OBSERVATION_COUNT"] == 7, "a removed sensor's kept"


# --- also assumed -------------------------------------------------------------------------
def test_integrate_partial() -> None:
    for variants, kept in (((), []), (("integrate-partial",), ["ok"])):
        platform = Platform(*variants)
        node_id = platform.node()["node"]["id"]
        call = {"nodeId": node_id, "devices": [device("ok"), device("bad", props={"NAME": "no template"})]}
        assert platform.integrate(call).status_code == 422
        assert [group["device"]["props"]["SERIAL_NO"] for group in platform.read(node_id)["devices"]] == kept


def test_write_then_503() -> None:
    platform = Platform("write-then-503")
    answer = platform.integrate({"changeState": "new", "refId": "site:a"})
    assert answer.status_code == 503
    assert [
        node["props"]["SERIAL_NO"] for node in listed(platform, "nodes") if node["id"].startswith("/api/")
    ] == ["site:a"], "the write was made"
    assert platform.integrate({"changeState": "new", "refId": "site:a"}).status_code == 409


def written_then_answered(variant: str) -> httpx.Response:
    platform = Platform(variant)
    answer = platform.integrate({"changeState": "new", "refId": "site:a"})
    assert [
        node["props"]["SERIAL_NO"] for node in listed(platform, "nodes") if node["id"].startswith("/api/")
    ] == ["site:a"], "the write was made"
    return answer


def test_write_then_empty_200() -> None:
    answer = written_then_answered("write-then-empty-200")
    assert answer.status_code == 200 and answer.content == b""


def test_write_then_html_200() -> None:
    answer = written_then_answered("write-then-html-200")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")


def test_unknown_project_403() -> None:
    unknown = "0d9c2a4e-0000-0000-0000-000000000000"
    assert Platform().call("GET", f"/api/projects/{unknown}").status_code == 404
    platform = Platform("unknown-project-403")
    assert (
        platform.call("GET", f"/api/projects/{unknown}").json()["error"]["code"] == "InsufficientPermissions"
    )
    assert platform.call("GET", "/api/nodes/all", params={"projectIds": unknown}).status_code == 403


def test_unknown_project_empty() -> None:
    platform = Platform("unknown-project-empty")
    unknown = "0d9c2a4e-0000-0000-0000-000000000000"
    answer = platform.call("GET", f"/api/projects/{unknown}")
    assert answer.status_code == 200 and answer.json() == []
    assert platform.call("GET", "/api/nodes/all", params={"projectIds": unknown}).json() == []
    assert platform.call("GET", f"/api/projects/{PROJECT}").json()["id"] == PROJECT


def test_default_project_only() -> None:
    for variants, found in (((), True), (("default-project-only",), False)):
        platform = Platform(*variants)
        node = created(
            platform, {"changeState": "new", "devices": [device("d", sensor("s"))]}, SECOND_PROJECT
        )
        sensor_id = node["devices"][0]["sensors"][0]["id"]
        without = platform.call("POST", f"/api/integrations/{node['node']['id']}")
        assert (without.status_code == 200) is found
        if not found:
            assert without.status_code == 422 and "nodeId is valid" in without.json()["error"]["message"]
        metrics = platform.call(
            "POST", f"/api/sensors/metrics?projectIds={PROJECT}", json={"ids": [sensor_id]}
        )
        assert bool(metrics.json()["metricsBySensor"][sensor_id]) is found
        with_project = platform.call(
            "POST", f"/api/integrations/{node['node']['id']}?projectIds={SECOND_PROJECT}"
        )
        assert with_project.status_code == 200


# --- choosing variants --------------------------------------------------------------------
def test_every_variant_has_its_test() -> None:
    # JSON-RPC's variants have a file of their own, as have the refusal of a LOCATION's extra keys and
    # a gateway's numbers answered as text
    modules = [
        sys.modules[__name__],
        test_jsonrpc_variants,
        test_location_extra_keys_refused,
        test_variant_edge_numbers_as_text,
    ]
    missing = [
        name
        for name in KNOWN_VARIANTS
        if not any(hasattr(module, "test_" + name.replace("-", "_")) for module in modules)
    ]
    assert missing == []


def test_an_unknown_variant_is_an_error_listing_the_known_ones() -> None:
    with pytest.raises(UnknownVariant) as raised:
        create_app(variants=["page-cap-100", "page-cap-10"])
    assert "page-cap-10;" in str(raised.value) and all(name in str(raised.value) for name in KNOWN_VARIANTS)


def test_the_embedded_transport_reads_its_variants_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "page-cap-100, no-observation-counts")
    assert embedded_transport(tmp_path / "sim.db").app.backend.variants.names() == [  # type: ignore[attr-defined]
        "no-observation-counts",
        "page-cap-100",
    ]
    assert embedded_transport(tmp_path / "sim.db", variants=[]).app.backend.variants.names() == []  # type: ignore[attr-defined]
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "no-such-thing")
    with pytest.raises(UnknownVariant, match="no-such-thing"):
        embedded_transport(tmp_path / "sim.db")


def test_sim_serve_takes_several_variants_and_lists_them(tmp_path: Path) -> None:
    flags = ("--variant", "page-cap-100", "--variant", "no-retry-after")
    with served(seed_with_gateway_ports(tmp_path), *flags) as url:
        variants = httpx.get(f"{url}/_sim/variants").json()
        assert variants["active"] == ["no-retry-after", "page-cap-100"]
        assert set(variants["known"]) == set(KNOWN_VARIANTS)
        body = {"integration": {"changeState": "new", "devices": [device(f"d{n}") for n in range(120)]}}
        httpx.post(
            f"{url}/api/integrations/integrate?projectIds={PROJECT}", json=body, headers=AUTH, timeout=30
        )
        page = httpx.get(
            f"{url}/api/devices/all", params={"projectIds": PROJECT, "pageSize": 500}, headers=AUTH
        )
        assert len(page.json()) == 100


def test_without_variants_none_is_listed() -> None:
    assert Platform().call("GET", "/_sim/variants").json()["active"] == []


def test_every_variant_is_listed_in_the_assumptions_doc() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api-assumptions.md").read_text()
    assert [name for name in KNOWN_VARIANTS if f"| `{name}` |" not in doc] == []


@pytest.mark.parametrize(
    ("path", "key", "legacy"),
    [
        ("/api/sensors/types", "sensorTypes", "TEMPERATURE_SDE"),
        ("/api/metrics/types", "metrics", "cum_distance"),
    ],
)
def test_catalog_legacy_hidden(path: str, key: str, legacy: str) -> None:
    def ids(platform: Platform, **params: str) -> set[str]:
        return {item["id"] for item in platform.call("GET", path, params=params).json()[key]}

    default, variant = Platform(), Platform("catalog-legacy-hidden")
    assert legacy in ids(default, excludeLegacy="true")
    assert ids(variant, excludeLegacy="true") == ids(default, excludeLegacy="true") - {legacy}
    assert legacy in ids(variant)  # asked without excludeLegacy, the legacy items are listed
