"""`POST /api/integrations/integrate`: the rules of one integrate call (the integrate page; A1 to A4, A8).

One `Integrate` per call, inside the store transaction its caller opened: every change of the
request is made, or none is (unless the `integrate-partial` variant is on). Each variant that
changes a rule of integrate is read here, where that rule is.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable
from typing import Any

from iotplan.sim import catalog
from iotplan.sim.errors import INVALID_NODE, MISSING_INTEGRATION_ID, AfterWrite, SimError, unprocessable
from iotplan.sim.props import METRIC_MAPS, MODIFIED_BY, check_metrics, merged, now, touches_metrics, writable
from iotplan.sim.store import KEEP, Store
from iotplan.sim.variants import Variants

Entity = dict[str, Any]


def new_hex() -> str:
    """Three random bytes in upper-case hex, as `secrets.token_hex(3).upper()` made them, taken from
    bytes the OS gives a thousand ids at a time: one getrandom call per entity was 5% of the
    server's CPU in a cold apply of 111,100 entities. Each id is as random as before."""
    with _POOL.lock:
        if _POOL.taken + ID_BYTES > len(_POOL.drawn):
            _POOL.drawn, _POOL.taken = os.urandom(ID_BYTES * IDS_DRAWN_AT_ONCE), 0
        _POOL.taken += ID_BYTES
        return _POOL.drawn[_POOL.taken - ID_BYTES : _POOL.taken].hex().upper()


class _RandomPool:
    def __init__(self) -> None:
        self.lock = threading.Lock()  # the in-process platform may be called from several threads
        self.drawn = b""
        self.taken = 0


ID_BYTES, IDS_DRAWN_AT_ONCE = 3, 1024
_POOL = _RandomPool()


