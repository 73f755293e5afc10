"""A catalog answer that cannot be the whole catalog: a metric listed twice with other units, or one
page of several, stops the read naming the request; an empty list is the platform's answer to name
when the manifest's names are looked up in it (plan/catalog.py)."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.errors import PlatformError
from iotplan.live.catalog import parse_catalog
from iotplan.plan.catalog import check_catalog
from tests.live.test_catalog_answers import DEVICES, METRICS, SENSORS
from tests.plan.test_catalog import node, sensor


def metric(units: list[str]) -> dict[str, Any]:
    return {"metric": "cum_distance", "id": "cum_distance", "units": [{"id": unit} for unit in units]}


def test_a_metric_listed_twice_with_other_units_is_refused_naming_both() -> None:
    with pytest.raises(PlatformError) as raised:
        parse_catalog(DEVICES, SENSORS, {"metrics": [metric(["m", "mm"]), metric(["x"])]})
    assert str(raised.value).startswith(
        "GET /api/metrics/types answered the metric 'cum_distance' twice, with other units each time "
        "('m', 'mm'; 'x'): iotplan cannot tell which are its units"
    )


@pytest.mark.parametrize(
    ("beside", "said"),
    [
        ({"next": "/api/sensors/types?page=2"}, "1 of its 'sensorTypes' with 'next' beside them"),
        ({"total": 20}, "1 of its 'sensorTypes' with 'total': 20 beside them"),
    ],
)
def test_one_page_of_several_is_refused_naming_the_request(beside: dict[str, Any], said: str) -> None:
    with pytest.raises(PlatformError) as raised:
        parse_catalog(DEVICES, {"sensorTypes": [{"id": "GENERIC_SENSOR_SDE"}], **beside}, METRICS)
    assert str(raised.value).startswith(f"GET /api/sensors/types answered {said}: one page of several")


def test_an_empty_template_list_is_the_platforms_answer_not_the_manifests_mistake() -> None:
    catalog = parse_catalog(DEVICES, {"sensorTypes": []}, METRICS)
    with pytest.raises(PlatformError) as raised:
        check_catalog([node(sensor("pz-1"), sensor("pz-2"), device_template="IMPORT_DEVICE_SDE")], catalog)
    assert str(raised.value) == (
        "GET /api/sensors/types answered an empty list: iotplan cannot check the manifest's templates, "
        "metrics and units against a catalog that lists nothing (2 names not found in it; may the "
        "credential read the catalog?)"
    )
