"""The emulator as one ASGI app, composed of its parts:

    HTTP, Host of a seeded THREAD   → edge_routes      → GatewayBackend (gateways.py)
    HTTP, /_sim/...                 → control_routes   → SimBackend, GatewayBackend, Faults
    HTTP, anything else             → platform_routes  → SimBackend (backend.py, integrate.py)
    WebSocket                       → rpc.py (one RpcConnection per socket: envelope, authentication,
                                      faults) → rpc_routes (methods) → RpcBackend (rpc_backend.py),
                                      on the same SimBackend and Store as REST
    in-process JSON-RPC             → `jsonrpc_connection()`: the same RpcConnection, without a socket

Faults (faults.py) are decided before any route runs, so a request they answer writes nothing.
A request that writes runs in one store transaction, its answer encoded inside it: nothing is
committed before an error.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket

from iotplan.sim import edge_routes
from iotplan.sim.backend import SimBackend
from iotplan.sim.calls import Call, Handler, RouteTable, answer, error_answer, read_call
from iotplan.sim.control_routes import ControlResponses
from iotplan.sim.errors import TOO_MANY, AfterWrite, Dropped, SimError
from iotplan.sim.faults import Faults, Verdict
from iotplan.sim.gateways import GatewayBackend, GatewayUnreachable
from iotplan.sim.platform_routes import PlatformResponses
from iotplan.sim.rpc import RpcConnection, serve_websocket
from iotplan.sim.rpc_backend import RpcBackend
from iotplan.sim.rpc_routes import RpcRoutes

READS = ("GET", "HEAD")


class SimApp:
    def __init__(self, backend: SimBackend, faults: Faults) -> None:
        self.backend = backend
        self.gateways = GatewayBackend(backend.store, backend.variants)
        self.faults = faults
        platform = PlatformResponses(backend).routes()
        control = ControlResponses(backend, self.gateways, faults).routes()
        self.routes = _starlette_routes(platform + control)
        self.rpc_methods = RpcRoutes(RpcBackend(backend)).methods()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # One branch per ASGI scope type (module docstring).
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await serve_websocket(WebSocket(scope, receive, send), self.jsonrpc_connection())
        else:
            raise ValueError(f"the emulator has no {scope['type']} endpoint")

    def jsonrpc_connection(self) -> RpcConnection:
        """A new JSON-RPC connection, not authenticated yet, on this app's backend and faults."""
        return RpcConnection(self.backend, self.faults, self.rpc_methods)

    # --- HTTP ------------------------------------------------------------------------------
    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        route, handler, params = self._match(scope, request.headers.get("host", ""))
        verdict = self.faults.decide(scope["path"], f"{scope['method']} {route}")
        if verdict.delay:
            await asyncio.sleep(verdict.delay)
        call = await read_call(request, params)
        late = self.backend.take_deferred()  # `remove-deferred`: made once this request is answered
        response = self._answer(call, verdict, handler)
        self.backend.carry_out(late)
        if response is None:
            await _drop(send)
            return
        self.faults.answered[str(response.status_code)] += 1
        await response(scope, receive, send)

    def _rate_limit_headers(self, verdict: Verdict) -> dict[str, str]:
        """A 429's headers as the iTwin Platform's rate-limits page lists them: the wait in both of its
        names (`no-retry-after`: in neither), the calls remaining (none) and the subscription's tier
        (`no-rate-limit-headers`: only the standard retry-after)."""
        variants, wait = self.backend.variants, str(verdict.retry_after)
        headers = {} if variants.on("no-retry-after") else {"retry-after": wait}
        if variants.on("no-rate-limit-headers"):
            return headers
        if not variants.on("no-retry-after"):
            headers["iTwinPlatform-RateLimit-Retry-After-Seconds"] = wait
        headers["iTwinPlatform-RateLimit-RemainingCalls"] = "0"
        if verdict.tier is not None:
            headers["iTwinPlatform-Tier"] = verdict.tier
        return headers

    def _answer(self, call: Call, verdict: Verdict, handler: Handler | None) -> Response | None:
        if verdict.drop:
            return None
        if verdict.status == 429:
            return error_answer(TOO_MANY, self._rate_limit_headers(verdict))
        if verdict.status:
            return error_answer(
                SimError(verdict.status, "ServiceUnavailable", "Injected fault: try again later.")
            )
        if handler is None:
            return error_answer(SimError(404, "NotFound", f"No route {call.method} {call.path}."))
        try:
            return self._run(call, handler)
        except SimError as error:
            return error_answer(error)
        except GatewayUnreachable:
            return None

    def _run(self, call: Call, handler: Handler) -> Response:
        """A write and its encoded answer in one transaction: an error anywhere rolls it back,
        except an error a variant answers after writing."""
        if call.method in READS:
            return answer(handler(call))
        with self.backend.store.transaction():
            try:
                return answer(handler(call))
            except AfterWrite as written:
                kept = error_answer(written.error)
        return kept

    def _match(self, scope: Scope, host: str) -> tuple[str, Handler | None, dict[str, Any]]:
        """The route's name (for counts and faults), its handler and its path parameters."""
        gateway = self.gateways.by_host(host)
        if gateway is not None:
            return "edge " + scope["path"], partial(edge_routes.handle, self.gateways, gateway), {}
        for route in self.routes:
            match, child = route.matches(scope)
            if match is Match.FULL:
                return route.path.replace(":path", ""), route.endpoint, child.get("path_params", {})
        return scope["path"], None, {}


def _starlette_routes(table: RouteTable) -> list[Route]:
    """Starlette matches the paths (with `{nodeId:path}`); the app calls the handlers itself."""
    return [Route(path, handler, methods=[method]) for method, path, handler in table]


async def _drop(send: Send) -> None:
    """Over a real socket, promise a body and never send it: the client sees the connection die."""
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"1000")]})
    raise Dropped("connection dropped by an injected fault")


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
