"""The platform REST API's routes: each reads its request and hands it to the backend (moto's
`urls.py` and `responses.py`). No rule lives here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse, Response

from iotplan.sim import catalog
from iotplan.sim.backend import Reach, SimBackend
from iotplan.sim.calls import Call, Handler, RouteTable, decoded_json_answer
from iotplan.sim.errors import SimError, SimErrors

# What a proxy in front of the platform may answer for it (the `write-then-html-200` variant).
UNREADABLE_PAGE = "<html><body><h1>Request received</h1></body></html>"


class PlatformResponses:
    def __init__(self, backend: SimBackend) -> None:
        self.backend = backend

    def routes(self) -> RouteTable:
        return [
            ("POST", "/api/integrations/integrate", self.integrate),
            ("POST", "/sensor-data/integrations/integrate", self.integrate),
            ("GET", "/sensor-data/integrations/nodes", self.gateway_nodes),
            ("POST", "/api/integrations/{nodeId:path}", self.integration),
            ("GET", "/api/nodes/all", self._lister("node")),
            ("GET", "/api/devices/all", self._lister("device")),
            ("GET", "/api/sensors/all", self._lister("sensor")),
            ("GET", "/api/projects/{project_id}", self.project),
            ("GET", "/api/devices/types", self._catalog(catalog.device_types)),
            ("GET", "/api/sensors/types", self._catalog(catalog.sensor_types)),
            ("GET", "/api/nodes/types", self._catalog(catalog.node_types)),
            ("GET", "/api/metrics/types", self._catalog(catalog.metric_types)),
            ("POST", "/api/sensors/metrics", self.sensor_metrics),
            ("POST", "/api/data/upload", self.upload),
            ("POST", "/connect/token", self.token),
        ]

    def _reach(self, call: Call) -> Reach:
        return self.backend.authenticate(call.authorization)

    def _named_project(self, call: Call) -> str | None:
        project = call.query.get("projectIds") or call.query.get("iTwinId")
        if project and "," in project:
            raise SimErrors(400, "only one project id per request is supported", "projectIds")
        return project

    def _project(self, call: Call) -> str:
        return self.backend.check_project(self._reach(call), self._named_project(call))

    def integrate(self, call: Call) -> Any:
        written = self.backend.integrate(self._project(call), call.json())
        if self.backend.variants.on("write-then-empty-200"):
            return Response(status_code=200)
        if self.backend.variants.on("write-then-html-200"):
            return Response(UNREADABLE_PAGE, status_code=200, media_type="text/html")
        return decoded_json_answer(written)  # entities as stored: decoded JSON, nothing else

    def integration(self, call: Call) -> Any:
        node_id, project = call.path_params["nodeId"], self._named_project(call)
        return self.backend.integration_of(node_id, self._reach(call), project)

    def gateway_nodes(self, call: Call) -> Any:
        project = self._project(call)
        return {"nodes": self.backend.page("node", project, {"pageSize": "1000"})}

    def _lister(self, kind: str) -> Handler:
        def listing(call: Call) -> Response:
            text = self.backend.list_text(kind, self._reach(call), self._named_project(call), call.query)
            return Response(text, media_type="application/json")

        return listing

    def project(self, call: Call) -> Any:
        return self.backend.read_project(self._reach(call), call.path_params["project_id"])

    def _catalog(self, read: Callable[[], Any]) -> Handler:
        def answer(call: Call) -> Any:
            self._reach(call)
            hidden = self.backend.variants.on("catalog-legacy-hidden")
            if hidden and call.query.get("excludeLegacy") == "true":
                return catalog.without_legacy(read())
            return read()

        return answer

    def sensor_metrics(self, call: Call) -> Any:
        return self.backend.metrics_of(call.json(), self._project(call))

    def upload(self, call: Call) -> Any:
        self.backend.upload(self._reach(call), call.json())
        return JSONResponse({"status": "ACCEPTED"}, status_code=202)

    def token(self, call: Call) -> Any:
        form = call.form()
        if form.get("grant_type") != "client_credentials":
            raise SimError(400, "unsupported_grant_type", "grant_type must be client_credentials")
        # The reference's example sends both with a trailing space ('client_id=<Your client id> ').
        client_id, secret = form.get("client_id", "").strip(), form.get("client_secret", "").strip()
        return self.backend.issue_token(client_id, secret)
