"""Malformed requests get the platform's documented error shape with a 4xx, and write nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from iotplan.sim.integrate import Integrate
from tests.sim.test_integrate_rules import PROJECT, Platform

INTEGRATE = f"/api/integrations/integrate?projectIds={PROJECT}"
NEW = {"changeState": "new"}


def documented_error(response: httpx.Response) -> bool:
    """`{"error": {"code", "message"}}` or `{"errors": [{"message", "path"}]}` (the reference's two)."""
    body = response.json()
    if "error" in body:
        return isinstance(body["error"].get("code"), str) and isinstance(body["error"].get("message"), str)
    return all(isinstance(e.get("message"), str) and isinstance(e.get("path"), str) for e in body["errors"])


def connections(platform: Platform) -> list[str]:
    nodes = platform.call("GET", "/api/nodes/all", params={"projectIds": PROJECT, "pageSize": 1000}).json()
    return [node["id"] for node in nodes if node["id"].startswith("/api/")]


def located(coordinates: str) -> bytes:
    body = '{"integration": {"changeState": "new", "props": {"LOCATION": {"coordinates": %s}}}}'
    return (body % coordinates).encode()


MALFORMED_INTEGRATE: dict[str, dict[str, Any]] = {
    "NaN in a location": {"content": located("[NaN, 1, 2]")},
    "Infinity in a location": {"content": located("[Infinity, 1, 2]")},
    "a number beyond a float": {"content": located("[1e999, 1, 2]")},
    "an integer of 5,000 digits": {"content": located("[" + "9" * 5000 + ", 1, 2]")},
    "a body that is not UTF-8": {"content": b'{"integration": {"props": {"NAME": "\xff"}}}'},
    "JSON nested 100,000 deep": {"content": b"[" * 100_000 + b"]" * 100_000},
    "JSON nested 40 deep in a prop": {"content": located("[1, 2, " + "[" * 40 + "]" * 40 + "]")},
    "not JSON": {"content": b"{integration"},
    "devices as an object": {"json": {"integration": {**NEW, "devices": {"d": {}}}}},
    "props as a list": {"json": {"integration": {**NEW, "props": ["NAME"]}}},
    "a device's props as a list": {"json": {"integration": {**NEW, "devices": [{**NEW, "props": [1]}]}}},
    "a device that is a string": {"json": {"integration": {**NEW, "devices": ["d"]}}},
    "sensors as an object": {"json": {"integration": {**NEW, "devices": [{**NEW, "sensors": {}}]}}},
    "a NAME that is a list": {"json": {"integration": {**NEW, "props": {"NAME": ["x"]}}}},
    "a refId that is a number": {"json": {"integration": {**NEW, "refId": 7}}},
    "a nodeId that is an object": {"json": {"integration": {"nodeId": {"id": 1}}}},
    "a metric map that is a list": {
        "json": {"integration": {**NEW, "devices": [{**NEW, "sensors": [{"props": {"UNKNOWN_UNITS": []}}]}]}}
    },
    "a location with one coordinate": {"content": located("[1]")},
}


@pytest.fixture
def platform() -> Platform:
    return Platform()


@pytest.mark.parametrize("body", MALFORMED_INTEGRATE.values(), ids=MALFORMED_INTEGRATE.keys())
def test_a_malformed_integrate_body_is_a_documented_4xx_and_creates_nothing(
    platform: Platform, body: dict[str, Any]
) -> None:
    response = platform.call("POST", INTEGRATE, **body)
    assert 400 <= response.status_code < 500, response.text
    assert documented_error(response), response.text
    assert connections(platform) == []


def test_a_refused_nan_leaves_every_connection_readable(platform: Platform) -> None:
    node = platform.node()["node"]["id"]
    platform.call("POST", INTEGRATE, content=located("[NaN, 1, 2]"))
    assert platform.call("POST", f"/api/integrations/{node}").status_code == 200
    assert platform.call("GET", "/api/nodes/all", params={"projectIds": PROJECT}).json()


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", f"/api/sensors/metrics?projectIds={PROJECT}", {"json": ["a"]}),
        ("POST", f"/api/sensors/metrics?projectIds={PROJECT}", {"json": {"ids": "a"}}),
        ("POST", f"/api/sensors/metrics?projectIds={PROJECT}", {"json": {"ids": [{"id": 1}]}}),
        ("POST", "/api/data/upload", {"json": {"observations": {"sensorId": "x"}}}),
        ("POST", "/api/data/upload", {"json": {"observations": ["x"]}}),
        ("POST", "/api/data/upload", {"json": []}),
        ("POST", "/connect/token", {"content": b"grant_type=\xff"}),
        ("GET", f"/api/nodes/all?projectIds={PROJECT}&pageNumber=1e20", {}),
        ("GET", f"/api/nodes/all?projectIds={PROJECT}&pageNumber={10**20}", {}),
        ("GET", f"/api/nodes/all?projectIds={PROJECT}&pageNumber=-1", {}),
        ("GET", f"/api/sensors/all?projectIds={PROJECT}&pageSize=ten", {}),
    ],
    ids=[
        "metrics: a list",
        "metrics: ids a string",
        "metrics: an id that is an object",
        "upload: observations an object",
        "upload: an observation a string",
        "upload: a list",
        "token: a form that is not UTF-8",
        "list: pageNumber=1e20",
        "list: pageNumber=10**20",
        "list: a negative pageNumber",
        "list: a pageSize in words",
    ],
)
def test_other_malformed_requests_are_documented_4xx(
    platform: Platform, method: str, path: str, body: dict[str, Any]
) -> None:
    response = platform.call(method, path, **body)
    assert 400 <= response.status_code < 500 and documented_error(response), response.text


def test_nothing_is_committed_before_an_error(platform: Platform, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug after the writes (here, an answer JSON cannot encode) rolls the whole request back."""

    def written_then_unanswerable(self: Integrate, integration: dict[str, Any]) -> dict[str, Any]:
        self._new_node(integration)
        return {"integration": {"node": {"props": {"LOCATION": float("nan")}}, "devices": []}}

    monkeypatch.setattr(Integrate, "run", written_then_unanswerable)
    with pytest.raises(ValueError, match="JSON compliant"):  # in-process, the 500 reaches the caller
        platform.integrate({"changeState": "new", "refId": "t:n"})
    monkeypatch.undo()
    assert connections(platform) == []
    assert platform.node()["node"]["props"]["SERIAL_NO"] == "t:n", "the refId was never taken"
