"""Fill what an entity leaves unset from `defaults:` and the platform's default templates.

Merged into (a copy of) each node's parsed YAML before it is validated, not into validated models afterwards:
copying 100,000 frozen models to fill in two fields cost a second. The `defaults:` section is
validated on its own first and its validated values are merged: the same field types passed them,
and a default location or metric list is one object shared by every entity (pydantic keeps a
model instance as it is), not 100,000 copies. A broken section merges nothing and is reported where
it is written.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from iotplan.manifest.models import DEFAULT_DEVICE_TEMPLATE, DEFAULT_SENSOR_TEMPLATE, GENERIC_SENSOR, Defaults

NODE_DEFAULTS = ("notes", "location", "url")
THREAD_NODE_DEFAULTS = ("location",)  # its entities have types, not templates: no integrate defaults apply
ENTITY_DEFAULTS = ("template", "notes", "location", "protect")


def node_defaults(data: dict[str, Any]) -> Callable[[Any], Any]:
    """How one node of `data` (as written) is filled with the defaults: each node is merged as
    validation reaches it, so the manifest's data and a filled copy are never both whole.

    The parsed YAML is never changed (an anchor may share one mapping between places): what is
    filled is a copy. Only mappings inside lists are filled, so a malformed manifest is left for
    validation to report exactly as written.
    """
    defaults = _validated_defaults(data.get("defaults"))
    if defaults is None:
        return lambda node: node
    return lambda node: _merge_node(node, defaults) if isinstance(node, dict) else node


def _validated_defaults(section: Any) -> dict[str, dict[str, Any]] | None:
    """Each kind's defaults that are set, validated; None when the section is invalid."""
    try:
        defaults = Defaults.model_validate(section or {})
    except ValidationError:
        return None
    kinds = {"node": defaults.node, "device": defaults.device, "sensor": defaults.sensor}
    return {
        kind: {
            name: getattr(model, name)
            for name in type(model).model_fields
            if getattr(model, name) is not None
        }
        for kind, model in kinds.items()
    }


def _merge_node(node: dict[str, Any], defaults: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if node.get("kind") == "thread":
        return _filled(node, defaults["node"], THREAD_NODE_DEFAULTS)
    node = _filled(node, defaults["node"], NODE_DEFAULTS)
    if "devices" in node:
        node["devices"] = _each(node["devices"], lambda device: _merge_device(device, defaults))
    return node


def _merge_device(device: dict[str, Any], defaults: dict[str, dict[str, Any]]) -> dict[str, Any]:
    device = _merge_entity(device, defaults["device"], DEFAULT_DEVICE_TEMPLATE)
    if "sensors" in device:
        device["sensors"] = _each(device["sensors"], lambda sensor: _merge_sensor(sensor, defaults["sensor"]))
    return device


def _merge_sensor(sensor: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    sensor = _merge_entity(sensor, defaults, DEFAULT_SENSOR_TEMPLATE)
    if sensor["template"] == GENERIC_SENSOR and sensor.get("metrics") is None and "metrics" in defaults:
        sensor["metrics"] = defaults["metrics"]  # an explicit `metrics: null` takes them too
    return sensor


def _merge_entity(entity: dict[str, Any], defaults: dict[str, Any], platform_template: str) -> dict[str, Any]:
    entity = _filled(entity, defaults, ENTITY_DEFAULTS)
    # An adopted entity (`ref_id`) keeps whatever template it has unless the manifest names one:
    # filling in the default would plan a replace, which destroys its history.
    if entity.get("template") is None:
        entity["template"] = None if entity.get("ref_id") is not None else platform_template
    if entity.get("protect") is None:
        entity["protect"] = False
    return entity


def _filled(entity: dict[str, Any], defaults: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """A copy with the defaults for the fields the entity did not write (an explicit null is written)."""
    return {**{name: defaults[name] for name in names if name in defaults and name not in entity}, **entity}


def _each(items: Any, merge: Callable[[dict[str, Any]], dict[str, Any]]) -> Any:
    """Each mapping of a list merged; anything else as it was, for validation to report."""
    if not isinstance(items, list):
        return items
    return [merge(item) if isinstance(item, dict) else item for item in items]
