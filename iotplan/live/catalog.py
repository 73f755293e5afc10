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
        device_templates=frozenset(_ids(_listed(devices, "deviceTypes", DEVICE_TYPES), DEVICE_TYPES)),
        sensor_templates=frozenset(_ids(_listed(sensors, _sensor_key(sensors), SENSOR_TYPES), SENSOR_TYPES)),
        metrics=_by_id(list(map(_metric, _listed(metrics, "metrics", METRIC_TYPES)))),
    )


def _listed(answer: Any, key: str, request: str) -> list[dict[str, Any]]:
    """The whole catalog list: one page of several would report every name on the others as the
    manifest's mistake. (An empty list is judged where a name is looked up: plan/catalog.py.)"""
    items = _items(answer, key, request)
    total = answer.get("total")
    more = [link for link in ("next", "nextLink") if answer.get(link)]
    if more or (isinstance(total, int) and not isinstance(total, bool) and total > len(items)):
        said = f"{more[0]!r}" if more else f"'total': {total}"
        raise PlatformError(
            f"{request} answered {len(items)} of its {key!r} with {said} beside them: one page of several, "
            "where the reference documents the whole list, and iotplan reads no further page"
        )
    return items


def _by_id(metrics: list[MetricInfo]) -> dict[str, MetricInfo]:
    """The metrics by id. One listed twice with other units is refused: which entry the platform
    holds to is unknown, and taking either could accept a unit it refuses or refuse one it takes."""
    found: dict[str, MetricInfo] = {}
    for metric in metrics:
        earlier = found.setdefault(metric.id, metric)
        if earlier.units != metric.units:
            raise PlatformError(
                f"{METRIC_TYPES} answered the metric {metric.id!r} twice, with other units each time "
                f"({_units(earlier)}; {_units(metric)}): iotplan cannot tell which are its units"
            )
    return found


def _units(metric: MetricInfo) -> str:
    return ", ".join(map(repr, sorted(metric.units))) or "none"


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
