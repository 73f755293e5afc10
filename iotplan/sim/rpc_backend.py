"""The rules of the JSON-RPC API (the reference's JSON-RPC API): THREAD entities read, created and updated by
id, in the same store as the REST API's, so each API sees what the other wrote.

Entity objects have the reference's shape (`{"id", "type", "props"}`, sensors with `"device"`,
connections with `"customProps"`); counts and groups (`OBSERVATION_COUNT`, `SIZE`, `ACCESSIBLE`,
`DEVICE_GROUP`, `SENSOR_GROUP`) are worked out when read, from what is under the entity.
Nothing here knows JSON-RPC envelopes (rpc.py) or method names (rpc_routes.py).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from iotplan.sim import catalog
from iotplan.sim.backend import Reach, SimBackend
from iotplan.sim.errors import RpcError, SimError, invalid_params, rpc_error
from iotplan.sim.props import MODIFIED_BY, PLATFORM_OWNED, merged, now
from iotplan.sim.store import KEEP, Keep

Entity = dict[str, Any]
KINDS = ("node", "device", "sensor")
# Props the platform keeps itself: sent on create or update, they are ignored.
# ZERO_BASELINE is `rpc-rewrite-rezeroes`' record of the reading a ZERO_DATE write last zeroed.
OWNED = PLATFORM_OWNED | {
    "ACCESSIBLE", "LAST_COMM", "LAST_OBSERVATION", "DEVICE_GROUP", "SENSOR_GROUP", "ZERO_BASELINE",
}  # fmt: skip
# The props the reference's entity objects show (for `rpc-update-unknown-prop-refused`).
DOCUMENTED_PROPS = {
    "NAME", "NOTES", "LOCATION", "SERIAL_NO", "VERSION", "MODEL", "POWER_MODE", "GATEWAY", "TYPE",
    "EXTERNAL_PORT", "MODE", "ZERO_DATE", "SAMPLING_RATE_MAX", "MUX_INDEX", "PORT_PROXY",
}  # fmt: skip
ID_FORMS = {  # the reference: "the example format should be followed"
    "node": re.compile(r"/[A-Za-z0-9_-]+/[^/]+/node"),
    "device": re.compile(r"(/[A-Za-z0-9_-]+/[^/]+/node)/[^/]+/([^/]+)/device"),
    "sensor": re.compile(r"(/[A-Za-z0-9_-]+/[^/]+/node/[^/]+/[^/]+/device)/[^/]+/sensor"),
}
FORMS_SHOWN = {
    "node": "/fn/{serial}/node",
    "device": "{node id}/{type}/{serial}/device",
    "sensor": "{device id}/{name}/sensor",
}


@dataclass(frozen=True)
class Scope:
    """Where one request reads and writes: `project` (projectIds, or the default project) and
    the projects whose entities it sees (None: every project the credential reaches)."""

    project: str
    readable: frozenset[str] | None
    reach: Reach
    empty: bool = False  # `rpc-foreign-project-empty`: a project out of reach reads as empty

    def sees(self, project: str | None) -> bool:
        if self.empty or project is None:
            return False
        if self.readable is None:
            return self.reach is None or project in self.reach
        return project in self.readable


class RpcBackend:
    def __init__(self, backend: SimBackend) -> None:
        self.backend = backend
        self.store = backend.store
        self.variants = backend.variants

    # --- projects ------------------------------------------------------------------------
    def scope(self, reach: Reach, project_ids: Any, *, writes: bool) -> Scope:
        """`params.projectIds`: one id in a list (the reference: one project per request), or none
        for the organization's default project."""
        if project_ids is None or project_ids == []:
            named = None
        elif isinstance(project_ids, list) and len(project_ids) == 1 and isinstance(project_ids[0], str):
            named = project_ids[0]
        elif isinstance(project_ids, list) and len(project_ids) > 1:
            raise invalid_params("Currently only a single projectId is supported per request.")
        else:
            raise invalid_params("projectIds must be an array holding one project id.")
        try:
            project = self.backend.check_project(reach, named)
        except SimError as error:
            if not writes and self.variants.on("rpc-foreign-project-empty"):
                return Scope(named or "", frozenset(), reach, empty=True)
            raise rpc_error(error) from None
        if named is None and self.variants.on("rpc-any-reachable-project"):
            return Scope(project, None, reach)
        return Scope(project, frozenset({project}), reach)

    # --- reads ---------------------------------------------------------------------------
    def get(self, kind: str, ids: list[str], scope: Scope) -> list[Entity]:
        """The visible entities of this kind among `ids`, in the order asked, each once; an id
        that is unknown, of another kind or in another project is left out."""
        found = [self._visible(kind, entity_id, scope) for entity_id in dict.fromkeys(ids)]
        return [
            self.shown(kind, entity) for entity in self._read_as_lagging(kind, found) if entity is not None
        ]

    def _read_as_lagging(self, kind: str, found: list[Entity | None]) -> list[Entity | None]:
        """`rpc-reads-lag-writes`: the entity of the most recent JSON-RPC write as it stood before it
        (left out where the write made it), until another write follows."""
        lagging = (
            self.store.lagging() if kind != "node" and self.variants.on("rpc-reads-lag-writes") else None
        )
        if lagging is None or lagging["kind"] != kind:
            return found
        return [lagging["before"] if each and each["id"] == lagging["id"] else each for each in found]

    def _visible(self, kind: str, entity_id: str, scope: Scope) -> Entity | None:
        if self.store.kind_of(entity_id) != kind or not scope.sees(self.store.project_of(entity_id)):
            return None
        return self.store.get(entity_id)

    def shown(self, kind: str, entity: Entity) -> Entity:
        """The reference's entity object, with what is worked out from below it."""
        props, entity_id = dict(entity["props"]), entity["id"]
        props.setdefault("ACCESSIBLE", True)
        if kind == "node":
            props["NODE_ID"] = entity_id
            props["DEVICE_GROUP"] = entity_id
            props["ACCESSIBLE"] = self._reachable(entity_id)
        elif kind == "device":
            props["SENSOR_GROUP"] = entity_id
            props["SIZE"] = self.store.count("sensor", entity_id)
        if kind == "sensor":
            props["OBSERVATION_COUNT"] = int(props.get("OBSERVATION_COUNT") or 0)
        else:
            props["OBSERVATION_COUNT"] = self.store.observation_total(kind, entity_id)
            if kind == "node":  # REST's rule for a connection's count, written once
                props["OBSERVATION_COUNT"] = self.backend.connection_count(
                    entity_id, props["OBSERVATION_COUNT"]
                )
            latest = self.store.last_observation(kind, entity_id)
            if latest:  # the reference's device object carries one: the latest of its sensors'
                props["LAST_OBSERVATION"] = latest
        shown: Entity = {"id": entity_id, "type": entity.get("type", "DYNAMIC")}
        if kind == "sensor":
            shown["device"] = entity.get("device")
        shown["props"] = props
        if kind == "node":
            shown["customProps"] = entity.get("customProps", {})
        return shown

    def _reachable(self, node_id: str) -> bool:
        """A seeded THREAD is ACCESSIBLE while it answers (the control plane's status)."""
        serial = node_id.split("/")[2] if node_id.startswith("/fn/") else None
        gateway = self.store.gateway(serial=serial) if serial else None
        return gateway is None or gateway["status"] == "ok"

    def metrics(self, sensor_ids: list[str], scope: Scope) -> dict[str, list[dict[str, Any]]]:
        """`getMetrics`: each visible sensor's metric objects, by sensor id."""
        answer = {}
        for sensor_id in dict.fromkeys(sensor_ids):
            sensor = self._visible("sensor", sensor_id, scope)
            if sensor is not None:
                answer[sensor_id] = [catalog.rpc_metric(m) for m in _metric_ids(sensor)]
        return answer

    # --- creation ------------------------------------------------------------------------
    def create(
        self,
        kind: str,
        entity_id: Any,
        entity_type: Any,
        props: Any,
        scope: Scope,
        observation_type: Any = None,
    ) -> Entity:
        """ "If the node, device or sensor already exists, this will return an error.\""""
        match = ID_FORMS[kind].fullmatch(entity_id) if isinstance(entity_id, str) else None
        if match is None:
            raise invalid_params(f"The {kind} id must follow the form {FORMS_SHOWN[kind]}.")
        if not isinstance(entity_type, str) or not entity_type:
            raise invalid_params(f"The {kind} type is required.")
        if entity_type not in catalog.rpc_types(kind) and not self.variants.on("rpc-any-type"):
            raise invalid_params(f"Unknown {kind} type {entity_type}.")
        if not isinstance(props, dict):
            raise invalid_params("props must be an object.")
        if self.store.kind_of(entity_id) is not None:
            raise RpcError(-32009, f"The {kind} {entity_id} already exists.", "AlreadyExists")
        made = {key: value for key, value in props.items() if key not in OWNED and value is not None}
        made |= {"CREATION_DATE": now(), "LAST_MODIFIED_DATE": now(), "LAST_MODIFIED_BY": MODIFIED_BY}
        entity: Entity = {"id": entity_id, "type": entity_type, "props": made}
        self._rezero(kind, entity, made)
        if kind == "node":
            created = self._new_node(entity, scope)
        elif kind == "device":
            created = self._new_device(entity, props.get("NODE_ID"), scope)
        else:
            entity["observationType"] = observation_type if isinstance(observation_type, str) else entity_type
            created = self._new_sensor(entity, match.group(1), scope)
        return self._held_back_from_lists(kind, None, created)

    def _new_node(self, node: Entity, scope: Scope) -> Entity:
        props = node["props"]
        if not isinstance(props.get("VERSION"), str) or not props["VERSION"]:
            raise invalid_params("VERSION is required: the version of the client software.")
        serial = props.setdefault("SERIAL_NO", node["id"].split("/")[2])
        if self.store.by_serial("node", scope.project, serial) is not None:
            raise RpcError(-32009, f"A node with SERIAL_NO {serial} already exists.", "AlreadyExists")
        props["PROJECT_ID"] = scope.project
        if node["type"] == "THREAD":
            props.setdefault("INTEGRATION_ID", "THREAD_SDE")
        self.store.insert("node", node, (scope.project, None, None), serial)
        return self._created("node", node)

    def _new_device(self, device: Entity, node_id: Any, scope: Scope) -> Entity:
        if not isinstance(node_id, str) or not node_id:
            raise invalid_params("NODE_ID is required: the connection the device is attached to.")
        node = self._parent("node", node_id, scope)
        if not device["id"].startswith(node_id + "/"):
            raise invalid_params(f"The device id must follow the form {node_id}/{{type}}/{{serial}}/device.")
        if self.variants.on("rpc-device-id-rewritten"):
            parts = device["id"].split("/")
            device["id"] = "/".join([*parts[:4], device["type"].lower(), *parts[5:]])
        props, project = device["props"], str(node["props"].get("PROJECT_ID") or scope.project)
        props |= {"NODE_ID": node_id, "PROJECT_ID": project}
        if not self.variants.on("logger-created-without-serial"):
            props.setdefault("SERIAL_NO", self._device_serial(device["id"]))
        self.store.insert("device", device, (project, node_id, None), None)
        return self._created("device", device)

    def _device_serial(self, device_id: str) -> str:
        """The serial in its id; under `logger-serial-own`, one of the logger's own (its hardware's,
        as the reference's createDevice answer shows no SERIAL_NO to say otherwise)."""
        if self.variants.on("logger-serial-own"):
            return "SN" + secrets.token_hex(4).upper()
        return device_id.split("/")[-2]

    def _new_sensor(self, sensor: Entity, device_id: str, scope: Scope) -> Entity:
        device = self._parent("device", device_id, scope)
        node_id, project = device["props"].get("NODE_ID"), device["props"].get("PROJECT_ID")
        props = sensor["props"]
        props |= {"NODE_ID": node_id, "PROJECT_ID": project, "OBSERVATION_COUNT": 0}
        # As the reference answers: its logger's, the serial in the logger's id where it holds none
        # (`logger-created-without-serial`: the reference's createSensor answer shows it so).
        props.setdefault("SERIAL_NO", device["props"].get("SERIAL_NO") or device_id.split("/")[-2])
        sensor["device"] = device_id
        self._check_channel_free(sensor, props)
        self.store.insert("sensor", sensor, (str(project), node_id, device_id), None)
        device["props"]["SIZE"] = self.store.count("sensor", device_id)  # as REST reads show it
        self.store.update(device)
        return self._created("sensor", sensor)

    def _parent(self, kind: str, parent_id: str, scope: Scope) -> Entity:
        parent = self._visible(kind, parent_id, scope)
        if parent is None:
            raise RpcError(-32004, f"The {kind} {parent_id} was not found.", "NotFound")
        return parent

    def _created(self, kind: str, entity: Entity) -> Entity:
        entity["props"]["ACCESSIBLE"] = True
        self.store.update(entity)
        return self.shown(kind, entity)

    # --- modification ----------------------------------------------------------------------
    def update(self, kind: str, entity_id: Any, changes: Any, scope: Scope) -> Entity:
        """ "Overwrite existing configuration parameters": the props given, merged (A2 as for
        REST: null clears); `rpc-update-replaces` keeps only those given and the platform's own
        (`OWNED`: JSON-RPC's are more than REST's)."""
        if not isinstance(entity_id, str):
            raise invalid_params(f"{kind} must be the id of the {kind} to update.")
        if not isinstance(changes, dict):
            raise invalid_params("props must be an object.")
        entity = self._visible(kind, entity_id, scope)
        if entity is None:
            raise RpcError(-32004, f"The {kind} {entity_id} was not found.", "NotFound")
        self._check_known(kind, entity, changes)
        self._check_identity(kind, changes)
        self._check_types(changes)
        given = {key: value for key, value in changes.items() if key not in OWNED}
        if kind == "sensor":
            self._check_channel_free(entity, given)
        replace = self.variants.on("rpc-update-replaces")
        before = {**entity, "props": dict(entity["props"])}
        serial_before = entity["props"].get("SERIAL_NO")
        try:
            entity["props"] = merged(entity["props"], given, kind, replace=replace, also_kept=OWNED)
        except SimError as error:
            raise rpc_error(error) from None
        self._rezero(kind, entity, given)
        if kind == "node":
            self._rename_node(entity, given)
        else:
            self.store.update(entity, self._ref_key_after(kind, entity, given, serial_before))
        return self._held_back_from_lists(kind, before, self.shown(kind, entity))

    def _held_back_from_lists(self, kind: str, before: Entity | None, written: Entity) -> Entity:
        """`lists-lag-rpc-writes`: the REST lists show this write only once another follows it;
        `rpc-reads-lag-writes`: JSON-RPC reads by id alike."""
        if self.variants.on("lists-lag-rpc-writes") or self.variants.on("rpc-reads-lag-writes"):
            self.store.put_lagging(kind, written["id"], before)
        return written

    def _rezero(self, kind: str, entity: Entity, written: dict[str, Any]) -> None:
        """`rpc-rewrite-rezeroes`: a ZERO_DATE written, even as it stands, makes the entity's reading
        at that write its zero, from which its derived metrics are computed again: ZERO_BASELINE
        records how many observations it held then (none at its creation)."""
        if kind == "node" or written.get("ZERO_DATE") is None or not self.variants.on("rpc-rewrite-rezeroes"):
            return
        if kind == "sensor":
            held = int(entity["props"].get("OBSERVATION_COUNT") or 0)
        else:
            held = self.store.observation_total("device", entity["id"])
        entity["props"]["ZERO_BASELINE"] = held

    def _check_known(self, kind: str, entity: Entity, changes: dict[str, Any]) -> None:
        if not self.variants.on("rpc-update-unknown-prop-refused"):
            return
        unknown = sorted(set(changes) - DOCUMENTED_PROPS - OWNED - set(entity["props"]))
        if unknown:
            raise invalid_params(
                f"Unknown {kind} propert{'ies' if len(unknown) > 1 else 'y'}: {', '.join(unknown)}."
            )

    def _check_identity(self, kind: str, changes: dict[str, Any]) -> None:
        if kind == "node" or not self.variants.on("rpc-update-identity-refused"):
            return
        named = sorted({"SERIAL_NO", "NODE_ID"} & set(changes))
        if named:
            raise invalid_params(f"{', '.join(named)} of a {kind} cannot be updated: it is set at creation.")

    def _check_types(self, changes: dict[str, Any]) -> None:
        """`rpc-update-types-strict`: a port, channel or coordinate of another JSON type than the
        reference's entity objects show (an integer, a number) is refused, even as the entity holds it."""
        if not self.variants.on("rpc-update-types-strict"):
            return
        for name in ("EXTERNAL_PORT", "MUX_INDEX"):
            value = changes.get(name)
            if value is not None and not _is_integer(value):
                raise invalid_params(f"{name} must be an integer, not {json.dumps(value)}.")
        location = changes.get("LOCATION")
        coordinates = location.get("coordinates") if isinstance(location, dict) else None
        if isinstance(coordinates, list) and not all(_is_number(each) for each in coordinates):
            raise invalid_params(f"LOCATION coordinates must be numbers, not {json.dumps(coordinates)}.")

    def _check_channel_free(self, sensor: Entity, written: dict[str, Any]) -> None:
        """`rpc-channel-taken-refused`: a MUX_INDEX written that another sensor of the same logger
        holds is refused, even for a moment (one move of a swap goes first)."""
        channel = written.get("MUX_INDEX")
        if channel is None or not self.variants.on("rpc-channel-taken-refused"):
            return
        for other in self.store.children("sensor", str(sensor.get("device"))):
            if other["id"] != sensor["id"] and other["props"].get("MUX_INDEX") == channel:
                raise invalid_params(f"MUX_INDEX {channel} is held by the sensor {other['id']}.")

    def _rename_node(self, node: Entity, given: dict[str, Any]) -> None:
        """A connection is found by its SERIAL_NO in its project (REST's refId): a new one moves it."""
        serial = node["props"].get("SERIAL_NO")
        if "SERIAL_NO" not in given:
            self.store.update(node)
            return
        holder = self.store.by_serial("node", str(node["props"].get("PROJECT_ID")), str(serial))
        if holder is not None and holder["id"] != node["id"]:
            raise RpcError(-32009, f"A node with SERIAL_NO {serial} already exists.", "AlreadyExists")
        self.store.update(node, serial)

    def _ref_key_after(
        self, kind: str, entity: Entity, given: dict[str, Any], serial_before: Any
    ) -> str | Keep | None:
        """A device or sensor is found by its SERIAL_NO under its parent (A1: integrate's refId),
        so a new one moves it there, refused where a sibling is found by it, as integrate refuses
        (`Integrate._check_rename`). One resent unchanged (iotplan resends a THREAD entity's, A14)
        keeps what it is found by: a THREAD's entities are found by id, and its sensors share their
        device's SERIAL_NO. Under `serial-is-uuid` the refId is no SERIAL_NO: it stays."""
        serial = entity["props"].get("SERIAL_NO")
        if "SERIAL_NO" not in given or serial == serial_before or self.variants.on("serial-is-uuid"):
            return KEEP
        parent = str(entity["props"].get("NODE_ID") if kind == "device" else entity.get("device"))
        if serial is not None and self.store.by_serial(kind, parent, str(serial)) is not None:
            raise RpcError(
                -32009, f"A {kind} with SERIAL_NO {serial} already exists under {parent}.", "AlreadyExists"
            )
        return serial


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _metric_ids(sensor: Entity) -> list[str]:
    """A generic sensor's own metric maps, else its type's (or its REST template's)."""
    props = sensor["props"]
    names = props.get("KNOWN_METRICS") or props.get("UNKNOWN_METRICS")
    if isinstance(names, dict) and names:
        return [str(name) for name in names.values()]
    # A REST sensor is of type DYNAMIC with its template as INTEGRATION_ID.
    return catalog.rpc_type_metrics(props.get("INTEGRATION_ID") or sensor.get("type", ""))
