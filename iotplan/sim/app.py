"""Routes → thin responses → the backend. One ASGI app serves the platform, the THREAD gateways
(chosen by the request's Host header) and the reserved control prefix `/_sim/`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route
from starlette.types import Receive, Scope, Send

from iotplan.sim import catalog
from iotplan.sim.backend import SimBackend
from iotplan.sim.errors import TOO_MANY, SimError, SimErrors
from iotplan.sim.faults import FaultConfig, Faults, Verdict
from iotplan.sim.gateways import Gateways, GatewayUnreachable
from iotplan.sim.seed import apply_seed

Handler = Callable[[Request], Awaitable[Any]]


class Dropped(Exception):
    """The emulator drops the connection: in-process the transport turns it into a transport error."""


class SimApp:
    def __init__(self, backend: SimBackend, faults: Faults) -> None:
        self.backend = backend
        self.gateways = Gateways(backend.store)
        self.faults = faults
        self.routes = self._platform_routes() + self._control_routes()

    # --- ASGI ----------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        request = Request(scope, receive)
        gateway = self.gateways.by_host(request.headers.get("host", ""))
        route, handler, params = (
            self._match(scope) if gateway is None else ("edge " + scope["path"], None, {})
        )
        verdict = self.faults.decide(scope["path"], f"{scope['method']} {route}")
        if verdict.delay:
            await asyncio.sleep(verdict.delay)
        response = await self._answer(request, verdict, gateway, handler, params)
        if response is None:
            await _drop(send)
            return
        self.faults.answered[str(response.status_code)] += 1
        await response(scope, receive, send)

    async def _answer(
        self,
        request: Request,
        verdict: Verdict,
        gateway: dict[str, Any] | None,
        handler: Handler | None,
        params: dict[str, Any],
    ) -> Response | None:
        if verdict.drop:
            return None
        if verdict.status == 429:
            return _error(TOO_MANY, {"retry-after": str(verdict.retry_after)})
        if verdict.status:
            return _error(SimError(verdict.status, "ServiceUnavailable", "Injected fault: try again later."))
        try:
            if gateway is not None:
                return await self._edge(request, gateway)
            if handler is None:
                return _error(SimError(404, "NotFound", f"No route {request.method} {request.url.path}."))
            request.scope["path_params"] = params
            answer = await handler(request)
            return answer if isinstance(answer, Response) else _json(answer)
        except SimError as error:
            return _error(error)
        except GatewayUnreachable:
            return None

    def _match(self, scope: Scope) -> tuple[str, Handler | None, dict[str, Any]]:
        for route in self.routes:
            match, child = route.matches(scope)
            if match is Match.FULL:
                return route.path.replace(":path", ""), route.endpoint, child.get("path_params", {})
        return scope["path"], None, {}

    # --- platform ------------------------------------------------------------------------
    def _platform_routes(self) -> list[Route]:
        def route(path: str, handler: Handler, method: str) -> Route:
            return Route(path, handler, methods=[method])

        return [
            route("/api/integrations/integrate", self.integrate, "POST"),
            route("/sensor-data/integrations/integrate", self.integrate, "POST"),
            route("/sensor-data/integrations/nodes", self.gateway_nodes, "GET"),
            route("/api/integrations/{nodeId:path}", self.integration, "POST"),
            route("/api/nodes/all", self._lister("node"), "GET"),
            route("/api/devices/all", self._lister("device"), "GET"),
            route("/api/sensors/all", self._lister("sensor"), "GET"),
            route("/api/projects/{project_id}", self.project, "GET"),
            route("/api/devices/types", self._catalog(catalog.device_types), "GET"),
            route("/api/sensors/types", self._catalog(catalog.sensor_types), "GET"),
            route("/api/nodes/types", self._catalog(catalog.node_types), "GET"),
            route("/api/metrics/types", self._catalog(catalog.metric_types), "GET"),
            route("/api/sensors/metrics", self.sensor_metrics, "POST"),
            route("/api/data/upload", self.upload, "POST"),
            route("/connect/token", self.token, "POST"),
        ]

    def _reach(self, request: Request) -> set[str] | None:
        return self.backend.authenticate(request.headers.get("authorization"))

    def _project(self, request: Request) -> str:
        project = request.query_params.get("projectIds") or request.query_params.get("iTwinId")
        if project and "," in project:
            raise SimErrors(400, "only one project id per request is supported", "projectIds")
        return self.backend.check_project(self._reach(request), project)

    async def integrate(self, request: Request) -> Any:
        project = self._project(request)
        return self.backend.integrate(project, await _body(request))

    async def integration(self, request: Request) -> Any:
        return self.backend.integration_of(request.path_params["nodeId"], self._reach(request))

    async def gateway_nodes(self, request: Request) -> Any:
        project = self._project(request)
        self.backend.project(project)
        return {"nodes": self.backend.page("node", project, {"pageSize": "1000"})}

    def _lister(self, kind: str) -> Handler:
        async def listing(request: Request) -> Any:
            project = self._project(request)
            text = self.backend.page_text(kind, project, dict(request.query_params))
            return Response(text, media_type="application/json")

        return listing

    async def project(self, request: Request) -> Any:
        project = self.backend.check_project(self._reach(request), request.path_params["project_id"])
        return self.backend.project(project)

    def _catalog(self, answer: Callable[[], Any]) -> Handler:
        async def read(request: Request) -> Any:
            self._reach(request)
            return answer()

        return read

    async def sensor_metrics(self, request: Request) -> Any:
        self._project(request)
        ids = (await _body(request)).get("ids") or []
        return {"metricsBySensor": {sensor_id: self._metrics_of(sensor_id) for sensor_id in ids}}

    def _metrics_of(self, sensor_id: str) -> list[dict[str, Any]]:
        sensor = self.backend.store.get(sensor_id) or {"props": {}}
        props = sensor["props"]
        names = props.get("KNOWN_METRICS") or props.get("UNKNOWN_METRICS") or {}
        units = props.get("KNOWN_UNITS") or props.get("UNKNOWN_UNITS") or {}
        if not names:
            names = dict(enumerate(catalog.template_metrics(props.get("INTEGRATION_ID", ""))))
        return [
            {
                "id": name,
                "name": name,
                "displayName": name,
                "notation": units.get(index, ""),
                "defaultUnit": units.get(index, ""),
                "hidden": False,
                "units": [
                    {
                        "notation": units.get(index, ""),
                        "name": units.get(index, ""),
                        "id": units.get(index, ""),
                    }
                ],
            }
            for index, name in names.items()
        ]

    async def upload(self, request: Request) -> Any:
        self.backend.upload(self._reach(request), await _body(request))
        return JSONResponse({"status": "ACCEPTED"}, status_code=202)

    async def token(self, request: Request) -> Any:
        form = {key: values[0] for key, values in parse_qs((await request.body()).decode()).items()}
        if form.get("grant_type") != "client_credentials":
            raise SimError(400, "unsupported_grant_type", "grant_type must be client_credentials")
        return self.backend.issue_token(str(form.get("client_id", "")), str(form.get("client_secret", "")))

    # --- gateways ------------------------------------------------------------------------
    async def _edge(self, request: Request, gateway: dict[str, Any]) -> Response:
        path = request.url.path.removeprefix("/api")
        body = await _body(request) if request.method in ("PUT", "POST", "DELETE") else {}
        answer = self.gateways.handle(gateway, request.method, path, dict(request.query_params), body)
        return _json(answer)

    # --- control -------------------------------------------------------------------------
    def _control_routes(self) -> list[Route]:
        return [
            Route("/_sim/reset", self.reset, methods=["POST"]),
            Route("/_sim/seed", self.seed, methods=["POST"]),
            Route("/_sim/requests", self.requests, methods=["GET", "DELETE"]),
            Route("/_sim/faults", self.set_faults, methods=["GET", "POST"]),
            Route("/_sim/gateways", self.list_gateways, methods=["GET"]),
            Route("/_sim/gateways/{serial}", self.set_gateway, methods=["POST"]),
            Route("/_sim/observations", self.observations, methods=["POST"]),
            Route("/_sim/tokens", self.make_token, methods=["POST"]),
        ]

    async def reset(self, request: Request) -> Any:
        self.backend.store.reset()
        self.faults.configure(FaultConfig())
        self.faults.reset_counts()
        body = await _body(request)
        if body:
            apply_seed(self.backend, body)
        return {"reset": True}

    async def seed(self, request: Request) -> Any:
        apply_seed(self.backend, await _body(request))
        return {"seeded": True}

    async def requests(self, request: Request) -> Any:
        if request.method == "DELETE":
            self.faults.reset_counts()
        return self.faults.counts()

    async def set_faults(self, request: Request) -> Any:
        if request.method == "POST":
            try:
                self.faults.configure(FaultConfig.from_dict(await _body(request)))
            except (TypeError, ValueError) as error:
                raise SimError(400, "BadFaults", str(error)) from None
        return self.faults.config.__dict__

    async def list_gateways(self, request: Request) -> Any:
        return {"gateways": self.gateways.all()}

    async def set_gateway(self, request: Request) -> Any:
        gateway = self.gateways.by_serial(request.path_params["serial"])
        if gateway is None:
            raise SimError(404, "NotFound", f"no seeded THREAD {request.path_params['serial']}")
        changes = await _body(request)
        if changes.get("status", "ok") not in ("ok", "unreachable", "asleep"):
            raise SimError(400, "BadStatus", "status must be ok, unreachable or asleep")
        gateway.update({key: changes[key] for key in ("status", "host") if key in changes})
        self.gateways.save(gateway, wrote=False)
        return gateway

    async def observations(self, request: Request) -> Any:
        body = await _body(request)
        with self.backend.store.transaction():
            self.backend.add_observations(str(body.get("sensor_id")), int(body.get("count", 1)))
        return {"sensor_id": body.get("sensor_id"), "added": int(body.get("count", 1))}

    async def make_token(self, request: Request) -> Any:
        """A token for tests: `expires_in` may be negative to make an expired one."""
        body = await _body(request)
        token = "sim-test-" + str(abs(hash(json.dumps(body, sort_keys=True))))
        with self.backend.store.transaction():
            self.backend.store.execute(
                "INSERT OR REPLACE INTO credentials VALUES (?, 'token', ?, strftime('%s','now') + ?)",
                (token, json.dumps(body.get("projects", "*")), float(body.get("expires_in", 3600))),
            )
        return {"access_token": token}


async def _body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise SimErrors(400, f"body is not JSON: {error.msg}", "body") from None


def _json(answer: Any) -> Response:
    return JSONResponse(answer)


def _error(error: SimError, headers: dict[str, str] | None = None) -> Response:
    return JSONResponse(error.body(), status_code=error.status, headers=headers)


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
