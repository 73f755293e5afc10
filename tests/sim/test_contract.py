"""Every request example of the vendor's documentation, replayed against the emulator as printed.

The examples, and the answers the documentation prints, are in documented_examples.yaml. Each is
accepted with the status the documentation gives, and where an answer is documented, every element
of every array of the emulator's answer has the documented structure, and every documented element
is found in it (same keys, same JSON types, same id forms; keys the emulator adds are allowed).
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from iotplan.sim import demo_seed
from tests.sim.test_integrate_rules import PROJECT, Platform

EXAMPLES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "documented_examples.yaml").read_text()
)
THREAD = "127.0.0.1:8401"  # a seeded THREAD: the examples' `localhost`
OTHER_PROJECT = "7f3e1b2c-0000-4000-8000-000000000003"  # seeded, out of demo-key's reach
EXAMPLE_PROJECTS = ["60F8B30928A37A575ECEE061", "026a6db1-68c6-4416-9bd0-1f83e191ec31"]
EDGE_VALUE_READS = ("chargeInputVoltage", "chargeInputCurrent", "batteryVoltage", "tempRead", "pressRead")
ID_FORMS = {
    "sensor id": re.compile(r"/api/[0-9A-F]{6}/node/dynamic/[0-9A-F]{6}/device/[0-9A-F]{6}/sensor"),
    "device id": re.compile(r"/api/[0-9A-F]{6}/node/dynamic/[0-9A-F]{6}/device"),
    "node id": re.compile(r"/(api|fn)/[0-9A-F]{6}/node"),
}


class World:
    """The emulator with what the examples name: the reference's projects and connections."""

    def __init__(self, *variants: str) -> None:
        self.platform = Platform(*variants)
        seed = demo_seed()
        seed["projects"] += [{"id": project, "name": project} for project in EXAMPLE_PROJECTS]
        seed["api_keys"][0]["projects"] += EXAMPLE_PROJECTS  # still not OTHER_PROJECT
        assert self.platform.call("POST", "/_sim/seed", json=seed).status_code == 200
        connection = self.reference_connection()
        sensor = connection["devices"][0]["sensors"][0]["id"]
        self.names = {
            "/api/B08851/node/dynamic/AB10E2/device/D76619/sensor": sensor,
            "/api/13DC2F/node/dynamic/AB10E2/device/D76619/sensor": sensor,
            "/api/B08851/node": connection["node"]["id"],
            "/api/13DC2F/node": connection["node"]["id"],
            "/api/95A09D/node": connection["node"]["id"],
            "<Your asset id>": PROJECT,
            "{projectId}": PROJECT,
            "{another project}": OTHER_PROJECT,
        }

    def reference_connection(self) -> dict[str, Any]:
        """Like the reference's 13DC2F: two located devices, a generic sensor on each."""
        node_props = {"NAME": "UI-13DC2F", "NOTES": "Created through UI", "EXTERNAL_ID": "1234", "URL": "u"}
        node_props |= {"AUTH_TOKEN": "t", "LOCATION": {"type": "Point", "coordinates": [None, None, None]}}
        devices = [_reference_device(name) for name in ("test", "51")]
        answer = self.platform.integrate({"changeState": "new", "props": node_props, "devices": devices})
        assert answer.status_code == 200, answer.text
        return dict(answer.json()["integration"])

    def fill(self, text: str) -> str:
        for documented, live in self.names.items():
            text = text.replace(documented, live)
        return re.sub(r"\{\{\$guid\}\}", lambda _: str(uuid.uuid4()), text)

    def replay(self, example: dict[str, Any]) -> httpx.Response:
        if example.get("rate_limited"):
            self.platform.call("POST", "/_sim/faults", json={"rate_limit": "1/hour"})
            self.platform.call("GET", "/api/devices/types")
        url = self.fill(example["url"]).replace("http://localhost/", f"http://{THREAD}/")
        target = url if THREAD in url else "/" + url.split("://", 1)[1].split("/", 1)[1]
        return self.platform.call(
            example["method"], target, headers=self.headers(example), **self.body(example)
        )

    def headers(self, example: dict[str, Any]) -> dict[str, str]:
        headers = dict(example.get("headers") or {})
        scheme = headers.get("Authorization", "").split(" ")[0]
        if "expired" in headers.get("Authorization", ""):
            expired = self.platform.call("POST", "/_sim/tokens", json={"expires_in": -1}).json()[
                "access_token"
            ]
            headers["Authorization"] = f"Bearer {expired}"
        elif scheme:
            headers["Authorization"] = f"{scheme} demo-key"
        return headers

    def body(self, example: dict[str, Any]) -> dict[str, Any]:
        if "form" in example:
            form = {key: self.fill(value) for key, value in example["form"].items()}
            form["client_id"] = form["client_id"].replace("<Your client id>", "demo-client")
            form["client_secret"] = form["client_secret"].replace("<Your client secret>", "demo-secret")
            return {"data": form}
        if "sensor_entry" in example:  # an entry of a device's `sensors`: on a device of its own
            device = (
                '{"changeState": "new", "refId": "{{$guid}}", "props": {"INTEGRATION_ID": "DEMO_DEVICE_SDE"}'
            )
            body = '{"integration": {"nodeId": "/api/B08851/node", "devices": [%s, "sensors": [%s]}]}}'
            return {"content": self.fill(body % (device, example["sensor_entry"])).encode()}
        return {"content": self.fill(example["body"]).encode()} if "body" in example else {}


