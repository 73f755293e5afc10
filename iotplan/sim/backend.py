"""The platform's rules, written once: integrate, reads, projects, credentials, observations.

Routes call these; nothing here knows HTTP beyond the status codes carried by SimError.
"""

from __future__ import annotations

import json
import secrets
import time
from datetime import UTC, datetime
from typing import Any

from iotplan.sim import catalog
from iotplan.sim.errors import (
    FORBIDDEN,
    INVALID_NODE,
    MISSING_INTEGRATION_ID,
    NO_HEADER,
    SimError,
    SimErrors,
    unprocessable,
)
from iotplan.sim.store import Store

METRIC_MAPS = ("UNKNOWN_METRICS", "UNKNOWN_UNITS", "KNOWN_METRICS", "KNOWN_UNITS")
COMBINATIONS = (  # the three the reference documents for generic sensors
    ("UNKNOWN_METRICS", "UNKNOWN_UNITS"),
    ("KNOWN_METRICS", "KNOWN_UNITS"),
    ("UNKNOWN_METRICS", "KNOWN_UNITS"),
)
PLATFORM_OWNED = {
    "CREATION_DATE",
    "LAST_MODIFIED_DATE",
    "LAST_MODIFIED_BY",
    "NODE_ID",
    "PROJECT_ID",
    "SIZE",
    "OBSERVATION_COUNT",
}
MODIFIED_BY = "integration@iotplan.sim"  # the platform names the user; the emulator has one


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def new_hex() -> str:
    return secrets.token_hex(3).upper()


