"""The catalog answers → Catalog. Tolerant: the reference prints `" sensorTypes"` once."""

from __future__ import annotations

from typing import Any

from iotplan.live.model import Catalog, MetricInfo


def parse_catalog(devices: dict[str, Any], sensors: dict[str, Any], metrics: dict[str, Any]) -> Catalog:
    sensor_types = sensors.get("sensorTypes", sensors.get(" sensorTypes", []))
    return Catalog(
        device_templates=frozenset(item["id"] for item in devices.get("deviceTypes", [])),
        sensor_templates=frozenset(item["id"] for item in sensor_types),
        metrics={metric.id: metric for metric in map(_metric, metrics.get("metrics", []))},
    )


def _metric(raw: dict[str, Any]) -> MetricInfo:
    metric_id = raw.get("id") or raw["metric"]
    units = frozenset(unit.get("id") or unit["unit"] for unit in raw.get("units", []))
    return MetricInfo(metric_id, units)