def _reference_device(name: str) -> dict[str, Any]:
    located = {"type": "Point", "coordinates": [174.78, -41.27, 20.0]}
    sensor = {
        "INTEGRATION_ID": "GENERIC_SENSOR_SDE",
        "NAME": f"Sensor-{name}",
        "NOTES": "Generic sensor",
        "LOCATION": {"type": "Point", "coordinates": [-75.68, 40.06, 119.5]},
        "UNKNOWN_UNITS": {"0": "millimeter", "1": "millimeter"},
        "UNKNOWN_METRICS": {"0": "Alignment_Left_SD", "1": "Alignment_Right_SD"},
    }
    return {
        "changeState": "new",
        "refId": f"/api/13DC2F/node-device-{name}",
        "props": {
            "INTEGRATION_ID": "IMPORT_DEVICE_SDE",
            "NAME": f"Device-{name}",
            "NOTES": "d",
            "LOCATION": located,
        },
        "sensors": [{"changeState": "new", "refId": f"/api/13DC2F/node-sensor-{name}", "props": sensor}],
    }


# --- comparing structures, every element ------------------------------------------------------
def differences(expected: Any, actual: Any, path: str = "$") -> list[str]:
    """What the actual answer lacks or types differently; keys it adds are allowed."""
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: expected an object, got {type(actual).__name__}"]
        missing = [f"{path}.{key}: missing" for key in expected if key not in actual]
        return missing + [
            d
            for key in expected
            if key in actual
            for d in differences(expected[key], actual[key], f"{path}.{key}")
        ]
    if isinstance(expected, list):
        return _array_differences(expected, actual, path)
    return _scalar_differences(expected, actual, path)


def _array_differences(expected: list[Any], actual: Any, path: str) -> list[str]:
    """Every actual element has the structure of some documented one, and every documented one is
    found among the actual elements (order is the platform's own)."""
    if not isinstance(actual, list):
        return [f"{path}: expected an array, got {type(actual).__name__}"]
    if bool(expected) != bool(actual):
        return [f"{path}: expected {len(expected)} items, got {len(actual)}"]
    problems = []
    for index, item in enumerate(actual):
        tried = [differences(documented, item, f"{path}[{index}]") for documented in expected]
        if all(tried):
            problems += min(tried, key=len)
    for index, documented in enumerate(expected):
        if all(differences(documented, item) for item in actual):
            problems.append(f"{path}: no element has the structure of documented element {index}")
    return problems


