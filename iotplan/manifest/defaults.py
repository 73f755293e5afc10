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
# The fields a device's or sensor's merge reads or fills: an entity writing none of them (a fleet's
# every sensor, `{key: s0, name: ...}`) is filled as one writing nothing is, its own fields amid.
MERGED_FIELDS = frozenset((*ENTITY_DEFAULTS, "ref_id", "metrics"))

Merge = Callable[[dict[str, Any]], dict[str, Any]]


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
    device = _entity_filling(lambda entity: _merge_device(entity, defaults["device"]), defaults["device"])
    sensor = _entity_filling(lambda entity: _merge_sensor(entity, defaults["sensor"]), defaults["sensor"])
    return lambda node: (
        _merge_node(node, defaults["node"], device, sensor) if isinstance(node, dict) else node
    )


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


def _entity_filling(merge: Merge, defaults: dict[str, Any]) -> Merge:
    """`merge`, done once for an entity that writes none of MERGED_FIELDS: what it fills in an empty
    one, set around the entity's own fields where `merge` sets it (the defaults first, then the
    template, protect and metrics). One dict built for each of a fleet's sensors, not three."""
    before = {name: defaults[name] for name in ENTITY_DEFAULTS if name in defaults}
    after = {name: value for name, value in merge({}).items() if name not in before}

    def filled(entity: dict[str, Any]) -> dict[str, Any]:
        if entity.keys().isdisjoint(MERGED_FIELDS):
            return {**before, **entity, **after}
        return merge(entity)

    return filled


def _merge_node(
    node: dict[str, Any], defaults: dict[str, Any], device: Merge, sensor: Merge
) -> dict[str, Any]:
    if node.get("kind") == "thread":
        return _filled(node, defaults, THREAD_NODE_DEFAULTS)
    node = _filled(node, defaults, NODE_DEFAULTS)
    if "devices" in node:
        node["devices"] = _each(node["devices"], lambda written: _merge_sensors(device(written), sensor))
    return node


def _merge_sensors(device: dict[str, Any], sensor: Merge) -> dict[str, Any]:
    if "sensors" in device:
        device["sensors"] = _each(device["sensors"], sensor)
    return device


def _merge_device(device: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    return _merge_entity(device, defaults, DEFAULT_DEVICE_TEMPLATE)


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


def _each(items: Any, merge: Merge) -> Any:
    """Each mapping of a list merged; anything else as it was, for validation to report."""
    if not isinstance(items, list):
        return items
    return [merge(item) if isinstance(item, dict) else item for item in items]
