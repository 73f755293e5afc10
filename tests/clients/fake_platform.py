"""A small fake of the platform's read endpoints behind httpx.MockTransport, with the behaviours the
reference leaves open switchable: a silent page-size cap (counted either way a platform may count
its pages), `pageNumber` ignored or counted from 1, reads without `projectIds` meaning the default
project, and another writer changing a list between two pages of its read."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from iotplan.clients.auth import ApiKey
from iotplan.clients.platform import PlatformClient
from iotplan.clients.retry import RetryPolicy

DEFAULT_PROJECT = "default-project"
LISTS = {"/api/nodes/all": "nodes", "/api/devices/all": "devices", "/api/sensors/all": "sensors"}


@dataclass
class FakePlatform:
    projects: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    cap: int | None = None  # the largest page served, whatever pageSize asks for
    counts_requested_pages: bool = False  # a capped page starts at pageNumber × the size asked
    ignores_page_number: bool = False
    pages_from_one: bool = False  # pageNumber counts from 1: pages 0 and 1 are both the first page
    # another writer at work: called with the project's lists and the list request's number (from 1)
    # before that request is answered, it may change them
    writer: Callable[[dict[str, list[dict[str, Any]]], int], None] | None = None
    calls: Counter[str] = field(default_factory=Counter)
    sent: list[httpx.Request] = field(default_factory=list)
    _indexes: dict[int, tuple[dict[str, Any], ...]] = field(default_factory=dict)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.sent.append(request)
        path = request.url.path
        project = self.projects.get(request.url.params.get("projectIds") or DEFAULT_PROJECT, {})
        if path in LISTS:
            self.calls[f"GET {path}"] += 1
            if self.writer is not None:
                self.writer(project, sum(self.calls[f"GET {list_path}"] for list_path in LISTS))
            return httpx.Response(200, json=self._page(project.get(LISTS[path], []), request.url.params))
        if path.startswith("/api/integrations/"):
            self.calls["POST /api/integrations/{nodeId}"] += 1
            return self._integration(project, path.removeprefix("/api/integrations/"))
        if path.startswith("/api/projects/"):
            self.calls["GET /api/projects/{id}"] += 1
            known = path.rsplit("/", 1)[1] in self.projects
            return httpx.Response(200 if known else 404, json={"id": path.rsplit("/", 1)[1]})
        self.calls[f"GET {path}"] += 1
        key = {"/api/devices/types": "deviceTypes", "/api/sensors/types": "sensorTypes"}.get(path, "metrics")
        return httpx.Response(200, json={key: []})

    def _page(self, items: list[dict[str, Any]], params: Any) -> list[dict[str, Any]]:
        asked = int(params.get("pageSize", 30))
        size = min(asked, self.cap) if self.cap else asked
        number = 0 if self.ignores_page_number else int(params.get("pageNumber", 0))
        if self.pages_from_one:
            number = max(0, number - 1)
        start = number * (asked if self.counts_requested_pages else size)
        return items[start : start + size]

    def _integration(self, project: dict[str, list[dict[str, Any]]], node_id: str) -> httpx.Response:
        nodes, devices_of, sensors_of = self._index(project)
        if node_id not in nodes:  # the documented answer for a node the (default) project does not hold
            message = "Cannot process integration ensure the provided nodeId is valid."
            body = {"error": {"code": "InvalidProcessIntegrationRequest", "message": message}}
            return httpx.Response(422, json=body)
        groups = [{"device": d, "sensors": sensors_of.get(d["id"], [])} for d in devices_of.get(node_id, [])]
        return httpx.Response(200, json={"integration": {"node": nodes[node_id], "devices": groups}})

    def _index(self, project: dict[str, list[dict[str, Any]]]) -> tuple[dict[str, Any], ...]:
        key = id(project)
        if key not in self._indexes:
            devices_of: dict[str, list[dict[str, Any]]] = {}
            sensors_of: dict[str, list[dict[str, Any]]] = {}
            for device in project.get("devices", []):
                devices_of.setdefault(device["props"]["NODE_ID"], []).append(device)
            for sensor in project.get("sensors", []):
                sensors_of.setdefault(sensor["device"], []).append(sensor)
            self._indexes[key] = ({n["id"]: n for n in project.get("nodes", [])}, devices_of, sensors_of)
        return self._indexes[key]


def fleet(project_id: str, connections: int, devices: int = 1, sensors: int = 1) -> dict[str, list[Any]]:
    """`connections` API connections owned by stack `site`, each with its devices and sensors."""
    nodes, device_list, sensor_list = [], [], []
    for n in range(connections):
        node_id = f"/api/{n:06X}/node"
        nodes.append({"id": node_id, "type": "DYNAMIC", "props": {"SERIAL_NO": f"site:n{n}"}})
        for d in range(devices):
            device_id = f"{node_id}/dynamic/{d:06X}/device"
            props = {"SERIAL_NO": f"site:n{n}/d{d}", "NODE_ID": node_id}
            device_list.append({"id": device_id, "type": "DYNAMIC", "props": props})
            sensor_list += [
                {"id": f"{device_id}/{s:06X}/sensor", "device": device_id, "props": {"SERIAL_NO": f"s{s}"}}
                for s in range(sensors)
            ]
    return {"nodes": nodes, "devices": device_list, "sensors": sensor_list}


def run_client(
    platform: FakePlatform | Callable[[httpx.Request], Any],
    call: Callable[[PlatformClient], Awaitable[Any]],
    page_window: int = 8,  # narrower than a 12-page list: the window tests watch it slide
    in_flight: int | None = None,
) -> Any:
    handler = platform.handler if isinstance(platform, FakePlatform) else platform

    async def go() -> Any:
        transport = httpx.MockTransport(handler)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://iiot.test", auth=ApiKey("k")
        ) as http:
            client = PlatformClient(
                http, retry=RetryPolicy(attempts=1), page_window=page_window, in_flight=in_flight
            )
            return await call(client)

    return asyncio.run(go())