def _scalar_differences(expected: Any, actual: Any, path: str) -> list[str]:
    if expected is None or actual is None:
        return []  # null stands for "unset" in the reference (LOCATION [null, null, null])
    numbers = (int, float)
    both_numbers = (
        isinstance(expected, numbers) and isinstance(actual, numbers) and not isinstance(actual, bool)
    )
    if not both_numbers and type(expected) is not type(actual):
        return [f"{path}: expected {type(expected).__name__}, got {type(actual).__name__}"]
    form = _id_form(expected) if isinstance(expected, str) else None
    if form and _id_form(actual) != form:
        return [f"{path}: expected a {form}, got {actual!r}"]
    return []


def _id_form(text: str) -> str | None:
    return next((name for name, pattern in ID_FORMS.items() if pattern.fullmatch(text)), None)


def _templates(answer: Any) -> Counter[str]:
    """The templates of every device and sensor an integrate answer shows."""
    groups = answer["integration"]["devices"]
    found = [group["device"]["props"]["INTEGRATION_ID"] for group in groups]
    return Counter(found + [s["props"]["INTEGRATION_ID"] for group in groups for s in group["sensors"]])


def documented_answer(example: dict[str, Any]) -> Any:
    answer = json.loads(example["response"])
    if " sensorTypes" in answer:  # the reference prints the key once with a leading space
        answer["sensorTypes"] = answer.pop(" sensorTypes")
    return answer


# --- the replay ---------------------------------------------------------------------------------
@pytest.mark.parametrize("example", EXAMPLES, ids=[example["name"] for example in EXAMPLES])
def test_every_documented_request_is_accepted_as_documented(example: dict[str, Any]) -> None:
    world = World()
    response = world.replay(example)
    assert response.status_code == example["status"], response.text
    if example["status"] == 429:
        assert int(response.headers["retry-after"]) >= 1
    if "response" not in example or example.get("note", "").startswith("documented as {"):
        return
    expected, answer = documented_answer(example), response.json()
    if "metricsBySensor" in expected:  # the reference asks for one sensor and answers another id
        expected, answer = [*expected["metricsBySensor"].values()], [*answer["metricsBySensor"].values()]
    assert differences(expected, answer) == []
    if "integration" in expected and "changeState" in example.get("body", ""):
        assert _templates(answer) == _templates(expected)


@pytest.mark.parametrize("read", EDGE_VALUE_READS)
def test_the_five_value_reads_are_bare_numbers_unless_the_variant_answers_the_documented_form(
    read: str,
) -> None:
    [example] = [e for e in EXAMPLES if e["url"].endswith(f"/api/{read}")]
    bare = World().replay(example).json()
    assert isinstance(bare, float | int) and not isinstance(bare, bool)
    documented = World("edge-value-objects").replay(example).json()
    assert differences(documented_answer(example), documented) == [] and documented == {"value": bare}


def test_the_examples_cover_every_request_of_both_references() -> None:
    """A guard against an example dropped from the data file: the count the reference prints."""
    edge = [e for e in EXAMPLES if e["url"].startswith("http://localhost/")]
    gateway = [e for e in EXAMPLES if e["url"].startswith("https://api.bentley.com/")]
    assert (len(EXAMPLES), len(edge), len(gateway)) == (77, 47, 5)


def test_the_comparison_looks_at_every_element() -> None:
    documented = [{"id": "/api/ABCDEF/node", "props": {"NAME": "x"}}]
    second_differs = [
        {"id": "/api/123456/node", "props": {"NAME": "y"}},
        {"id": "/api/123456/node", "props": {}},
    ]
    assert differences(documented, second_differs) == ["$[1].props.NAME: missing"]
    assert differences([{"a": 1}, {"b": "x"}], [{"a": 2}]) == [
        "$: no element has the structure of documented element 1"
    ]