class SimBackend:
    def __init__(self, store: Store | None = None) -> None:
        self.store = store or Store()

    # --- credentials -----------------------------------------------------------------------
    def authenticate(self, header: str | None) -> set[str] | None:
        """The projects a credential reaches (None: all of them)."""
        if not header:
            raise NO_HEADER
        scheme, _, secret = header.partition(" ")
        if scheme.lower() not in ("apikey", "bearer") or not secret:
            raise SimErrors(
                401, "Authorization header must be 'ApiKey <key>' or 'Bearer <token>'", "Authorization"
            )
        row = self.store.execute("SELECT * FROM credentials WHERE secret = ?", (secret.strip(),)).fetchone()
        if row is None:
            raise SimErrors(401, "Invalid token", "Authorization")
        if row["expires"] is not None and row["expires"] < time.time():
            expired = datetime.fromtimestamp(row["expires"], UTC).strftime("%a %b %d %H:%M:%S UTC %Y")
            raise SimErrors(401, f"Token has expired on {expired}", "Authorization")
        projects = json.loads(row["projects"])
        return None if projects == "*" else set(projects)

    def check_project(self, reach: set[str] | None, project_id: str | None) -> str:
        project_id = project_id or self.default_project()
        self.project(project_id)  # an unknown project is 404, before any question of reach
        if reach is not None and project_id not in reach:
            raise FORBIDDEN
        return project_id

    def default_project(self) -> str:
        row = self.store.execute("SELECT id FROM projects ORDER BY rowid LIMIT 1").fetchone()
        return row["id"] if row else ""

    def issue_token(self, client_id: str, client_secret: str) -> dict[str, Any]:
        row = self.store.execute("SELECT * FROM clients WHERE client_id = ?", (client_id,)).fetchone()
        if row is None or not secrets.compare_digest(row["secret"], client_secret):
            raise SimError(401, "invalid_client", "Unknown client or wrong secret.")
        token = "sim-" + secrets.token_urlsafe(24)
        with self.store.transaction():
            self.store.execute(
                "INSERT INTO credentials VALUES (?, 'token', ?, ?)",
                (token, row["projects"], time.time() + row["token_ttl"]),
            )
        return {"access_token": token, "token_type": "Bearer", "expires_in": int(row["token_ttl"])}

    # --- reads -----------------------------------------------------------------------------
    def project(self, project_id: str) -> dict[str, Any]:
        row = self.store.execute("SELECT * FROM projects WHERE id = ?", (project_id,)).fetchone()
        if row is None:
            raise SimError(404, "ResourceNotFound", f"Project {project_id} was not found.", "projectId")
        return {"id": row["id"], "name": row["name"]}

    def integration_of(self, node_id: str, reach: set[str] | None) -> dict[str, Any]:
        node = self.store.get(node_id)
        if node is None or self.store.project_of(node_id) is None:
            raise unprocessable(INVALID_NODE, "nodeId")
        self.check_project(reach, self.store.project_of(node_id))
        devices: list[dict[str, Any]] = [
            {"device": device, "sensors": self.store.children("sensor", "device_id", device["id"])}
            for device in self.store.children("device", "node_id", node_id)
        ]
        # A connection's OBSERVATION_COUNT is what its sensors hold (the reference shows it on nodes).
        counts = [
            int(s["props"].get("OBSERVATION_COUNT") or 0) for group in devices for s in group["sensors"]
        ]
        node["props"]["OBSERVATION_COUNT"] = sum(counts)
        return {"integration": {"node": node, "devices": devices}}

    def page(self, kind: str, project_id: str, params: dict[str, str]) -> list[dict[str, Any]]:
        return json.loads(self.page_text(kind, project_id, params))  # type: ignore[no-any-return]

    def page_text(self, kind: str, project_id: str, params: dict[str, str]) -> str:
        """Contract A5: pageNumber from 0, pageSize up to 1000 (default 30), a bare array."""
        try:
            number = max(0, int(params.get("pageNumber", 0)))
            size = min(1000, max(1, int(params.get("pageSize", 30))))
        except ValueError as error:
            raise SimErrors(400, f"paging parameters must be integers: {error}", "pageSize") from None
        by_name = params.get("sortBy") == "props.NAME"
        descending = params.get("sort") == "desc"
        bodies = self.store.page(kind, project_id, number, size, by_name, descending, params.get("nodeId"))
        return f"[{','.join(bodies)}]"

    # --- integrate ---------------------------------------------------------------------------
    def integrate(self, project_id: str, body: Any) -> dict[str, Any]:
        """One transaction: every change of the request is made, or none is."""
        integration = body.get("integration") if isinstance(body, dict) else None
        if not isinstance(integration, dict):
            raise unprocessable("Request body must carry an `integration` object.", "integration")
        self.project(project_id)
        with self.store.transaction():
            node = self._node(project_id, integration)
            if node is None:
                return {"integration": {"node": None, "devices": []}}
            devices = [self._device(project_id, node, entry) for entry in integration.get("devices") or []]
            self._touch_sizes(node["id"], [group["device"]["id"] for group in devices if group])
        return {
            "integration": {
                "node": self.store.get(node["id"]),
                "devices": [self._fresh(d) for d in devices if d],
            }
        }

    def _fresh(self, group: dict[str, Any]) -> dict[str, Any]:
        """The answer shows entities as stored, after every rule of the request ran (SIZE, say)."""
        return {
            "device": self.store.get(group["device"]["id"]),
            "sensors": [self.store.get(s["id"]) for s in group["sensors"]],
        }

    def _node(self, project_id: str, integration: dict[str, Any]) -> dict[str, Any] | None:
        node_id, state = integration.get("nodeId"), integration.get("changeState")
        if not node_id:
            if state != "new":
                raise unprocessable(
                    "Cannot process integration: `integration.changeState` must be `new` to "
                    "create a connection.",
                    "integration.changeState",
                )
            return self._new_node(project_id, integration)
        node = self.store.get(node_id)
        if node is None or self.store.project_of(node_id) != project_id:
            raise unprocessable(INVALID_NODE, "nodeId")
        if state == "remove":
            self.store.delete_tree(node_id)
            return None
        if state == "update":
            node["props"] = _merged(node["props"], integration.get("props") or {}, "node")
            self.store.put("node", node, project_id, None, None)
        return node

    def _new_node(self, project_id: str, integration: dict[str, Any]) -> dict[str, Any]:
        hex_id = new_hex()
        ref_id = integration.get("refId")
        props = {
            "SERIAL_NO": ref_id or hex_id,
            "CREATION_DATE": now(),
            "LAST_MODIFIED_DATE": now(),
            "LAST_MODIFIED_BY": MODIFIED_BY,
            "INTEGRATION_ID": "NODE_API_SDE",
            "PROJECT_ID": project_id,
            "NAME": f"Data Source API Import {hex_id}",
        }
        if ref_id:
            props["EXTERNAL_ID"] = ref_id  # contract A4
        props.update(_writable(integration.get("props") or {}))
        node = {"props": props, "id": f"/api/{hex_id}/node", "type": "DYNAMIC"}
        self.store.put("node", node, project_id, None, None)
        return node

    def _device(self, project_id: str, node: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any] | None:
        state, ref_id = entry.get("changeState"), entry.get("refId")
        if state == "new":
            device = self._new_device(project_id, node, entry)
        else:
            device = self._existing("device", "node_id", node["id"], ref_id, state)
            if state == "remove":
                self.store.delete_tree(device["id"])
                return None
            if state == "update":
                device["props"] = _merged(
                    device["props"],
                    entry.get("props") or {},
                    "device",
                    self._renames("device", "node_id", node["id"], device, entry),
                )
                self.store.put("device", device, project_id, node["id"], None)
        sensors = [self._sensor(project_id, node, device, s) for s in entry.get("sensors") or []]
        return {"device": device, "sensors": [s for s in sensors if s]}

    def _new_device(self, project_id: str, node: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
        props = entry.get("props") or {}
        template = props.get("INTEGRATION_ID")
        if not template:
            raise unprocessable(MISSING_INTEGRATION_ID, "props.INTEGRATION_ID")
        if template not in catalog.device_templates():
            raise unprocessable(f"Unknown device template `{template}`.", "props.INTEGRATION_ID")
        self._no_duplicate("device", "node_id", node["id"], entry.get("refId"))
        node_hex = node["id"].split("/")[2]
        device: dict[str, Any] = {
            "props": self._new_props(project_id, node, props, entry.get("refId")),
            "id": f"/api/{node_hex}/node/dynamic/{new_hex()}/device",
            "type": "DYNAMIC",
        }
        device["props"]["SIZE"] = 0
        self.store.put("device", device, project_id, node["id"], None)
        return device

    def _sensor(
        self, project_id: str, node: dict[str, Any], device: dict[str, Any], entry: dict[str, Any]
    ) -> dict[str, Any] | None:
        state, ref_id = entry.get("changeState"), entry.get("refId")
        if state == "new":
            return self._new_sensor(project_id, node, device, entry)
        sensor = self._existing("sensor", "device_id", device["id"], ref_id, state)
        if state == "remove":
            self.store.delete_tree(sensor["id"])
            return None
        renamed = self._renames("sensor", "device_id", device["id"], sensor, entry)
        sensor["props"] = _merged(sensor["props"], entry.get("props") or {}, "sensor", renamed)
        if sensor["props"].get("INTEGRATION_ID") == catalog.GENERIC_SENSOR and _touches_metrics(entry):
            _check_metrics(sensor["props"])  # contract A8: updates may change a generic sensor's metrics
        self.store.put("sensor", sensor, project_id, node["id"], device["id"])
        return sensor

    def _new_sensor(
        self, project_id: str, node: dict[str, Any], device: dict[str, Any], entry: dict[str, Any]
    ) -> dict[str, Any]:
        props = entry.get("props") or {}
        template = props.get("INTEGRATION_ID")
        if not template:
            raise unprocessable(MISSING_INTEGRATION_ID, "props.INTEGRATION_ID")
        if template not in catalog.sensor_templates():
            raise unprocessable(f"Unknown sensor template `{template}`.", "props.INTEGRATION_ID")
        if template == catalog.GENERIC_SENSOR:
            _check_metrics(props)
        self._no_duplicate("sensor", "device_id", device["id"], entry.get("refId"))
        sensor: dict[str, Any] = {
            "props": self._new_props(project_id, node, props, entry.get("refId")),
            "id": f"{device['id']}/{new_hex()}/sensor",
            "observationType": "DYNAMIC",
            "type": "DYNAMIC",
            "device": device["id"],
        }
        sensor["props"]["OBSERVATION_COUNT"] = 0
        self.store.put("sensor", sensor, project_id, node["id"], device["id"])
        return sensor

    def _new_props(
        self, project_id: str, node: dict[str, Any], props: dict[str, Any], ref_id: str | None
    ) -> dict[str, Any]:
        made = {
            "CREATION_DATE": now(),
            "LAST_MODIFIED_DATE": now(),
            "LAST_MODIFIED_BY": MODIFIED_BY,
            "NODE_ID": node["id"],
            "PROJECT_ID": project_id,
            **_writable(props),
        }
        if ref_id:
            made["SERIAL_NO"] = ref_id  # contract A1: the refId is stored as SERIAL_NO
        return {key: value for key, value in made.items() if value is not None}

    def _existing(
        self, kind: str, parent_column: str, parent_id: str, ref_id: Any, state: Any
    ) -> dict[str, Any]:
        if state not in ("update", "remove"):
            raise unprocessable(f"changeState must be new, update or remove, not {state!r}.", "changeState")
        if not ref_id:
            raise unprocessable(f"{state} needs the {kind}'s refId.", "refId")
        found = self.store.by_serial(kind, parent_column, parent_id, str(ref_id))
        if found is None:
            raise SimError(
                404, "EntityNotFound", f"No {kind} with refId `{ref_id}` under `{parent_id}`.", "refId"
            )
        return found

    def _no_duplicate(self, kind: str, parent_column: str, parent_id: str, ref_id: Any) -> None:
        if ref_id and self.store.by_serial(kind, parent_column, parent_id, str(ref_id)) is not None:
            raise SimError(
                409,
                "DuplicateRefId",
                f"A {kind} with refId `{ref_id}` already exists under `{parent_id}`.",
                "refId",
            )

    def _renames(
        self, kind: str, parent_column: str, parent_id: str, entity: dict[str, Any], entry: dict[str, Any]
    ) -> bool:
        """An update may change SERIAL_NO (a `moved` rename), but not onto another entity's refId."""
        new_serial = (entry.get("props") or {}).get("SERIAL_NO")
        if new_serial is None or new_serial == entity["props"].get("SERIAL_NO"):
            return False
        self._no_duplicate(kind, parent_column, parent_id, new_serial)
        return True

    def _touch_sizes(self, node_id: str, device_ids: list[str]) -> None:
        """A device's SIZE is its number of sensors; only devices this call touched can change."""
        for device_id in device_ids:
            device = self.store.get(device_id)
            if device is None:
                continue
            size = self.store.count("sensor", "device_id", device_id)
            if device["props"].get("SIZE") != size:
                device["props"]["SIZE"] = size
                self.store.put("device", device, device["props"]["PROJECT_ID"], node_id, None)

    # --- observations ------------------------------------------------------------------------
    def upload(self, reach: set[str] | None, body: Any) -> None:
        observations = body.get("observations") if isinstance(body, dict) else None
        if not observations:
            raise SimErrors(400, "must not be empty", "observations")
        counts: dict[str, int] = {}
        for item in observations:
            counts[item.get("sensorId", "")] = counts.get(item.get("sensorId", ""), 0) + 1
        with self.store.transaction():
            for sensor_id, count in counts.items():
                self.add_observations(sensor_id, count, reach)

    def add_observations(self, sensor_id: str, count: int, reach: set[str] | None = None) -> None:
        sensor = self.store.get(sensor_id)
        if sensor is None or "device" not in sensor:
            raise SimErrors(400, f"unknown sensor {sensor_id}", "observations.sensorId")
        self.check_project(reach, sensor["props"]["PROJECT_ID"])
        sensor["props"]["OBSERVATION_COUNT"] = int(sensor["props"].get("OBSERVATION_COUNT") or 0) + count
        sensor["props"]["LAST_OBSERVATION"] = now()
        self.store.put(
            "sensor", sensor, sensor["props"]["PROJECT_ID"], sensor["props"]["NODE_ID"], sensor["device"]
        )


def _writable(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if key not in PLATFORM_OWNED}


def _merged(
    current: dict[str, Any], changes: dict[str, Any], kind: str, renamed: bool = False
) -> dict[str, Any]:
    """Contract A2: an update merges; null clears; INTEGRATION_ID cannot change."""
    template = changes.get("INTEGRATION_ID")
    if template is not None and template != current.get("INTEGRATION_ID"):
        raise unprocessable(
            f"The {kind}'s INTEGRATION_ID cannot change: remove it and create a new one.",
            "props.INTEGRATION_ID",
        )
    merged = dict(current)
    for key, value in _writable(changes).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    merged["LAST_MODIFIED_DATE"] = now()
    merged["LAST_MODIFIED_BY"] = MODIFIED_BY
    return merged


def _touches_metrics(entry: dict[str, Any]) -> bool:
    return any(key in (entry.get("props") or {}) for key in METRIC_MAPS)


def _check_metrics(props: dict[str, Any]) -> None:
    present = tuple(name for name in METRIC_MAPS if props.get(name))
    pair = next((pair for pair in COMBINATIONS if set(pair) == set(present)), None)
    if pair is None:
        raise unprocessable(
            "Generic sensors must define metrics and units as UNKNOWN_METRICS + UNKNOWN_UNITS, "
            "KNOWN_METRICS + KNOWN_UNITS, or UNKNOWN_METRICS + KNOWN_UNITS.",
            "props",
        )
    metrics, units = props[pair[0]], props[pair[1]]
    if not isinstance(metrics, dict) or not isinstance(units, dict) or set(metrics) != set(units):
        raise unprocessable(f"{pair[0]} and {pair[1]} must be objects with the same index keys.", "props")
    for index, unit in units.items():
        _check_known(pair, metrics[index], unit)


def _check_known(pair: tuple[str, str], metric: str, unit: str) -> None:
    if pair[0] == "KNOWN_METRICS":
        allowed = catalog.metric_units(metric)
        if allowed is None:
            raise unprocessable(f"Unknown metric `{metric}`.", "props.KNOWN_METRICS")
        if unit not in allowed:
            raise unprocessable(f"Unit `{unit}` is not a unit of metric `{metric}`.", "props.KNOWN_UNITS")
    elif pair[1] == "KNOWN_UNITS" and unit not in catalog.all_units():
        raise unprocessable(f"Unknown unit `{unit}`.", "props.KNOWN_UNITS")
