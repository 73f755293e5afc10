"""The catalog answers → Catalog. Tolerant: the reference prints `" sensorTypes"` once.

Any other shape than the reference's (an object holding the list, each item an object with a text
id; a metric's units a list of such objects) stops the read, naming the request: iotplan checks the
templates, metrics and units a manifest names against the catalog, and cannot against an answer it
does not understand."""

from __future__ import annotations

from typing import Any

from iotplan.errors import PlatformError
from iotplan.live.model import Catalog, MetricInfo

DEVICE_TYPES = "GET /api/devices/types"
SENSOR_TYPES = "GET /api/sensors/types"
METRIC_TYPES = "GET /api/metrics/types"


def parse_catalog(devices: Any, sensors: Any, metrics: Any) -> Catalog:
    return Catalog(
        device_templates=frozenset(_ids(_items(devices, "deviceTypes", DEVICE_TYPES), DEVICE_TYPES)),
        sensor_templates=frozenset(_ids(_items(sensors, _sensor_key(sensors), SENSOR_TYPES), SENSOR_TYPES)),
        metrics={metric.id: metric for metric in map(_metric, _items(metrics, "metrics", METRIC_TYPES))},
    )


def _sensor_key(sensors: Any) -> str:
    printed = isinstance(sensors, dict) and "sensorTypes" not in sensors and " sensorTypes" in sensors
    return " sensorTypes" if printed else "sensorTypes"


def _items(answer: Any, key: str, request: str, within: str = "") -> list[dict[str, Any]]:
    """The list at `key` of the answer, each item an object."""
    items = answer.get(key) if isinstance(answer, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise PlatformError(
            f"{request} answered {within}{_shape(answer, key)}, not the documented {key!r} list of "
            "objects: iotplan cannot check the manifest's templates, metrics and units against it"
        )
    return items


def _shape(answer: Any, key: str) -> str:
    if not isinstance(answer, dict):
        return type(answer).__name__
    if key not in answer:
        return f"no {key!r}"
    items = answer[key]
    if isinstance(items, list):
        return f"{key!r} holding " + ", ".join(sorted({type(item).__name__ for item in items}))
    return f"{key!r} as {type(items).__name__}"


def _ids(items: list[dict[str, Any]], request: str, other_key: str = "") -> list[str]:
    return [_id_of(item, request, other_key) for item in items]


def _id_of(item: dict[str, Any], request: str, other_key: str = "") -> str:
    """The item's text `id`, or (where the reference prints both, `metric` or `unit`) that."""
    texts = [item[key] for key in ("id", other_key) if key and isinstance(item.get(key), str)]
    if texts:
        return next((text for text in texts if text), texts[0])
    keys = ", ".join(sorted(map(str, item))) or "none"
    named = f"id or {other_key}" if other_key else "id"
    raise PlatformError(
        f"{request} answered an item without a text {named} (keys {keys}): iotplan cannot check the "
        "manifest against it"
    )


def _metric(raw: dict[str, Any]) -> MetricInfo:
    metric_id = _id_of(raw, METRIC_TYPES, "metric")
    units = _items(raw, "units", METRIC_TYPES, within=f"metric {metric_id!r} with ")
    return MetricInfo(metric_id, frozenset(_ids(units, METRIC_TYPES, "unit")))
