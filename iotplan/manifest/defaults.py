"""Fill what an entity leaves unset from `defaults:` and the platform's default templates."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from iotplan.manifest.models import (
    DEFAULT_DEVICE_TEMPLATE,
    DEFAULT_SENSOR_TEMPLATE,
    GENERIC_SENSOR,
    Device,
    Manifest,
    Node,
    Project,
    Sensor,
)


def apply_defaults(manifest: Manifest) -> Manifest:
    projects = [_project(project, manifest) for project in manifest.projects]
    return manifest.model_copy(update={"projects": projects})


def _unset(entity: BaseModel, defaults: BaseModel, fields: tuple[str, ...]) -> dict[str, Any]:
    """Values from `defaults` for the fields the entity did not write."""
    return {
        field: getattr(defaults, field)
        for field in fields
        if field not in entity.model_fields_set and getattr(defaults, field) is not None
    }


def _project(project: Project, manifest: Manifest) -> Project:
    return project.model_copy(update={"nodes": [_node(node, manifest) for node in project.nodes]})


def _node(node: Node, manifest: Manifest) -> Node:
    if node.kind == "thread":  # its entities have types, not templates: no integrate defaults apply
        return node.model_copy(update=_unset(node, manifest.defaults.node, ("location",)))
    update = _unset(node, manifest.defaults.node, ("notes", "location", "url"))
    update["devices"] = [_device(device, manifest) for device in node.devices]
    return node.model_copy(update=update)


def _device(device: Device, manifest: Manifest) -> Device:
    update = _unset(device, manifest.defaults.device, ("template", "notes", "location", "protect"))
    # An adopted device (`ref_id`) keeps whatever template it has unless the manifest names one:
    # filling in the default would plan a replace, which destroys its history.
    update.setdefault("template", device.template or (None if device.ref_id else DEFAULT_DEVICE_TEMPLATE))
    update.setdefault("protect", bool(device.protect))
    update["sensors"] = [_sensor(sensor, manifest) for sensor in device.sensors]
    return device.model_copy(update=update)


def _sensor(sensor: Sensor, manifest: Manifest) -> Sensor:
    defaults = manifest.defaults.sensor
    update = _unset(sensor, defaults, ("template", "notes", "location", "protect"))
    update.setdefault("template", sensor.template or (None if sensor.ref_id else DEFAULT_SENSOR_TEMPLATE))
    update.setdefault("protect", bool(sensor.protect))
    if update["template"] == GENERIC_SENSOR and sensor.metrics is None:
        update["metrics"] = defaults.metrics
    return sensor.model_copy(update=update)
