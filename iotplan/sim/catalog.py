"""The emulator's catalog, loaded once from catalog.yaml, in the documented answer shapes."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

GENERIC_SENSOR = "GENERIC_SENSOR_SDE"
EDITABLE = ["NAME", "NOTES", "LOCATION", "SERIAL_NO"]
GENERIC_EDITABLE = [*EDITABLE, "UNKNOWN_METRICS", "UNKNOWN_UNITS", "KNOWN_METRICS", "KNOWN_UNITS"]


@cache
def _raw() -> dict[str, Any]:
    return yaml.safe_load(resources.files("iotplan.sim").joinpath("catalog.yaml").read_text(encoding="utf-8"))


# The sets below are asked for once per new device or sensor: built once (an integrate call of
# 100,000 sensors spent 0.6 s building the set of every unit again and again).
@cache
def device_templates() -> frozenset[str]:
    return frozenset(item["id"] for item in _raw()["deviceTypes"])


@cache
def sensor_templates() -> frozenset[str]:
    return frozenset(item["id"] for item in _raw()["sensorTypes"])


def metric_units(metric: str) -> frozenset[str] | None:
    """The units of a catalog metric, or None when the catalog does not know it."""
    return _units_by_metric().get(metric)


@cache
def _units_by_metric() -> dict[str, frozenset[str]]:
    return {metric: frozenset(raw["units"]) for metric, raw in _raw()["metrics"].items()}


@cache
def all_units() -> frozenset[str]:
    return frozenset(unit for metric in _raw()["metrics"].values() for unit in metric["units"])


def _metric(metric_id: str, *, full_units: bool) -> dict[str, Any]:
    raw = _raw()["metrics"][metric_id]
    units = [
        {"unit": unit, "id": unit, **({"displayName": name, "notation": notation} if full_units else {})}
        for unit, (name, notation) in raw["units"].items()
    ]
    return {
        "metric": metric_id,
        "id": metric_id,
        "displayName": raw["displayName"],
        "defaultUnit": raw["defaultUnit"],
        "units": units,
    }


def device_types() -> dict[str, Any]:
    items = [
        {
            "id": d["id"],
            "name": d["name"],
            "icon": d["icon"],
            "iconUnicode": "",
            "manufacturer": d["manufacturer"],
            "minThreadVersion": "1.0",
            "editOnly": False,
            "isDynamic": True,
            "editableProps": EDITABLE,
        }
        for d in _raw()["deviceTypes"]
    ]
    return {"deviceTypes": items}


def sensor_types() -> dict[str, Any]:
    items = []
    for sensor in _raw()["sensorTypes"]:
        generic = sensor["id"] == GENERIC_SENSOR
        metrics = (
            [_generic_metric()] if generic else [_metric(m, full_units=False) for m in sensor["metrics"]]
        )
        items.append(
            {
                "id": sensor["id"],
                "name": sensor["name"],
                "icon": "smicon-circle",
                "iconUnicode": "",
                "metricsAndUnits": metrics,
                "isDynamic": True,
                "editableProps": GENERIC_EDITABLE if generic else EDITABLE,
                "defaultMetrics": [] if generic else list(sensor["metrics"]),
            }
        )
    return {"sensorTypes": items}


def _generic_metric() -> dict[str, Any]:
    return {
        "metric": "GENERIC",
        "id": "GENERIC",
        "displayName": "generic",
        "defaultUnit": "GENERIC",
        "units": [{"unit": "GENERIC", "id": "GENERIC"}],
    }


def node_types() -> dict[str, Any]:
    items = [
        {
            "id": n["id"],
            "name": n["name"],
            "icon": n["icon"],
            "iconUnicode": "",
            "minThreadVersion": n.get("minThreadVersion", "1.0"),
            "editableProps": EDITABLE,
        }
        for n in _raw()["nodeTypes"]
    ]
    return {"nodeTypes": items}


def metric_types() -> dict[str, Any]:
    return {"standard": True, "metrics": [_metric(m, full_units=True) for m in _raw()["metrics"]]}


# What the `catalog-legacy-hidden` variant marks legacy, by the answer's list: names the demo
# seed's sensors hold, so that a live sensor carries a name the catalog no longer lists.
LEGACY = {"sensorTypes": {"TEMPERATURE_SDE"}, "metrics": {"cum_distance"}}


def without_legacy(answer: dict[str, Any]) -> dict[str, Any]:
    """A types answer as asked with excludeLegacy=true, where some of its items are legacy."""
    return {
        key: [item for item in items if item.get("id") not in LEGACY[key]] if key in LEGACY else items
        for key, items in answer.items()
    }


def template_metrics(template: str) -> list[str]:
    for sensor in _raw()["sensorTypes"]:
        if sensor["id"] == template:
            return list(sensor["metrics"])
    return []


# --- JSON-RPC types and metric objects ---------------------------------------------------------
RPC_TYPE_LISTS = {"node": "rpcNodeTypes", "device": "rpcDeviceTypes", "sensor": "rpcSensorTypes"}


def rpc_types(kind: str) -> set[str]:
    return {item["id"] for item in _raw()[RPC_TYPE_LISTS[kind]]}


def rpc_type_metrics(sensor_type: str) -> list[str]:
    """A JSON-RPC sensor type's metrics, or a REST template's (a REST sensor read over JSON-RPC)."""
    for sensor in _raw()["rpcSensorTypes"]:
        if sensor["id"] == sensor_type:
            return list(sensor["metrics"])
    return template_metrics(sensor_type)


def rpc_metric(metric_id: str) -> dict[str, Any]:
    """The reference's metric object (`getMetrics`); a metric the catalog lacks gets its id as names."""
    raw = _raw()["metrics"].get(metric_id) or {}
    return {
        "id": metric_id,
        "name": raw.get("name", str(raw.get("displayName", metric_id)).lower()),
        "displayName": raw.get("displayName", metric_id),
        "defaultUnit": raw.get("defaultUnit", ""),
        "notation": raw.get("notation", metric_id),
        "hidden": False,
        "params": [{"id": param, "mandatory": False} for param in raw.get("params", [])],
    }


def rpc_units(metric_id: str) -> list[dict[str, Any]] | None:
    """The reference's unit objects (`getUnits`), or None for a metric the catalog lacks."""
    raw = _raw()["metrics"].get(metric_id)
    if raw is None:
        return None
    return [
        {"id": unit, "name": name, "notation": notation} for unit, (name, notation) in raw["units"].items()
    ]