class Integrate:
    def __init__(self, store: Store, project_id: str, variants: Variants) -> None:
        self.store = store
        self.project_id = project_id
        self.variants = variants
        # The refIds of the sensors this call made under each device it made, while nothing else of
        # the call touched that device's sensors: what the store holds under it, asked of memory
        # instead of one query per new sensor (`_no_duplicate_sensor`).
        self._sensors_made: dict[str, set[str]] = {}

    def run(self, integration: dict[str, Any]) -> dict[str, Any]:
        node = self._node(integration)
        if node is None:
            return {"integration": {"node": None, "devices": []}}
        groups = [self._device_entry(node, entry) for entry in integration.get("devices") or []]
        return {
            "integration": {
                "node": self.store.get(node["id"]),
                "devices": [self._fresh(group) for group in groups if group],
            }
        }

    def _fresh(self, group: dict[str, Any]) -> dict[str, Any]:
        """The answer shows entities as stored, after every rule of the request ran (SIZE, say)."""
        device, *sensors = self.store.get_many([group["device"]["id"], *(s["id"] for s in group["sensors"])])
        return {"device": device, "sensors": sensors}

    # --- the connection (A4) ---------------------------------------------------------------
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
        if state == "remove" and not self.variants.on("connection-remove-ignored"):
            self._refuse_if_children("connection", node_id, "device")
            self.store.delete_tree(node_id)
            return None
        if state == "update":
            self._update(node, "node", self.project_id, self._connection_props(integration))
        return node

    def _new_node(self, integration: dict[str, Any]) -> Entity:
        hex_id = self._unused_hex("/api/{}/node")
        ref_id = None if self.variants.on("connection-refid-ignored") else integration.get("refId")
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
            props["EXTERNAL_ID"] = ref_id  # assumption A4
        props.update(writable(self._connection_props(integration) or {}))
        self._no_duplicate("node", self.project_id, props["SERIAL_NO"])
        node = {"props": props, "id": f"/api/{hex_id}/node", "type": "DYNAMIC"}
        self.store.insert("node", node, (self.project_id, None, None), props["SERIAL_NO"])
        return node

    def _connection_props(self, integration: dict[str, Any]) -> dict[str, Any] | None:
        return None if self.variants.on("connection-props-ignored") else integration.get("props")

    # --- devices -------------------------------------------------------------------------
    def _device_entry(self, node: Entity, entry: dict[str, Any]) -> dict[str, Any] | None:
        if not self.variants.on("integrate-partial"):
            return self._device(node, entry)
        try:
            with self.store.transaction():  # a savepoint: only the failing entry is undone
                return self._device(node, entry)
        except SimError as error:
            raise AfterWrite(error) from None

    def _device(self, node: Entity, entry: dict[str, Any]) -> dict[str, Any] | None:
        state = entry.get("changeState")
        if state == "new":
            device = self._new_device(node, entry)
        else:
            device = self._existing("device", node["id"], entry)
            if state == "remove":
                self._remove_device(node, device, entry)
                return None
            self._update(device, "device", node["id"], entry.get("props"))
        sensors = [self._sensor(node, device, s) for s in entry.get("sensors") or []]
        self._count_sensors(device["id"])
        return {"device": device, "sensors": [s for s in sensors if s]}

    def _new_device(self, node: Entity, entry: dict[str, Any]) -> Entity:
        props = entry.get("props") or {}
        _check_template(props, catalog.device_templates(), "device")
        made, ref_key = self._new_props(node, props, entry.get("refId"))
        self._no_duplicate("device", node["id"], ref_key)
        node_hex = node["id"].split("/")[2]
        device = self._inserted(
            "device",
            lambda hex_id: {
                "props": {**made, "SIZE": 0},
                "id": f"/api/{node_hex}/node/dynamic/{hex_id}/device",
                "type": "DYNAMIC",
            },
            (self.project_id, node["id"], None),
            ref_key,
        )
        if not self.variants.on("integrate-partial"):  # a savepoint may undo some of what it makes
            self._sensors_made[device["id"]] = set()
        return device

    def _remove_device(self, node: Entity, device: Entity, entry: dict[str, Any]) -> None:
        self._sensors_made.pop(device["id"], None)
        if self.variants.on("no-cascade"):
            for sensor in entry.get("sensors") or []:  # the entry's own sensor removals count
                self._sensor(node, device, sensor)
            self._refuse_if_children("device", device["id"], "sensor")
        self.store.delete_tree(device["id"])

    def _count_sensors(self, device_id: str) -> None:
        """A device's SIZE is its number of sensors (`size-not-lowered`: only ever raised)."""
        device, size = self.store.get(device_id), self.store.count("sensor", device_id)
        if device is not None and self.variants.on("size-not-lowered"):
            size = max(size, device["props"].get("SIZE") or 0)
        if device is not None and device["props"].get("SIZE") != size:
            device["props"]["SIZE"] = size
            self.store.update(device)

    # --- sensors -------------------------------------------------------------------------
    def _sensor(self, node: Entity, device: Entity, entry: dict[str, Any]) -> Entity | None:
        state = entry.get("changeState")
        if state == "new":
            return self._new_sensor(node, device, entry)
        self._sensors_made.pop(device["id"], None)  # a rename or a removal: the store is asked again
        sensor = self._existing("sensor", device["id"], entry)
        if state == "remove":
            self.store.delete_tree(sensor["id"])
            return None
        changes = entry.get("props")
        if changes and self.variants.on("metrics-update-ignored"):
            changes = {key: value for key, value in changes.items() if key not in METRIC_MAPS}
        self._update(sensor, "sensor", device["id"], changes)
        if sensor["props"].get("INTEGRATION_ID") == catalog.GENERIC_SENSOR and touches_metrics(changes or {}):
            check_metrics(sensor["props"])  # assumption A8: updates may change a generic sensor's metrics
        return sensor

    def _new_sensor(self, node: Entity, device: Entity, entry: dict[str, Any]) -> Entity:
        props = entry.get("props") or {}
        _check_template(props, catalog.sensor_templates(), "sensor")
        if props["INTEGRATION_ID"] == catalog.GENERIC_SENSOR and touches_metrics(props):
            # The reference says a generic sensor MUST get its metrics at creation, and the iTwin
            # Platform page shows one created without any: both are accepted, half a pair is not.
            check_metrics(props)
        made, ref_key = self._new_props(node, props, entry.get("refId"))
        self._no_duplicate_sensor(device["id"], ref_key)
        sensor = self._inserted(
            "sensor",
            lambda hex_id: {
                "props": {**made, "OBSERVATION_COUNT": 0},
                "id": f"{device['id']}/{hex_id}/sensor",
                "observationType": "DYNAMIC",
                "type": "DYNAMIC",
                "device": device["id"],
            },
            (self.project_id, node["id"], device["id"]),
            ref_key,
        )
        self._made_under(device["id"], ref_key)
        return sensor

    # --- identity (A1) and updates (A2) ------------------------------------------------------
    def _new_props(
        self, node: Entity, props: dict[str, Any], ref_id: str | None
    ) -> tuple[dict[str, Any], str | None]:
        """A new device's or sensor's props, and the refId it will be found by."""
        made = {
            "CREATION_DATE": now(),
            "LAST_MODIFIED_DATE": now(),
            "LAST_MODIFIED_BY": MODIFIED_BY,
            "NODE_ID": node["id"],
            "PROJECT_ID": self.project_id,
            **writable(props),
        }
        if self.variants.on("serial-is-uuid"):
            made["SERIAL_NO"] = props.get("SERIAL_NO") or str(uuid.uuid4())
            return _without_nulls(made), ref_id or None
        if ref_id:
            made["SERIAL_NO"] = ref_id  # assumption A1: the refId is stored as SERIAL_NO
        made = _without_nulls(made)
        return made, made.get("SERIAL_NO")

    def _update(self, entity: Entity, kind: str, parent_id: str, changes: dict[str, Any] | None) -> None:
        changes = dict(changes or {})
        # `serial-update-ignored`: an update cannot touch SERIAL_NO, so it stays, replaced or not
        frozen_serial = frozenset({"SERIAL_NO"} if self.variants.on("serial-update-ignored") else ())
        if frozen_serial:
            changes.pop("SERIAL_NO", None)
        serial_is_ref_id = kind == "node" or not self.variants.on("serial-is-uuid")
        if serial_is_ref_id:
            self._check_rename(kind, parent_id, entity, changes)
        # `update-replaces` replaces with what is sent, nothing included: an entry that sends no
        # props keeps only the platform's own and the template (SERIAL_NO, the refId, goes too,
        # unless updates cannot touch it).
        replace, keep_nulls = self.variants.on("update-replaces"), self.variants.on("update-null-ignored")
        entity["props"] = merged(
            entity["props"], changes, kind, replace=replace, keep_nulls=keep_nulls, also_kept=frozen_serial
        )
        self.store.update(entity, entity["props"].get("SERIAL_NO") if serial_is_ref_id else KEEP)

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

    def _inserted(
        self,
        kind: str,
        entity_with: Callable[[str], Entity],
        parents: tuple[str, str | None, str | None],
        ref_key: str | None,
    ) -> Entity:
        """A new device or sensor under random hex, as the platform's ids have, drawn again while
        another entity has the id it makes."""
        while not self.store.insert_unless_taken(kind, entity := entity_with(new_hex()), parents, ref_key):
            pass
        return entity

    def _unused_hex(self, form: str) -> str:
        """Random hex, as the platform's ids have, never one already taken (24 bits collide
        within a few thousand connections)."""
        while self.store.get(form.format(hex_id := new_hex())) is not None:
            pass
        return hex_id

    def _no_duplicate(self, kind: str, parent_id: str, ref_id: Any) -> None:
        if ref_id and self.store.by_serial(kind, parent_id, str(ref_id)) is not None:
            self._duplicate(kind, parent_id, ref_id)

    def _no_duplicate_sensor(self, device_id: str, ref_id: Any) -> None:
        """`_no_duplicate` of a new sensor: under a device this call made, from the refIds it made there
        (a text refId is stored as it is, so the store holds exactly those)."""
        made = self._sensors_made.get(device_id)
        if made is None or not isinstance(ref_id, str | None):
            self._no_duplicate("sensor", device_id, ref_id)
        elif ref_id and ref_id in made:
            self._duplicate("sensor", device_id, ref_id)

    def _made_under(self, device_id: str, ref_id: Any) -> None:
        made = self._sensors_made.get(device_id)
        if made is None:
            return
        if isinstance(ref_id, str):
            made.add(ref_id)
        elif ref_id is not None:  # stored as SQLite writes it: the store is asked from here on
            del self._sensors_made[device_id]

    def _duplicate(self, kind: str, parent_id: str, ref_id: Any) -> None:
        message = f"A {kind} with refId `{ref_id}` already exists under `{parent_id}`."
        if self.variants.on("duplicate-refid-400"):
            raise SimError(400, "InvalidProcessIntegrationRequest", message, "refId")
        raise SimError(409, "DuplicateRefId", message, "refId")

    def _check_rename(self, kind: str, parent_id: str, entity: Entity, changes: dict[str, Any]) -> None:
        """An update may change SERIAL_NO (a `moved` rename), but not onto another entity's refId."""
        new_serial = changes.get("SERIAL_NO")
        if new_serial is not None and new_serial != entity["props"].get("SERIAL_NO"):
            self._no_duplicate(kind, parent_id, new_serial)

    def _refuse_if_children(self, kind: str, entity_id: str, child: str) -> None:
        """The `no-cascade` variant: a platform that removes only what is empty."""
        if self.variants.on("no-cascade") and self.store.count(child, entity_id):
            raise unprocessable(
                f"The {kind} `{entity_id}` still has {child}s: remove them first.", "changeState"
            )


def _check_template(props: dict[str, Any], templates: frozenset[str], kind: str) -> None:
    template = props.get("INTEGRATION_ID")
    if not template:
        raise unprocessable(MISSING_INTEGRATION_ID, "props.INTEGRATION_ID")
    if template not in templates:
        raise unprocessable(f"Unknown {kind} template `{template}`.", "props.INTEGRATION_ID")


def _without_nulls(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if value is not None}
