"""The platform's state and rules, written once: credentials, projects, reads, integrate, metrics,
observations, reset. Responses (platform_routes.py, control_routes.py) call these; nothing here
knows HTTP beyond the status codes carried by SimError.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import random
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from iotplan.sim import shapes
from iotplan.sim.errors import (
    FORBIDDEN,
    INVALID_NODE,
    NO_HEADER,
    AfterWrite,
    SimError,
    SimErrors,
    unprocessable,
)
from iotplan.sim.integrate import Integrate
from iotplan.sim.props import now, sensor_metrics
from iotplan.sim.seed import apply_seed
from iotplan.sim.store import Store
from iotplan.sim.variants import Variants

Reach = set[str] | None  # the projects a credential reaches; None: all of them
_EVERY = 10**9  # a page size past any list: the whole list at once


def _same_secret(held: str, sent: str) -> bool:
    """Compared as the UTF-8 bytes the form carried: `compare_digest` refuses a str beyond ASCII."""
    return secrets.compare_digest(held.encode("utf-8"), sent.encode("utf-8"))


class SimBackend:
    def __init__(self, store: Store | None = None, variants: Variants | None = None) -> None:
        self.store = store or Store()
        self.variants = variants or Variants()
        self._list_orders = itertools.count()  # `unstable-list-order`: one order per list request
        self.deferred: list[tuple[str, Any]] = []  # removals answered, not made yet (`remove-deferred`)

    def reset(self, seed: dict[str, Any] | None = None) -> None:
        """Forget everything, then start again from the seed, if one is given."""
        self.store.reset()
        self.deferred.clear()  # a removal answered before the reset is not made after it
        self._list_orders = itertools.count()
        if seed:
            self.seed(seed)

    def seed(self, seed: dict[str, Any]) -> None:
        apply_seed(self, seed)

    # --- credentials -----------------------------------------------------------------------
    def authenticate(self, header: str | None) -> Reach:
        if not header:
            raise NO_HEADER
        scheme, _, secret = header.partition(" ")
        if scheme.lower() not in ("apikey", "bearer") or not secret:
            raise SimErrors(
                401, "Authorization header must be 'ApiKey <key>' or 'Bearer <token>'", "Authorization"
            )
        return self.reach_of(secret.strip())

    def reach_of(self, secret: str) -> Reach:
        """What an API key or token reaches (JSON-RPC's `authenticate` sends it bare)."""
        credential = self.store.credential(secret)
        if credential is None:
            raise SimErrors(401, "Invalid token", "Authorization")
        expires = credential["expires"]
        if expires is not None and expires < time.time():
            expired = datetime.fromtimestamp(expires, UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
            raise SimErrors(401, f"Token has expired on {expired}", "Authorization")
        projects = credential["projects"]
        return None if projects == "*" else set(projects)

    def issue_token(self, client_id: str, client_secret: str) -> dict[str, Any]:
        """The OAuth2 client-credentials flow (`POST /connect/token`)."""
        client = self.store.client(client_id)
        if client is None or not _same_secret(client["secret"], client_secret):
            raise SimError(401, "invalid_client", "Unknown client or wrong secret.")
        token = "sim-" + secrets.token_urlsafe(24)
        with self.store.transaction():
            self.store.put_credential(token, "token", client["projects"], time.time() + client["token_ttl"])
        return {"access_token": token, "token_type": "Bearer", "expires_in": int(client["token_ttl"])}

    def test_token(self, projects: Any, expires_in: float) -> str:
        """A token for tests, expired when `expires_in` is negative; the same request, the same token."""
        token = "sim-test-" + str(abs(hash(json.dumps([projects, expires_in], sort_keys=True))))
        with self.store.transaction():
            self.store.put_credential(token, "token", projects, time.time() + expires_in)
        return token

    # --- projects --------------------------------------------------------------------------
    def check_project(self, reach: Reach, project_id: str | None) -> str:
        """The project a request means (the default one when it names none), if it may reach it."""
        project_id = project_id or self.default_project()
        self.project(project_id)  # an unknown project is 404, before any question of reach
        if reach is not None and project_id not in reach:
            raise FORBIDDEN
        return project_id

    def default_project(self) -> str:
        return self.store.first_project() or ""

    def project(self, project_id: str) -> dict[str, Any]:
        found = self.store.project(project_id)
        if found is None:
            if self.variants.on("unknown-project-403"):
                raise FORBIDDEN
            raise SimError(404, "ResourceNotFound", f"Project {project_id} was not found.", "projectId")
        return found

    def read_project(self, reach: Reach, project_id: str) -> Any:
        """`GET /api/projects/{id}`."""
        if self.store.project(project_id) is None and self.variants.on("unknown-project-empty"):
            return []
        return self.project(self.check_project(reach, project_id))

    # --- reads -----------------------------------------------------------------------------
    def integration_of(self, node_id: str, reach: Reach, project_id: str | None = None) -> dict[str, Any]:
        """`POST /api/integrations/{nodeId}`: a connection with every device and sensor under it."""
        node = self.store.get(node_id)
        home = self.store.project_of(node_id)
        if node is None or home is None or not self._readable(home, project_id):
            raise unprocessable(INVALID_NODE, "nodeId")
        self.check_project(reach, home)
        groups = [
            (device, self.store.children("sensor", device["id"]))
            for device in self.store.children("device", node_id)
        ]
        held = sum(
            int(sensor["props"].get("OBSERVATION_COUNT") or 0) for _, sensors in groups for sensor in sensors
        )
        node["props"]["OBSERVATION_COUNT"] = self.connection_count(node_id, held)
        devices = [{"device": self._shown(d), "sensors": self._shown_all(sensors)} for d, sensors in groups]
        return {"integration": {"node": node, "devices": devices}}

    def connection_count(self, node_id: str, held: int) -> int:
        """A connection's OBSERVATION_COUNT (the reference shows it on nodes): what its sensors hold
        (`held`); `connection-count-current`: every observation uploaded under it, counted as the
        upload is answered and kept when its sensor is removed, whatever its sensors' counts say."""
        if self.variants.on("connection-count-current"):
            return max(held, self.store.received(node_id))
        return held

    def _readable(self, home: str, project_id: str | None) -> bool:
        """`default-project-only`: without projectIds, only the default project is read."""
        if not self.variants.on("default-project-only"):
            return True
        return home == (project_id or self.default_project())

    def list_text(self, kind: str, reach: Reach, project_id: str | None, params: dict[str, str]) -> str:
        """`GET /api/{kind}s/all`: one page, as a JSON array's text."""
        if (
            project_id
            and self.store.project(project_id) is None
            and self.variants.on("unknown-project-empty")
        ):
            return "[]"
        return self.page_text(kind, self.check_project(reach, project_id), params)

    def page(self, kind: str, project_id: str, params: dict[str, str]) -> list[dict[str, Any]]:
        return json.loads(self.page_text(kind, project_id, params))  # type: ignore[no-any-return]

    def page_text(self, kind: str, project_id: str, params: dict[str, str]) -> str:
        """Assumption A5: pageNumber from 0, pageSize up to 1000 (default 30), a bare array."""
        number = _whole_number(params, "pageNumber", 0)
        if self.variants.on("pages-from-one"):
            number = max(0, number - 1)
        largest = 100 if self.variants.on("page-cap-100") else 1000
        asked = _whole_number(params, "pageSize", 30)
        if asked > 100 and self.variants.on("page-size-over-100-refused"):
            raise SimErrors(400, "must be less than or equal to 100", "pageSize")
        size = min(largest, max(1, asked))
        by_name = params.get("sortBy") == "props.NAME"
        descending = params.get("sort") == "desc"
        node_id = params.get("nodeId")
        lagging = self._lagging(kind)
        if self.variants.on("unstable-list-order") or lagging:
            every = self.store.page(kind, project_id, 0, _EVERY, by_name, descending, node_id)
            if lagging:
                every = _as_before(every, lagging)
            if self.variants.on("unstable-list-order"):
                every = self._shuffled(every)
            bodies = every[number * size : (number + 1) * size]
        else:
            bodies = self.store.page(kind, project_id, number, size, by_name, descending, node_id)
        if kind != "node" and self._hides_props():
            bodies = [json.dumps(self._shown(json.loads(body))) for body in bodies]
        if kind != "node" and self.variants.on("lists-without-parents"):
            bodies = [json.dumps(_without_parent(kind, json.loads(body))) for body in bodies]
        if kind == "node" and self.variants.on("rest-nodes-without-creation-date"):
            bodies = [json.dumps(_without_creation_date(json.loads(body))) for body in bodies]
        return f"[{','.join(bodies)}]"

    def _lagging(self, kind: str) -> dict[str, Any] | None:
        """`lists-lag-rpc-writes`: the device or sensor of the most recent JSON-RPC write, if this
        list is of its kind."""
        if kind == "node" or not self.variants.on("lists-lag-rpc-writes"):
            return None
        lagging = self.store.lagging()
        return lagging if lagging is not None and lagging["kind"] == kind else None

    def _shuffled(self, bodies: list[str]) -> list[str]:
        """`unstable-list-order`: each list request answers in an order of its own, seeded by how
        many came before it, so that a test run repeats itself."""
        random.Random(next(self._list_orders)).shuffle(bodies)
        return bodies

    def metrics_of(self, body: Any, project_id: str) -> dict[str, Any]:
        """`POST /api/sensors/metrics` `{"ids": [...]}`: each sensor's metrics and units."""
        shapes.check(shapes.MetricsRequest, body)
        return {
            "metricsBySensor": {
                sensor_id: self._metrics(sensor_id, project_id) for sensor_id in body.get("ids") or []
            }
        }

    def _metrics(self, sensor_id: str, project_id: str) -> list[dict[str, Any]]:
        sensor = self.store.get(sensor_id)
        if sensor is None or not self._readable(self.store.project_of(sensor_id) or "", project_id):
            return []
        return sensor_metrics(sensor["props"])

    def _shown(self, entity: dict[str, Any]) -> dict[str, Any]:
        """A device or sensor as REST answers show it: without OBSERVATION_COUNT under the
        `no-observation-counts` variant (the reference shows it only on the connection), without
        LAST_OBSERVATION under `rest-without-last-observation` (no REST example shows it)."""
        if self.variants.on("no-observation-counts"):
            entity["props"].pop("OBSERVATION_COUNT", None)
        if self.variants.on("rest-without-last-observation"):
            entity["props"].pop("LAST_OBSERVATION", None)
        return entity

    def _hides_props(self) -> bool:
        return self.variants.on("no-observation-counts") or self.variants.on("rest-without-last-observation")

    def _shown_all(self, entities: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self._shown(entity) for entity in entities]

    # --- integrate ---------------------------------------------------------------------------
    def integrate(self, project_id: str, body: Any, *, seeding: bool = False) -> dict[str, Any]:
        """One transaction: every change of the request is made, or none is (`integrate-partial`
        keeps what came before the first failing device entry)."""
        integration = body.get("integration") if isinstance(body, dict) else None
        if not isinstance(integration, dict):
            raise unprocessable("Request body must carry an `integration` object.", "integration")
        shapes.check(shapes.IntegrateRequest, body)
        if self.variants.on("rest-location-extra-keys-refused") and not seeding:
            shapes.check_location_keys(integration)
        self.project(project_id)
        if self.variants.on("remove-deferred") and not seeding and _only_removals(integration):
            self.deferred.append((project_id, body))
            return {"integration": {"node": self.store.get(str(integration.get("nodeId"))), "devices": []}}
        stopped = None
        with self.store.transaction():
            try:
                answer = Integrate(self.store, project_id, self.variants).run(integration)
            except AfterWrite as partial:  # `integrate-partial`: what came before the failure stays
                stopped = partial
        if stopped is not None:
            raise stopped
        if self.variants.on("write-then-503") and not seeding:
            raise AfterWrite(
                SimError(503, "ServiceUnavailable", "The service is unavailable; try again later.")
            )
        for group in answer["integration"]["devices"]:
            self._shown(group["device"])
            self._shown_all(group["sensors"])
        return answer

    def take_deferred(self) -> list[tuple[str, Any]]:
        """The removals answered before the request now arriving: made once it is answered."""
        taken, self.deferred = self.deferred, []
        return taken

    def carry_out(self, removals: list[tuple[str, Any]]) -> None:
        for project_id, body in removals:
            # nobody is left to answer a failure: as on a platform whose background removal fails
            with contextlib.suppress(SimError):
                self.integrate(project_id, body, seeding=True)

    # --- observations ------------------------------------------------------------------------
    def upload(self, reach: Reach, body: Any) -> None:
        shapes.check(shapes.UploadRequest, body)
        observations = body.get("observations")
        if not observations:
            raise SimErrors(400, "must not be empty", "observations")
        counts: dict[str, int] = {}
        for item in observations:
            counts[item.get("sensorId", "")] = counts.get(item.get("sensorId", ""), 0) + 1
        with self.store.transaction():
            for sensor_id, count in counts.items():
                self.add_observations(sensor_id, count, reach)

    def add_observations(self, sensor_id: str, count: int, reach: Reach = None) -> None:
        """History to protect: a sensor's OBSERVATION_COUNT grows (`observation-count-lags`: it
        stays, only LAST_OBSERVATION says the sensor reported)."""
        sensor = self.store.get(sensor_id)
        if sensor is None or "device" not in sensor:
            raise SimErrors(400, f"unknown sensor {sensor_id}", "observations.sensorId")
        self.check_project(reach, sensor["props"]["PROJECT_ID"])
        counted = int(sensor["props"].get("OBSERVATION_COUNT") or 0)
        lags = self.variants.on("observation-count-lags")
        sensor["props"]["OBSERVATION_COUNT"] = counted if lags else counted + count
        sensor["props"]["LAST_OBSERVATION"] = now()
        with self.store.transaction():
            self.store.update(sensor)
            node_id = sensor["props"].get("NODE_ID")
            if node_id and self.variants.on("connection-count-current"):
                self.store.add_received(node_id, count)


def _as_before(bodies: list[str], lagging: dict[str, Any]) -> list[str]:
    """A whole list with the lagging entity as it stood before the write: left out if it made it."""
    before = lagging["before"]
    shown = []
    for body in bodies:
        if json.loads(body)["id"] != lagging["id"]:
            shown.append(body)
        elif before is not None:
            shown.append(json.dumps(before))
    return shown


def _without_parent(kind: str, entity: dict[str, Any]) -> dict[str, Any]:
    """`lists-without-parents`: a listed sensor without its `device`, a device without its NODE_ID."""
    if kind == "sensor":
        entity.pop("device", None)
    else:
        entity.get("props", {}).pop("NODE_ID", None)
    return entity


def _without_creation_date(node: dict[str, Any]) -> dict[str, Any]:
    """`rest-nodes-without-creation-date`: a listed connection without its CREATION_DATE."""
    node.get("props", {}).pop("CREATION_DATE", None)
    return node


def _whole_number(params: dict[str, str], name: str, default: int) -> int:
    """A paging parameter: digits only, at most nine of them (an offset SQLite can hold)."""
    text = params.get(name)
    if text is None:
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise SimErrors(400, f"{name} must be a whole number from 0 to 999999999, not {text[:20]!r}", name)
    return int(text)


def _only_removals(integration: dict[str, Any]) -> bool:
    """A call that removes devices or sensors and changes nothing else (`remove-deferred`)."""
    devices = integration.get("devices") or []
    return bool(devices) and not integration.get("changeState") and _removes_only(devices)


def _removes_only(entries: list[Any]) -> bool:
    return all(
        isinstance(entry, dict)
        and (
            entry.get("changeState") == "remove"
            or (
                entry.get("changeState") == "update"
                and not entry.get("props")
                and _removes_only(entry.get("sensors") or [])
            )
        )
        for entry in entries
    )
