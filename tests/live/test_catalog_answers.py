"""The catalog answers: any other shape than the reference's stops the read, naming the request
(live/catalog.py); the manifest's templates, metrics and units are checked against it."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.errors import PlatformError
from iotplan.live.catalog import parse_catalog

DEVICES = {"deviceTypes": [{"id": "IMPORT_DEVICE_SDE"}]}
SENSORS = {" sensorTypes": [{"id": "GENERIC_SENSOR_SDE"}]}  # as the reference prints it
METRICS = {"metrics": [{"metric": "T", "id": "T", "units": [{"unit": "C", "id": "C"}]}]}


@pytest.mark.parametrize(
    ("devices", "said"),
    [
        ("text", "answered str, not the documented 'deviceTypes' list of objects"),
        ({"deviceTypes": None}, "answered 'deviceTypes' as NoneType, not the documented"),
        ({"types": []}, "answered no 'deviceTypes', not the documented"),
        ({"deviceTypes": [{}, 5]}, "answered 'deviceTypes' holding dict, int, not the documented"),
        ({"deviceTypes": [{}]}, "answered an item without a text id (keys none)"),
        ({"deviceTypes": [{"id": 5, "name": "x"}]}, "answered an item without a text id (keys id, name)"),
    ],
    ids=["text", "null-list", "no-list", "item-not-object", "no-id", "id-a-number"],
)
def test_a_device_types_answer_of_another_shape_stops_naming_the_request(devices: Any, said: str) -> None:
    with pytest.raises(PlatformError) as raised:
        parse_catalog(devices, SENSORS, METRICS)
    assert str(raised.value).startswith(f"GET /api/devices/types {said}")


def test_a_sensor_type_whose_id_is_a_number_stops_naming_the_request() -> None:
    """It crashed the plan later (`len()` of a number)."""
    with pytest.raises(PlatformError, match=r"^GET /api/sensors/types answered an item without a text id"):
        parse_catalog(DEVICES, {"sensorTypes": [{"id": 5}]}, METRICS)


@pytest.mark.parametrize(
    ("metric", "said"),
    [
        ({"metric": "T", "units": [{}]}, "answered an item without a text id or unit (keys none)"),
        ({"metric": "T", "units": [{"unit": None}]}, "answered an item without a text id or unit"),
        ({"metric": "T", "units": None}, "answered metric 'T' with 'units' as NoneType, not the documented"),
        ({"metric": "T"}, "answered metric 'T' with no 'units', not the documented"),
        ({"units": []}, "answered an item without a text id or metric (keys units)"),
    ],
    ids=["unit-empty", "unit-null", "units-null", "no-units", "no-metric-id"],
)
def test_a_metric_types_answer_of_another_shape_stops_naming_the_request(metric: Any, said: str) -> None:
    with pytest.raises(PlatformError) as raised:
        parse_catalog(DEVICES, SENSORS, {"metrics": [metric]})
    assert str(raised.value).startswith(f"GET /api/metrics/types {said}")
