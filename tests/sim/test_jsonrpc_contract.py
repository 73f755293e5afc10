"""Every JSON-RPC request example of the vendor's documentation, replayed against the emulator.

The examples, and what the documentation prints of their answers, are in
documented_jsonrpc_examples.yaml. Each request the emulator serves is answered with a result, and
where an answer is documented, every element of every array of the result has the documented
structure and every documented element is found in it (tests/sim/test_contract.py's comparison:
same keys, same JSON types; keys the emulator adds are allowed). Subscriptions and the data plane
are out of scope: they are answered "Method not found".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from iotplan.sim import demo_seed
from iotplan.sim.rpc_backend import OWNED
from tests.sim.rpc_client import Connection, Rpc
from tests.sim.test_contract import differences

EXAMPLES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "documented_jsonrpc_examples.yaml").read_text()
)
DEFAULT = "60F8B30928A37A575ECEE061"  # the examples' default project (their getSensors note says so)
OTHER = "60D90DF0B2BD096E970C2824"  # the getNodes example's project
PLACEHOLDERS = ("YourAPIKey", "<REPLACE_WITH_YOUR_API_CODE_OR_JWT_TOKEN>")
# Documented props the emulator cannot know, and why: left out of the comparison.
NOT_EMULATED = {
    "LAST_COMM": "when the THREAD last called in: live hardware",
    "LAST_OBSERVATION": "the last observation's values: the data plane",
}
SENSOR_NOT_EMULATED = {"SIZE": "a sensor's SIZE: the reference does not say what it counts"}


def documented(name: str) -> Any:
    """An entity object printed in the examples, by its id (the page's entity objects)."""
    for entry in EXAMPLES:
        for text in (entry.get("documented_result"), entry.get("response")):
            found = _find(json.loads(text) if text else None, name)
            if found is not None:
                return found
    raise KeyError(name)


def _find(value: Any, entity_id: str) -> dict[str, Any] | None:
    if isinstance(value, dict):
        if value.get("id") == entity_id and "props" in value:
            return value
        value = list(value.values())
    if isinstance(value, list):
        return next((f for item in value if (f := _find(item, entity_id)) is not None), None)
    return None


class World:
    """The emulator holding what the examples name, made through JSON-RPC itself from the
    documented entity objects (their props the platform keeps for itself left out)."""

    def __init__(self, *variants: str) -> None:
        seed = demo_seed()
        seed["projects"] = [
            {"id": DEFAULT, "name": "default"},
            {"id": OTHER, "name": "other"},
            *seed["projects"],
        ]
        seed["api_keys"][0]["projects"] += [DEFAULT, OTHER]
        self.rpc = Rpc(*variants, seed=seed)
        self.connection = self.rpc.connection()
        tilt = "/fn/6C4F6D/node/dgsimlogger/032432/device/tilt4/sensor"
        self.create("Node", "/fn/6C4F6D/node", VERSION="v4_6")
        self.create("Device", "/fn/6C4F6D/node/dgsimlogger/032432/device")
        self.create("Sensor", tilt)
        self.rpc.app.backend.add_observations(tilt, 2208)
        self.create("Node", "/fn/6C954F/node", project=OTHER)
        troll = "/fn/xxxxx/node/dynamic/xxxxx/device/rugged_troll_insitu_sde/sensor"
        self.create("Node", "/fn/xxxxx/node", type="DYNAMIC", VERSION="v8_1")
        self.create("Device", "/fn/xxxxx/node/dynamic/xxxxx/device", type="DYNAMIC", NAME="Troll logger")
        self.create("Sensor", troll)
        # The parents the create examples name.
        self.create("Node", "/fn/02DDC5/node", type="THREAD", VERSION="v4_6")
        self.create("Node", "/instantel/3E216E/node", type="DYNAMIC", VERSION="v4_6")
        self.create("Device", "/instantel/3E216E/node/demo_sensor/UM9169/device", type="DEMO")

    def create(self, kind: str, entity_id: str, project: str | None = None, **given: Any) -> None:
        try:
            entity = documented(entity_id)
        except KeyError:
            entity = {"type": given.pop("type"), "props": {}}
        props = {key: value for key, value in entity["props"].items() if key not in OWNED}
        props |= given
        if kind == "Device":
            props["NODE_ID"] = entity_id.split("/node/")[0] + "/node"
        params = {kind.lower(): entity_id, "type": entity["type"], "props": props}
        if project:
            params["projectIds"] = [project]
        self.connection.result(f"create{kind}", params)

    def replay(self, example: dict[str, Any]) -> list[dict[str, Any]]:
        request = json.loads(example["request"])
        if request["method"] == "authenticate":  # on a connection of its own, as the examples do
            for placeholder in PLACEHOLDERS:
                request["params"]["code"] = request["params"]["code"].replace(placeholder, "demo-key")
            return Connection(self.rpc.transport).request(request)
        return self.connection.request(request)


def expected_result(example: dict[str, Any]) -> Any:
    if "response" in example:
        return _comparable(json.loads(example["response"])["result"])
    return _comparable(json.loads(example["documented_result"]))


def _comparable(value: Any) -> Any:
    """The documented structure without the props the emulator cannot know (NOT_EMULATED)."""
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    if not isinstance(value, dict):
        return value
    if "props" in value and "id" in value:
        skipped = NOT_EMULATED.keys() | (SENSOR_NOT_EMULATED.keys() if "device" in value else set())
        value = {**value, "props": {k: v for k, v in value["props"].items() if k not in skipped}}
    return {key: _comparable(item) for key, item in value.items()}


def _metric_forms(expected: Any) -> Any:
    """A metric object's `params` is documented both empty (the end-to-end getMetrics answer's
    `T`) and not (the page's example metric object): either form is the documented one."""
    if isinstance(expected, dict) and all(isinstance(v, list) for v in expected.values()):
        return {
            key: [*items, *({**item, "params": []} for item in items if item.get("params"))]
            for key, items in expected.items()
        }
    return expected


ANSWERED = [example for example in EXAMPLES if example["scope"] == "answered"]
OUT_OF_SCOPE = [example for example in EXAMPLES if example["scope"] != "answered"]


@pytest.mark.parametrize("example", ANSWERED, ids=[example["name"] for example in ANSWERED])
def test_every_documented_request_is_answered_as_documented(example: dict[str, Any]) -> None:
    [response] = World().replay(example)
    assert "result" in response, response
    if "response" in example:
        documented_response = json.loads(example["response"])
        assert response["id"] == documented_response["id"] and response["jsonrpc"] == "2.0"
    else:  # as the printed answers do: an id of digits comes back a number
        sent = json.loads(example["request"])["id"]
        assert response["id"] == (int(sent) if isinstance(sent, str) else sent)
    result, expected = response["result"], expected_result(example)
    if example["request"].count('"getMetrics"'):
        expected = _metric_forms(expected)
    assert differences(expected, result) == [], json.dumps(result, indent=1)


@pytest.mark.parametrize("example", OUT_OF_SCOPE, ids=[example["name"] for example in OUT_OF_SCOPE])
def test_subscriptions_and_the_data_plane_are_answered_method_not_found(example: dict[str, Any]) -> None:
    [response] = World().replay(example)
    method = json.loads(example["request"])["method"]
    assert response["error"]["code"] == -32601 and method in response["error"]["message"]


def test_the_examples_cover_every_json_rpc_request_of_the_reference() -> None:
    """A guard against an example dropped from the data file: the count the reference prints."""
    methods = [json.loads(example["request"])["method"] for example in EXAMPLES]
    assert (len(EXAMPLES), len(ANSWERED)) == (31, 22)
    assert {"createNode", "createDevice", "createSensor", "getNodes", "getMetrics", "time", "help"} <= set(
        methods
    )


def test_the_documented_create_answers_keep_what_was_sent() -> None:
    world = World()
    for name in ("createNode", "createDevice", "createSensor"):
        [example] = [e for e in EXAMPLES if e["name"] == name]
        [response] = world.replay(example)
        sent = json.loads(example["request"])["params"]
        assert response["result"]["props"]["NAME"] == sent["props"]["NAME"]
        assert response["result"]["props"]["ACCESSIBLE"] is True
    sensor = json.loads(next(e for e in EXAMPLES if e["name"] == "createSensor")["response"])["result"]
    got = world.connection.result("getSensors", {"sensors": [sensor["id"]]})[0]
    assert {key: got["props"][key] for key in ("SERIAL_NO", "NODE_ID")} == {
        key: sensor["props"][key] for key in ("SERIAL_NO", "NODE_ID")
    }
    assert got["device"] == sensor["device"]
