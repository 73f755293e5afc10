"""`POST /api/integrations/integrate`: the rules of one integrate call (API-CONTRACT §3.1, A1 to A4, A8).

One `Integrate` per call, inside the store transaction its caller opened: every change of the
request is made, or none is.
"""

from __future__ import annotations

import secrets
from typing import Any

from iotplan.sim import catalog
from iotplan.sim.errors import INVALID_NODE, MISSING_INTEGRATION_ID, SimError, unprocessable
from iotplan.sim.props import (
    MODIFIED_BY,
    check_metrics,
    merged,
    now,
    touches_metrics,
    writable,
)
from iotplan.sim.store import Store

Entity = dict[str, Any]


def new_hex() -> str:
    return secrets.token_hex(3).upper()


class Integrate:
    def __init__(self, store: Store, project_id: str) -> None:
        self.store = store
        self.project_id = project_id

    def run(self, integration: dict[str, Any]) -> dict[str, Any]:
        node = self._node(integration)
        if node is None:
            return {"integration": {"node": None, "devices": []}}
        groups = [self._device(node, entry) for entry in integration.get("devices") or []]
        self._touch_sizes([group["device"]["id"] for group in groups if group])
        return {
            "integration": {
                "node": self.store.get(node["id"]),
                "devices": [self._fresh(group) for group in groups if group],
            }
        }

    def _fresh(self, group: dict[str, Any]) -> dict[str, Any]:
        """The answer shows entities as stored, after every rule of the request ran (SIZE, say)."""
        return {
            "device": self.store.get(group["device"]["id"]),
            "sensors": [self.store.get(s["id"]) for s in group["sensors"]],
        }

    # --- the connection --------------------------------------------------------------------
    def _node(self, integration: dict[str, Any]) -> Entity | None:
        node_id, state = integration.get("nodeId"), integration.get("changeState")
        if not node_id:
            if state != "new":
                raise unprocessable(
                    "Cannot process integration: `integration.changeState` must be `new` to "
                    "create a connection.",
                    "integration.changeState",
                )
            return self._new_node(integration)
        node = self.store.get(node_id)
        if node is None or self.store.project_of(node_id) != self.project_id:
            raise unprocessable(INVALID_NODE, "nodeId")
        if state == "remove":
            self.store.delete_tree(node_id)
            return None
        if state == "update":
            self._check_rename("node", self.project_id, node, integration)
            node["props"] = merged(node["props"], integration.get("props") or {}, "node")
            self.store.update(node, node["props"].get("SERIAL_NO"))
        return node

    def _new_node(self, integration: dict[str, Any]) -> Entity:
        hex_id = self._unused_hex("/api/{}/node")
        ref_id = integration.get("refId")
        props = {
            "SERIAL_NO": ref_id or hex_id,
            "CREATION_DATE": now(),
            "LAST_MODIFIED_DATE": now(),
            "LAST_MODIFIED_BY": MODIFIED_BY,
            "INTEGRATION_ID": "NODE_API_SDE",
            "PROJECT_ID": self.project_id,
            "NAME": f"Data Source API Import {hex_id}",
        }
        if ref_id:
            props["EXTERNAL_ID"] = ref_id  # contract A4
        props.update(writable(integration.get("props") or {}))
        self._no_duplicate("node", self.project_id, props["SERIAL_NO"])
        node = {"props": props, "id": f"/api/{hex_id}/node", "type": "DYNAMIC"}
        self.store.insert("node", node, (self.project_id, None, None), props["SERIAL_NO"])
        return node

    # --- devices -------------------------------------------------------------------------
    def _device(self, node: Entity, entry: dict[str, Any]) -> dict[str, Any] | None:
        state = entry.get("changeState")
        if state == "new":
            device = self._new_device(node, entry)
        else:
            device = self._existing("device", node["id"], entry)
            if state == "remove":
                self.store.delete_tree(device["id"])
                return None
            self._check_rename("device", node["id"], device, entry)
            device["props"] = merged(device["props"], entry.get("props") or {}, "device")
            self.store.update(device, device["props"].get("SERIAL_NO"))
        sensors = [self._sensor(node, device, s) for s in entry.get("sensors") or []]
        return {"device": device, "sensors": [s for s in sensors if s]}

    def _new_device(self, node: Entity, entry: dict[str, Any]) -> Entity:
        props = entry.get("props") or {}
        _check_template(props, catalog.device_templates(), "device")
        made = self._new_props(node, props, entry.get("refId"))
        self._no_duplicate("device", node["id"], made.get("SERIAL_NO"))
        node_hex = node["id"].split("/")[2]
        device_hex = self._unused_hex(f"/api/{node_hex}/node/dynamic/{{}}/device")
        device: Entity = {
            "props": {**made, "SIZE": 0},
            "id": f"/api/{node_hex}/node/dynamic/{device_hex}/device",
            "type": "DYNAMIC",
        }
        self.store.insert("device", device, (self.project_id, node["id"], None), made.get("SERIAL_NO"))
        return device

    # --- sensors -------------------------------------------------------------------------
    def _sensor(self, node: Entity, device: Entity, entry: dict[str, Any]) -> Entity | None:
        state = entry.get("changeState")
        if state == "new":
            return self._new_sensor(node, device, entry)
        sensor = self._existing("sensor", device["id"], entry)
        if state == "remove":
            self.store.delete_tree(sensor["id"])
            return None
        self._check_rename("sensor", device["id"], sensor, entry)
        changes = entry.get("props") or {}
        sensor["props"] = merged(sensor["props"], changes, "sensor")
        if sensor["props"].get("INTEGRATION_ID") == catalog.GENERIC_SENSOR and touches_metrics(changes):
            check_metrics(sensor["props"])  # contract A8: updates may change a generic sensor's metrics
        self.store.update(sensor, sensor["props"].get("SERIAL_NO"))
        return sensor

    def _new_sensor(self, node: Entity, device: Entity, entry: dict[str, Any]) -> Entity:
        props = entry.get("props") or {}
        _check_template(props, catalog.sensor_templates(), "sensor")
        if props["INTEGRATION_ID"] == catalog.GENERIC_SENSOR:
            check_metrics(props)
        made = self._new_props(node, props, entry.get("refId"))
        self._no_duplicate("sensor", device["id"], made.get("SERIAL_NO"))
        sensor: Entity = {
            "props": {**made, "OBSERVATION_COUNT": 0},
            "id": f"{device['id']}/{self._unused_hex(device['id'] + '/{}/sensor')}/sensor",
            "observationType": "DYNAMIC",
            "type": "DYNAMIC",
            "device": device["id"],
        }
        parents = (self.project_id, node["id"], device["id"])
        self.store.insert("sensor", sensor, parents, made.get("SERIAL_NO"))
        return sensor

    # --- shared rules --------------------------------------------------------------------
    def _new_props(self, node: Entity, props: dict[str, Any], ref_id: str | None) -> dict[str, Any]:
        made = {
            "CREATION_DATE": now(),
            "LAST_MODIFIED_DATE": now(),
            "LAST_MODIFIED_BY": MODIFIED_BY,
            "NODE_ID": node["id"],
            "PROJECT_ID": self.project_id,
            **writable(props),
        }
        if ref_id:
            made["SERIAL_NO"] = ref_id  # contract A1: the refId is stored as SERIAL_NO
        return {key: value for key, value in made.items() if value is not None}

    def _existing(self, kind: str, parent_id: str, entry: dict[str, Any]) -> Entity:
        state, ref_id = entry.get("changeState"), entry.get("refId")
        if state not in ("update", "remove"):
            raise unprocessable(f"changeState must be new, update or remove, not {state!r}.", "changeState")
        if not ref_id:
            raise unprocessable(f"{state} needs the {kind}'s refId.", "refId")
        found = self.store.by_serial(kind, parent_id, str(ref_id))
        if found is None:
            raise SimError(
                404, "EntityNotFound", f"No {kind} with refId `{ref_id}` under `{parent_id}`.", "refId"
            )
        return found

    def _unused_hex(self, form: str) -> str:
        """Random hex, as the platform's ids have, never one already taken (24 bits collide
        within a few thousand connections)."""
        while self.store.get(form.format(hex_id := new_hex())) is not None:
            pass
        return hex_id

    def _no_duplicate(self, kind: str, parent_id: str, ref_id: Any) -> None:
        if ref_id and self.store.by_serial(kind, parent_id, str(ref_id)) is not None:
            raise SimError(
                409,
                "DuplicateRefId",
                f"A {kind} with refId `{ref_id}` already exists under `{parent_id}`.",
                "refId",
            )

    def _check_rename(self, kind: str, parent_id: str, entity: Entity, entry: dict[str, Any]) -> None:
        """An update may change SERIAL_NO (a `moved` rename), but not onto another entity's refId."""
        new_serial = (entry.get("props") or {}).get("SERIAL_NO")
        if new_serial is not None and new_serial != entity["props"].get("SERIAL_NO"):
            self._no_duplicate(kind, parent_id, new_serial)

    def _touch_sizes(self, device_ids: list[str]) -> None:
        """A device's SIZE is its number of sensors; only devices this call touched can change."""
        for device_id in device_ids:
            device = self.store.get(device_id)
            if device is None:
                continue
            size = self.store.count("sensor", device_id)
            if device["props"].get("SIZE") != size:
                device["props"]["SIZE"] = size
                self.store.update(device)


def _check_template(props: dict[str, Any], templates: set[str], kind: str) -> None:
    template = props.get("INTEGRATION_ID")
    if not template:
        raise unprocessable(MISSING_INTEGRATION_ID, "props.INTEGRATION_ID")
    if template not in templates:
        raise unprocessable(f"Unknown {kind} template `{template}`.", "props.INTEGRATION_ID")
