"""Rules about an entity's props, written once: which are writable, how an update merges them,
and which metric and unit maps a generic sensor may carry (the platform REST API; A2, A8).
"""

from __future__ import annotations

import time
from collections.abc import Set
from datetime import UTC, datetime
from typing import Any

from iotplan.sim import catalog
from iotplan.sim.errors import unprocessable

METRIC_MAPS = ("UNKNOWN_METRICS", "UNKNOWN_UNITS", "KNOWN_METRICS", "KNOWN_UNITS")
COMBINATIONS = (  # the three the reference documents for generic sensors
    ("UNKNOWN_METRICS", "UNKNOWN_UNITS"),
    ("KNOWN_METRICS", "KNOWN_UNITS"),
    ("UNKNOWN_METRICS", "KNOWN_UNITS"),
)
# Each combination by the maps it holds, whatever their order: one lookup for each new generic
# sensor, where comparing sets against each combination in turn made six.
_COMBINATION_OF = {frozenset(pair): pair for pair in COMBINATIONS}
PLATFORM_OWNED = {
    "CREATION_DATE",
    "LAST_MODIFIED_DATE",
    "LAST_MODIFIED_BY",
    "NODE_ID",
    "PROJECT_ID",
    "SIZE",
    "OBSERVATION_COUNT",
}
MODIFIED_BY = "integration@iotplan.sim"  # the platform names the user; the emulator has one


def now() -> str:
    """This millisecond, as the platform's dates are written; a cold apply asks 222,000 times,
    mostly within the same millisecond as the last time, so the text is made once per millisecond."""
    global _last_now
    millisecond = time.time_ns() // 1_000_000
    if _last_now[0] != millisecond:
        seconds, part = divmod(millisecond, 1000)
        stamp = datetime.fromtimestamp(seconds, UTC).replace(microsecond=part * 1000)
        _last_now = (millisecond, stamp.isoformat(timespec="milliseconds"))
    return _last_now[1]


_last_now = (-1, "")


def writable(props: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in props.items() if key not in PLATFORM_OWNED}


def merged(
    current: dict[str, Any],
    changes: dict[str, Any],
    kind: str,
    *,
    replace: bool = False,
    keep_nulls: bool = False,
    also_kept: Set[str] = frozenset(),
) -> dict[str, Any]:
    """Assumption A2: an update merges; null clears; INTEGRATION_ID cannot change.

    The variants: `replace` keeps only the platform's own props, the template and `also_kept` of
    what was there (`update-replaces`); `keep_nulls` ignores a null instead of clearing
    (`update-null-ignored`).
    """
    template = changes.get("INTEGRATION_ID")
    if template is not None and template != current.get("INTEGRATION_ID"):
        raise unprocessable(
            f"The {kind}'s INTEGRATION_ID cannot change: remove it and create a new one.",
            "props.INTEGRATION_ID",
        )
    # LAST_OBSERVATION is the platform's record of an upload, not a prop integrate sends: it stays
    kept = PLATFORM_OWNED | {"INTEGRATION_ID", "LAST_OBSERVATION"} | also_kept
    result = {key: value for key, value in current.items() if key in kept} if replace else dict(current)
    for key, value in writable(changes).items():
        if value is not None:
            result[key] = value
        elif not keep_nulls:
            result.pop(key, None)
    result["LAST_MODIFIED_DATE"] = now()
    result["LAST_MODIFIED_BY"] = MODIFIED_BY
    return result


def touches_metrics(props: dict[str, Any]) -> bool:
    return any(key in props for key in METRIC_MAPS)


def check_metrics(props: dict[str, Any]) -> None:
    pair = _COMBINATION_OF.get(frozenset(name for name in METRIC_MAPS if props.get(name)))
    if pair is None:
        raise unprocessable(
            "Generic sensors must define metrics and units as UNKNOWN_METRICS + UNKNOWN_UNITS, "
            "KNOWN_METRICS + KNOWN_UNITS, or UNKNOWN_METRICS + KNOWN_UNITS.",
            "props",
        )
    metrics, units = props[pair[0]], props[pair[1]]
    if not isinstance(metrics, dict) or not isinstance(units, dict) or set(metrics) != set(units):
        raise unprocessable(f"{pair[0]} and {pair[1]} must be objects with the same index keys.", "props")
    for index, unit in units.items():
        _check_known(pair, metrics[index], unit)


def _check_known(pair: tuple[str, str], metric: str, unit: str) -> None:
    if pair[0] == "KNOWN_METRICS":
        allowed = catalog.metric_units(metric)
        if allowed is None:
            raise unprocessable(f"Unknown metric `{metric}`.", "props.KNOWN_METRICS")
        if unit not in allowed:
            raise unprocessable(f"Unit `{unit}` is not a unit of metric `{metric}`.", "props.KNOWN_UNITS")
    elif pair[1] == "KNOWN_UNITS" and unit not in catalog.all_units():
        raise unprocessable(f"Unknown unit `{unit}`.", "props.KNOWN_UNITS")


def sensor_metrics(props: dict[str, Any]) -> list[dict[str, Any]]:
    """A sensor's metrics in the shape of `POST /api/sensors/metrics`: its own maps, or its template's."""
    names = props.get("KNOWN_METRICS") or props.get("UNKNOWN_METRICS") or {}
    units = props.get("KNOWN_UNITS") or props.get("UNKNOWN_UNITS") or {}
    if not names:
        names = dict(enumerate(catalog.template_metrics(props.get("INTEGRATION_ID", ""))))
    return [_metric(name, units.get(index, "")) for index, name in names.items()]


def _metric(name: str, unit: str) -> dict[str, Any]:
    return {
        "id": name,
        "name": name,
        "displayName": name,
        "notation": unit,
        "defaultUnit": unit,
        "hidden": False,
        "units": [{"notation": unit, "name": unit, "id": unit}],
    }
