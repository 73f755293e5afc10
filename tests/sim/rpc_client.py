"""The emulator's JSON-RPC API in-process, answering synchronously for readable tests."""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import httpx

from iotplan.sim import SimTransport, create_app, demo_seed

PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
SECOND_PROJECT = "0d9c2a4e-8f1b-4c55-9e11-3a7b6c2d1e00"
FOREIGN_PROJECT = "7f3e1b2c-0000-4000-8000-000000000003"  # seeded, out of demo-key's reach
THREAD = "/fn/6C7D8E/node"  # the demo seed's THREAD site


class Rpc:
    """One emulator; `connection()` opens a JSON-RPC connection to it, `rest()` calls its REST API."""

    def __init__(self, *variants: str, seed: dict[str, Any] | None = None) -> None:
        self.app = create_app(seed=seed or demo_seed(), variants=variants)
        self.transport = SimTransport(app=self.app)

    def connection(self, key: str | None = "demo-key") -> Connection:
        connection = Connection(self.transport)
        if key is not None:
            assert "result" in connection.send("authenticate", {"code": key})
        return connection

    def rest(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            async with httpx.AsyncClient(transport=self.transport, base_url="http://platform") as http:
                kwargs.setdefault("headers", {"Authorization": "ApiKey demo-key"})
                return await http.request(method, path, **kwargs)

        return asyncio.run(go())


class Connection:
    def __init__(self, transport: SimTransport) -> None:
        self.handler = transport.jsonrpc_connection()
        self.ids = itertools.count(1)

    def request(self, request: Any) -> list[dict[str, Any]]:
        return asyncio.run(self.handler(request))

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """One request, its one response."""
        request: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "id": next(self.ids)}
        if params is not None:
            request["params"] = params
        [response] = self.request(request)
        assert response["id"] == request["id"]
        return response

    def result(self, method: str, params: dict[str, Any] | None = None) -> Any:
        response = self.send(method, params)
        assert "result" in response, response
        return response["result"]

    def error(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        response = self.send(method, params)
        assert "error" in response, response
        return dict(response["error"])


def logger(node: str = THREAD, name: str = "vw1", **props: Any) -> dict[str, Any]:
    """createDevice params: a vibrating-wire logger on port 1 of `node`."""
    return {
        "device": f"{node}/vwlogger/{name}/device",
        "type": "VW_LOGGER",
        "props": {"NAME": f"Logger {name}", "NODE_ID": node, "EXTERNAL_PORT": 1, **props},
    }


def piezometer(device: str, name: str = "p1", **props: Any) -> dict[str, Any]:
    return {
        "sensor": f"{device}/{name}/sensor",
        "type": "VW_PIEZOMETER",
        "observationType": "VW_PIEZOMETER",
        "props": {"NAME": f"Piezometer {name}", "MUX_INDEX": 1, **props},
    }
