"""Build a LiveState as if a manifest had been applied, for differ tests that do no I/O."""

from __future__ import annotations

import itertools
from typing import Any

from iotplan.live import LiveConnection, LiveEntity, LiveProject, LiveState
from iotplan.manifest import LoadedManifest
from iotplan.plan.desired import DesiredEntity, desired_nodes
from iotplan.plan.props import platform_props

_counter = itertools.count(0xA00000)


def _hex() -> str:
    return f"{next(_counter):06X}"


def applied(loaded: LoadedManifest, observations: int = 0) -> LiveState:
    projects: dict[str, LiveProject] = {}
    for node in desired_nodes(loaded):
        project = projects.setdefault(node.project_id, LiveProject(node.project_id, exists=True))
        connection = _connection(node, observations)
        project.connections[connection.node.id] = connection
    return LiveState(target="test", projects=projects)


def _props(entity: DesiredEntity, observations: int) -> dict[str, Any]:
    props = platform_props(entity.fields, lambda ref: "token-value", clear_metrics=False)
    props.update(SERIAL_NO=entity.ref_id, OBSERVATION_COUNT=observations)
    if entity.template:
        props["INTEGRATION_ID"] = entity.template
    return props


def _connection(node: DesiredEntity, observations: int) -> LiveConnection:
    node_id = node.pinned_id or f"/api/{_hex()}/node"
    live = LiveConnection(LiveEntity(node_id, _props(node, 0)), project_id=node.project_id)
    for device in node.children:
        device_entity = LiveEntity(f"{node_id}/dynamic/{_hex()}/device", _props(device, 0), node_id)
        live.devices.append(device_entity)
        live.sensors[device_entity.id] = [
            LiveEntity(f"{device_entity.id}/{_hex()}/sensor", _props(sensor, observations), device_entity.id)
            for sensor in device.children
        ]
    return live


def empty(loaded: LoadedManifest) -> LiveState:
    ids = {project.id for project in loaded.manifest.projects}
    return LiveState(target="test", projects={pid: LiveProject(pid, exists=True) for pid in ids})


def find(live: LiveState, ref_id: str) -> LiveEntity:
    for project in live.projects.values():
        for connection in project.connections.values():
            everything = [
                connection.node,
                *connection.devices,
                *itertools.chain(*connection.sensors.values()),
            ]
            for entity in everything:
                if entity.ref_id == ref_id:
                    return entity
    raise KeyError(ref_id)


def first_connection(live: LiveState) -> LiveConnection:
    """The connection of a one-connection manifest's `applied` state (its first, where it holds more)."""
    return next(iter(next(iter(live.projects.values())).connections.values()))


def read_beside(live: LiveState, other: LiveState) -> LiveState:
    """`live` with `other`'s connections (another stack's, at keys `live`'s manifest declares) as its
    read finds them: unclaimed, and read with what they hold (`other_stacks_at_keys`)."""
    for project_id, project in other.projects.items():
        into = live.projects[project_id]
        for connection in project.connections.values():
            into.unclaimed.append(connection.node)
            into.other_stacks_at_keys[connection.node.id] = connection
    return live


def owning_another_connection(live: LiveState) -> LiveState:
    """`live` as read where the stack owns a connection besides (listed in each project): no first
    apply, so other stacks' keys are told apart by what stands there (plan/renamed_stack.py)."""
    for project in live.projects.values():
        project.lists_the_stacks = True
    return live
