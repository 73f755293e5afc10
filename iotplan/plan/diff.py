"""desired × live → Plan. Pure: no I/O, no printing; every no-op says why."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from iotplan.errors import PlanError
from iotplan.live import LiveConnection, LiveEntity, LiveGateway, LiveProject, LiveState
from iotplan.manifest import LoadedManifest
from iotplan.manifest.models import DEFAULT_DEVICE_TEMPLATE, GENERIC_SENSOR
from iotplan.plan.desired import DesiredEntity, desired_nodes, walk
from iotplan.plan.edge import EdgeContext, desired_edge_settings, edge_changes
from iotplan.plan.fields import field_changes
from iotplan.plan.model import Action, Change, FieldChange, ManifestSource, Plan
from iotplan.plan.props import SENSITIVE, live_fields
from iotplan.plan.select import select_changes

# What a created entity is when an adopted one (`ref_id`) left its template unsaid.
DEFAULT_TEMPLATES = {"node": None, "device": DEFAULT_DEVICE_TEMPLATE, "sensor": GENERIC_SENSOR}
# Resolves a secret reference to its value, or None when it cannot be resolved at plan time.
SecretResolver = Callable[[str], str | None]


@dataclass(frozen=True)
class PlanOptions:
    prune_unmanaged: bool = False
    targets: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    force_write_only: bool = False


def make_plan(
    loaded: LoadedManifest,
    live: LiveState,
    options: PlanOptions = PlanOptions(),
    *,
    source: ManifestSource | None = None,
    resolve_secret: SecretResolver = lambda _: None,
    nodes: list[DesiredEntity] | None = None,
) -> Plan:
    """`nodes`, when the caller has them already, saves deriving them from the manifest again."""
    differ = _Differ(loaded.stack, options, resolve_secret)
    nodes = desired_nodes(loaded) if nodes is None else nodes
    for node in nodes:
        differ.connection(node, live.projects[node.project_id])
        differ.gateway(node, live.gateways.get(node.address))
    for project in live.projects.values():
        differ.orphan_connections(project)
    if differ.problems:
        raise PlanError("no safe plan exists:\n" + "\n".join(f"  {p}" for p in differ.problems))
    changes = select_changes(differ.changes, options.targets, options.excludes)
    source = source or ManifestSource(loaded.file, loaded.digest)
    return Plan(target=live.target, stack=loaded.stack, manifest=source, changes=tuple(changes))


def fingerprint(entity: LiveEntity) -> str:
    """Identifies what an entity looked like, ignoring what data arriving changes."""
    volatile = {"OBSERVATION_COUNT", "LAST_COMM", "LAST_OBSERVATION", "ACCESSIBLE"}
    stable = {key: value for key, value in entity.props.items() if key not in volatile}
    text = json.dumps([entity.id, stable], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass
class _Differ:
    stack: str
    options: PlanOptions
    resolve_secret: SecretResolver
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    matched: dict[str, str] = field(default_factory=dict)  # live connection id → the node claiming it

    # --- connections ---------------------------------------------------------------------
    def connection(self, node: DesiredEntity, project: LiveProject) -> None:
        live = self._find_connection(node, project)
        if live is None:
            if node.pinned_id:
                self.problems.append(
                    f"{node.address}: connection {node.pinned_id} is not in project {node.project_id}"
                )
                return
            self._create_tree(node, reason="not on the platform")
            return
        claimed_by = self.matched.setdefault(live.node.id, node.address)
        if claimed_by != node.address:
            self.problems.append(
                f"{node.address}: connection {live.node.id} is already claimed by {claimed_by}"
            )
            return
        self.changes.append(self._compare(node, live.node, live.observations))
        self._children(node.children, live.devices, live, parent_address=node.address)

    def gateway(self, node: DesiredEntity, gateway: LiveGateway | None) -> None:
        if node.edge is None or gateway is None:
            return
        context = EdgeContext(
            node.address, node.project_id, node.pinned_id or "", self.options.force_write_only
        )
        changes, problems = edge_changes(context, desired_edge_settings(node.edge), gateway)
        self.changes += changes
        self.problems += problems

    def _find_connection(self, node: DesiredEntity, project: LiveProject) -> LiveConnection | None:
        if node.pinned_id:
            return project.connections.get(node.pinned_id)
        found = project.by_ref_id(node.ref_id)
        if found is None and node.old_ref_id:
            found = project.by_ref_id(node.old_ref_id)
        return found

    def orphan_connections(self, project: LiveProject) -> None:
        """Connections this stack created that the manifest no longer declares."""
        for live in project.connections.values():
            if live.node.id in self.matched or not self._owns(live.node):
                continue
            address = self._address_from_ref(live.node)
            reason = f"not in the manifest; owned by stack {self.stack!r}{_contents(live)}"
            self.changes.append(
                self._removal("node", address, address, project.id, live.node, live.observations, reason)
            )

    # --- devices and sensors -------------------------------------------------------------
    def _children(
        self,
        desired: list[DesiredEntity],
        live: list[LiveEntity],
        connection: LiveConnection,
        parent_address: str,
    ) -> None:
        by_ref = {entity.ref_id: entity for entity in live if entity.ref_id}
        claimed: set[str] = set()
        for entity in desired:
            found = by_ref.get(entity.ref_id) or (
                by_ref.get(entity.old_ref_id) if entity.old_ref_id else None
            )
            if found is None:
                self._create_tree(entity, reason="not on the platform")
                continue
            claimed.add(found.id)
            self._matched_child(entity, found, connection)
        for undeclared in live:
            if undeclared.id not in claimed:
                self._undeclared(undeclared, connection, parent_address)

    def _matched_child(self, entity: DesiredEntity, found: LiveEntity, connection: LiveConnection) -> None:
        sensors = connection.sensors_of(found) if entity.kind == "device" else []
        observations = found.observations + sum(sensor.observations for sensor in sensors)
        change = self._compare(entity, found, observations)
        if change.action is Action.REPLACE:
            change = _naming_what_goes_with_it(change, entity, sensors)
        self.changes.append(change)
        if entity.kind != "device":
            return
        if change.action is Action.REPLACE:
            for sensor in entity.children:
                self._create_tree(sensor, reason="created with its replaced device")
        else:
            self._children(entity.children, sensors, connection, parent_address=entity.address)

    def _undeclared(self, entity: LiveEntity, connection: LiveConnection, parent: str) -> None:
        kind = "sensor" if entity.parent_id and entity.parent_id != connection.node.id else "device"
        sensors = connection.sensors_of(entity) if kind == "device" else []
        observations = entity.observations + sum(sensor.observations for sensor in sensors)
        project_id = connection.project_id
        if self._owns(entity):
            # Under its live parent's address: the refId may still name a parent that `moved` renamed.
            address = f"{parent}/{self._address_from_ref(entity).rsplit('/', 1)[-1]}"
            reason = f"not in the manifest; owned by stack {self.stack!r}{_sensor_count(sensors)}"
            self.changes.append(
                self._removal(kind, address, parent.split("/")[0], project_id, entity, observations, reason)
            )
            return
        address = f"{parent}/#{entity.short_id}"
        if self.options.prune_unmanaged:
            reason = f"unmanaged (SERIAL_NO {entity.ref_id!r}); removed by --prune-unmanaged"
            self.changes.append(
                self._removal(kind, address, parent.split("/")[0], project_id, entity, observations, reason)
            )
            return
        self.changes.append(
            Change(
                address=address,
                kind=kind,
                action=Action.UNMANAGED,
                project_id=project_id,
                connection=parent.split("/")[0],
                reason=f"not declared, not owned by stack {self.stack!r} (SERIAL_NO {entity.ref_id!r})",
                live_id=entity.id,
                live_ref_id=entity.ref_id,
                template=entity.template,
                before=live_fields(kind, entity.props),
                observations=observations,
                fingerprint=fingerprint(entity),
            )
        )

    # --- one entity ----------------------------------------------------------------------
    def _compare(self, entity: DesiredEntity, live: LiveEntity, observations: int) -> Change:
        before = live_fields(entity.kind, live.props)
        common: dict[str, Any] = {
            "address": entity.address,
            "kind": entity.kind,
            "project_id": entity.project_id,
            "connection": entity.connection,
            "ref_id": entity.ref_id,
            "live_id": live.id,
            "live_ref_id": live.ref_id,
            "template": entity.template or live.template,
            "before": before,
            "after": entity.fields,
        }
        if entity.template and live.template and entity.template != live.template:
            if entity.protect or any(child.protect for child in walk(entity.children)):
                self.problems.append(f"{entity.address}: protected, but its template change would replace it")
            replaced = (FieldChange("template", live.template, entity.template),)
            reason = f"template {live.template} → {entity.template} cannot be updated in place"
            return Change(
                **common,
                action=Action.REPLACE,
                fields=replaced,
                reason=reason,
                observations=observations,
                fingerprint=fingerprint(live),
            )
        fields = tuple(self._field_changes(entity, live, before))
        if not fields:
            return Change(**common, action=Action.NOOP, reason="in sync")
        touches = any(change.path.startswith("metrics") for change in fields)
        reason = _update_reason(entity, live)
        # Only what a change writes is fingerprinted: a saved plan is checked against those alone,
        # and hashing every in-sync entity of a large fleet costs a second.
        return Change(
            **common,
            action=Action.UPDATE,
            fields=fields,
            reason=reason,
            touches_data_model=touches,
            fingerprint=fingerprint(live),
        )

    def _field_changes(
        self, entity: DesiredEntity, live: LiveEntity, before: dict[str, Any]
    ) -> list[FieldChange]:
        public = {name: value for name, value in entity.fields.items() if name != "auth_token"}
        changes = field_changes(before, public)
        if live.ref_id != entity.ref_id and not entity.pinned_id:
            changes.insert(0, FieldChange("ref_id", live.ref_id, entity.ref_id))
        return changes + self._secret_changes(entity, live)

    def _secret_changes(self, entity: DesiredEntity, live: LiveEntity) -> list[FieldChange]:
        """A token is compared when its reference resolves now; one the platform lacks is added."""
        reference = entity.fields.get("auth_token")
        if reference is None:
            return []
        wanted = self.resolve_secret(reference)
        current = live.props.get("AUTH_TOKEN")
        if wanted is None or wanted == current:
            return []
        before = None if current is None else SENSITIVE
        return [FieldChange("auth_token", before, reference, sensitive=True)]

    def _create_tree(self, entity: DesiredEntity, reason: str) -> None:
        for each in walk([entity]):
            self.changes.append(
                Change(
                    address=each.address,
                    kind=each.kind,
                    action=Action.CREATE,
                    project_id=each.project_id,
                    connection=each.connection,
                    reason=reason if each is entity else f"created with {entity.address}",
                    ref_id=each.ref_id,
                    template=each.template or DEFAULT_TEMPLATES[each.kind],
                    after=each.fields,
                )
            )

    def _removal(
        self,
        kind: str,
        address: str,
        connection: str,
        project_id: str,
        live: LiveEntity,
        observations: int,
        reason: str,
    ) -> Change:
        return Change(
            address=address,
            kind=kind,
            action=Action.REMOVE,
            project_id=project_id,
            connection=connection,
            reason=reason,
            ref_id=live.ref_id,
            live_id=live.id,
            live_ref_id=live.ref_id,
            template=live.template,
            before=live_fields(kind, live.props),
            observations=observations,
            fingerprint=fingerprint(live),
        )

    def _owns(self, entity: LiveEntity) -> bool:
        return bool(entity.ref_id and entity.ref_id.startswith(f"{self.stack}:"))

    def _address_from_ref(self, entity: LiveEntity) -> str:
        assert entity.ref_id is not None
        return entity.ref_id.removeprefix(f"{self.stack}:")


def _naming_what_goes_with_it(change: Change, entity: DesiredEntity, sensors: list[LiveEntity]) -> Change:
    """A replaced device takes every live sensor with it, the ones the manifest does not declare too."""
    declared = {child.ref_id for child in entity.children} | {c.old_ref_id for c in entity.children}
    lost = [sensor for sensor in sensors if sensor.ref_id not in declared]
    if not lost:
        return change
    names = ", ".join(sensor.ref_id or sensor.id for sensor in lost[:5]) + (" ..." if len(lost) > 5 else "")
    reason = f"{change.reason}; {len(lost)} undeclared sensor(s) go with it: {names}"
    return dataclasses.replace(change, reason=reason)


def _update_reason(entity: DesiredEntity, live: LiveEntity) -> str:
    if live.ref_id != entity.ref_id:
        old = (live.ref_id or "").split(":", 1)[-1]
        return f"moved from {old}"
    return "differs from the manifest"


def _contents(live: LiveConnection) -> str:
    sensors = sum(len(group) for group in live.sensors.values())
    return f", with its {len(live.devices)} devices and {sensors} sensors" if live.devices else ""


def _sensor_count(sensors: list[LiveEntity]) -> str:
    return f", with its {len(sensors)} sensors" if sensors else ""
