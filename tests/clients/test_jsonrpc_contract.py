"""iotplan's JSON-RPC client against every JSON-RPC example the reference prints (cassettes/jsonrpc/).

A fake platform answers authenticate with the nextId that makes the client's next id the documented
one, then answers the documented response verbatim: the client must send exactly the documented
request and return the documented result whole (every element of every list).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable
from typing import Any

import pytest
import yaml

from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import InProcessTransport
from tests.contract import CASSETTES

EXAMPLES = CASSETTES / "jsonrpc"
CODE = "<REPLACE_WITH_YOUR_API_CODE_OR_JWT_TOKEN>"  # the reference's own placeholder
REPLAYED = sorted(path.stem for path in EXAMPLES.glob("*.yaml") if path.stem != "authenticate")


def example(name: str) -> dict[str, Any]:
    raw = yaml.safe_load((EXAMPLES / f"{name}.yaml").read_text())
    return {
        "request": json.loads(raw["request"]),
        "request_tcp": json.loads(raw["request_tcp"]) if "request_tcp" in raw else None,
        "responses": [json.loads(text) for text in raw.get("responses", [])],
    }


class DocumentedPlatform:
    """Answers what the examples print; records every request it receives."""

    def __init__(self, next_id: int, answers: dict[int, list[dict[str, Any]]]) -> None:
        self.next_id = next_id
        self.answers = answers  # by request id: the documented responses
        self.received: list[dict[str, Any]] = []

    async def __call__(self, request: dict[str, Any]) -> list[dict[str, Any]]:
        self.received.append(request)
        if request["method"] == "authenticate":
            # NOT printed in the reference, which only says that its result carries nextId.
            return [{"jsonrpc": "2.0", "id": request["id"], "result": {"nextId": self.next_id}}]
        if self.answers.get(request["id"]):
            return self.answers[request["id"]]
        # No response printed for this request: a placeholder of the right type, never asserted on.
        placeholder: Any = [] if request["method"].startswith("get") else {}
        return [{"jsonrpc": "2.0", "id": request["id"], "result": placeholder}]


def helper_call(client: JsonRpcClient, request: dict[str, Any]) -> Awaitable[Any]:
    """The typed helper a caller would use for the documented request."""
    params = {key: value for key, value in request.get("params", {}).items() if key != "projectIds"}
    calls = {
        "getNodes": lambda: client.get_nodes(params["nodes"]),
        "getDevices": lambda: client.get_devices(params["devices"]),
        "getSensors": lambda: client.get_sensors(params["sensors"]),
        "getMetrics": lambda: client.get_metrics(params["sensors"]),
        "createNode": lambda: client.create_node(params["node"], params["type"], params["props"]),
        "createDevice": lambda: client.create_device(params["device"], params["type"], params["props"]),
        "createSensor": lambda: client.create_sensor(
            params["sensor"], params["type"], params["observationType"], params["props"]
        ),
        "time": client.time,
        "help": client.help,
    }
    method = request["method"]
    return calls[method]() if method in calls else client.call(method, params)


def project_of(request: dict[str, Any]) -> str | None:
    projects = request.get("params", {}).get("projectIds")
    if projects is None:
        return None
    assert len(projects) == 1  # the reference: "only a single projectId is supported per request"
    return str(projects[0])


def replay(requests: list[dict[str, Any]], answers: dict[int, list[dict[str, Any]]]) -> tuple[list, list]:
    """Each documented request through its helper, in one session whose ids start at the first one's."""
    platform = DocumentedPlatform(int(requests[0]["id"]), answers)

    async def go() -> list[Any]:
        transport = InProcessTransport(platform)
        async with JsonRpcClient(transport, CODE, project_id=project_of(requests[0]), timeout=2) as client:
            return [await helper_call(client, request) for request in requests]

    return asyncio.run(go()), platform.received


def assert_sent_as_documented(sent: dict[str, Any], documented: dict[str, Any]) -> None:
    # The reference prints ids both as "2" and 2 and calls them numeric: the client sends the number.
    assert type(sent["id"]) is int
    assert sent["id"] == int(documented["id"])
    assert {**sent, "id": None} == {**documented, "id": None}


@pytest.mark.parametrize("name", REPLAYED)
def test_the_client_sends_the_documented_request_and_returns_the_documented_result(name: str) -> None:
    documented = example(name)
    request = documented["request"]
    answers = {int(request["id"]): documented["responses"]}
    (result,), received = replay([request], answers)

    assert [r["method"] for r in received] == ["authenticate", request["method"]]
    assert_sent_as_documented(received[1], request)
    if documented["responses"]:
        assert result == documented["responses"][0]["result"]


def test_the_documented_creations_are_one_session_with_ids_2_3_4_from_next_id() -> None:
    creations = [example(name) for name in ("create_node", "create_device", "create_sensor")]
    requests = [creation["request"] for creation in creations]
    answers = {int(c["request"]["id"]): c["responses"] for c in creations}
    results, received = replay(requests, answers)

    for sent, documented in zip(received[1:], requests, strict=True):
        assert_sent_as_documented(sent, documented)
    assert results == [creation["responses"][0]["result"] for creation in creations]


@pytest.mark.parametrize("project", [None, "60F8B30928A37A575ECEE061"])
def test_authenticate_is_the_documented_first_request(project: str | None) -> None:
    documented = example("authenticate")
    platform = DocumentedPlatform(1, {})

    async def go() -> None:
        async with JsonRpcClient(InProcessTransport(platform), CODE, project_id=project) as client:
            await client.time()

    asyncio.run(go())
    first = platform.received[0]
    assert first == documented["request_tcp"]  # {"jsonrpc", "method", "params": {"code"}, "id": 0}
    assert_sent_as_documented(first, documented["request"])  # the WebSocket examples' "0"


def test_every_example_file_is_replayed() -> None:
    assert len(REPLAYED) == 10
    assert {example(name)["request"]["method"] for name in REPLAYED} == {
        "getNodes",
        "getSensors",
        "getMetrics",
        "getData",
        "createNode",
        "createDevice",
        "createSensor",
        "time",
        "help",
    }
