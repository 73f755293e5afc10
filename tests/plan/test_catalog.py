"""Templates, metrics and units checked against the platform's catalog before anything is written."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.errors import CatalogError
from iotplan.live.model import Catalog, LiveConnection, LiveEntity, LiveProject, LiveState, MetricInfo
from iotplan.plan.catalog import check_catalog
from iotplan.plan.desired import DesiredEntity
from iotplan.plan.model import Kind

CATALOG = Catalog(
    device_templates=frozenset({"GENERIC_DEVICE", "IMPORT_DEVICE_SDE"}),
    sensor_templates=frozenset({"GENERIC_SENSOR_SDE", "TEMPERATURE_SDE"}),
    metrics={
        "Pore pressure": MetricInfo("Pore pressure", frozenset({"kPa", "MPa"})),
        "Temperature": MetricInfo("Temperature", frozenset({"°C", "°F"})),
        "Status": MetricInfo("Status", frozenset()),
    },
)


def sensor(
    key: str, template: str | None = "GENERIC_SENSOR_SDE", metrics: list[dict[str, str]] | None = None
) -> DesiredEntity:
    fields: dict[str, Any] = {"metrics": metrics} if metrics is not None else {}
    return DesiredEntity.of(
        Kind.SENSOR, ("dam-a", "logger-1", key), f"s:dam-a/logger-1/{key}", "p", fields, template
    )


def node(*sensors: DesiredEntity, device_template: str | None = "GENERIC_DEVICE") -> DesiredEntity:
    device = DesiredEntity.of(
        Kind.DEVICE,
        ("dam-a", "logger-1"),
        "s:dam-a/logger-1",
        "p",
        {},
        device_template,
        children=list(sensors),
    )
    return DesiredEntity.of(Kind.NODE, ("dam-a",), "s:dam-a", "p", {}, children=[device])


def problems(*nodes: DesiredEntity, live: LiveState | None = None) -> list[str]:
    with pytest.raises(CatalogError) as raised:
        check_catalog(list(nodes), CATALOG, live)
    head, *lines = str(raised.value).split("\n")
    assert head == "the manifest names what the platform's catalog does not hold:"
    return lines


def test_a_manifest_the_catalog_holds_passes() -> None:
    metrics = [
        {"metric": "Pore pressure", "unit": "kPa"},
        {"metric": "Status"},
        {"custom_metric": "frequency", "unit": "°C"},
        {"custom_metric": "frequency", "custom_unit": "Hz"},
    ]
    check_catalog([node(sensor("pz-1", metrics=metrics), sensor("t-1", "TEMPERATURE_SDE"))], CATALOG)


def test_entities_without_a_template_are_not_checked_for_one() -> None:
    check_catalog([node(sensor("pz-1", template=None), device_template=None)], CATALOG)


def test_a_misspelt_device_template_fails_with_the_nearest_name() -> None:
    assert problems(node(device_template="IMPORT_DEVICE_SD")) == [
        "  dam-a/logger-1: unknown device template 'IMPORT_DEVICE_SD' (did you mean 'IMPORT_DEVICE_SDE'?)"
    ]


def test_an_unknown_sensor_template_with_nothing_close_names_no_guess() -> None:
    assert problems(node(sensor("pz-1", template="VIBRATING_WIRE"))) == [
        "  dam-a/logger-1/pz-1: unknown sensor template 'VIBRATING_WIRE'"
    ]


def test_an_unknown_metric_is_named_with_its_position_and_its_unit_is_not_judged() -> None:
    [problem] = problems(node(sensor("pz-1", metrics=[{"metric": "Temperatur", "unit": "parsec"}])))
    assert problem.startswith("  dam-a/logger-1/pz-1: ") and "metrics[0]" in problem
    assert problem.endswith("metric 'Temperatur' (did you mean 'Temperature'?)") and "parsec" not in problem


def test_a_unit_that_is_not_its_metrics_is_refused_with_the_metrics_units() -> None:
    metrics = [{"metric": "Pore pressure", "unit": "kPa"}, {"metric": "Temperature", "unit": "kPa"}]
    assert problems(node(sensor("pz-1", metrics=metrics))) == [
        "  dam-a/logger-1/pz-1: metrics[1]: unit 'kPa' is not a unit of 'Temperature' (its units: '°C', '°F')"
    ]


def test_a_unit_on_a_metric_that_has_none_says_none() -> None:
    assert problems(node(sensor("pz-1", metrics=[{"metric": "Status", "unit": "kPa"}]))) == [
        "  dam-a/logger-1/pz-1: metrics[0]: unit 'kPa' is not a unit of 'Status' (its units: none)"
    ]


def test_a_catalog_unit_on_a_custom_metric_must_exist_somewhere_in_the_catalog() -> None:
    [problem] = problems(node(sensor("pz-1", metrics=[{"custom_metric": "f", "unit": "MPA"}])))
    assert problem.startswith("  dam-a/logger-1/pz-1: ") and "metrics[0]" in problem
    assert problem.endswith("unit 'MPA' (did you mean 'MPa'?)")


@pytest.mark.parametrize(
    ("metric", "line"),
    [
        ({"metric": "Depth"}, "  dam-a/logger-1/pz-1: metrics[0]: unknown metric 'Depth'"),
        (
            {"custom_metric": "f", "unit": "furlong"},
            "  dam-a/logger-1/pz-1: metrics[0]: unknown unit 'furlong'",
        ),
    ],
)
def test_a_metric_problem_reads_position_first_like_every_other_metric_problem(
    metric: dict[str, str], line: str
) -> None:
    assert problems(node(sensor("pz-1", metrics=[metric]))) == [line]


def test_every_problem_in_the_manifest_is_listed_at_once() -> None:
    first = node(sensor("pz-1", template="GENERIC_SENSOR"), device_template="NOPE")
    second = node(sensor("pz-2", metrics=[{"metric": "Depth"}]))
    assert [line.split(":")[0].strip() for line in problems(first, second)] == [
        "dam-a/logger-1",
        "dam-a/logger-1/pz-1",
        "dam-a/logger-1/pz-2",
    ]


def test_sensors_sharing_a_misspelt_metric_list_are_each_named() -> None:
    shared = [{"metric": "Depth"}]  # a default's entries are one object in every sensor
    lines = problems(node(sensor("pz-1", metrics=shared), sensor("pz-2", metrics=shared)))
    assert [line.split(":")[0].strip() for line in lines] == ["dam-a/logger-1/pz-1", "dam-a/logger-1/pz-2"]


def test_a_sensor_that_passed_does_not_vouch_for_one_with_equal_but_other_metrics() -> None:
    good, bad = {"metric": "Temperature", "unit": "°C"}, {"metric": "Temperature", "unit": "kPa"}
    lines = problems(node(sensor("t-1", metrics=[good]), sensor("t-2", metrics=[bad])))
    assert [line.split(":")[0].strip() for line in lines] == ["dam-a/logger-1/t-2"]


def test_a_thread_sensors_type_does_not_vouch_for_an_integrate_sensor_with_that_template() -> None:
    on_thread = DesiredEntity.of(
        Kind.SENSOR, ("gw", "vw-1", "ch-1"), "s:gw", "p", {}, "VIBRATING_WIRE", thread_id="/fn/abc/sensor/1"
    )
    gateway = DesiredEntity.of(Kind.NODE, ("gw",), "s:gw", "p", {}, children=[on_thread])
    assert problems(gateway, node(sensor("pz-1", template="VIBRATING_WIRE"))) == [
        "  dam-a/logger-1/pz-1: unknown sensor template 'VIBRATING_WIRE'"
    ]


def live_sensor(ref_id: str, template: str) -> LiveState:
    """A project whose one device holds a sensor with `ref_id` and `template`."""
    node_id, device_id = "/api/A00001/node", "/api/A00001/node/dynamic/A00002/device"
    connection = LiveConnection(LiveEntity(node_id, {"SERIAL_NO": "s:dam-a"}), project_id="p")
    connection.devices.append(LiveEntity(device_id, {"SERIAL_NO": "s:dam-a/logger-1"}, node_id))
    props = {"SERIAL_NO": ref_id, "INTEGRATION_ID": template}
    connection.sensors[device_id] = [LiveEntity(f"{device_id}/A00003/sensor", props, device_id)]
    return LiveState("test", {"p": LiveProject("p", exists=True, connections={node_id: connection})})


def adopted(metrics: list[dict[str, str]] | None) -> DesiredEntity:
    """A sensor adopted by `ref_id: hand-temp` whose template the manifest leaves unsaid."""
    entity = sensor("ht", template=None, metrics=metrics)
    return DesiredEntity.of(Kind.SENSOR, ("dam-a", "logger-1", "ht"), "hand-temp", "p", entity.fields, None)


def test_metrics_on_a_sensor_adopted_without_a_template_are_refused_when_it_has_a_catalog_one() -> None:
    """Validate took it for a generic sensor; its metric maps were written onto a TEMPERATURE_SDE."""
    metrics = [{"metric": "Temperature", "unit": "°F"}]
    assert problems(node(adopted(metrics)), live=live_sensor("hand-temp", "TEMPERATURE_SDE")) == [
        "  dam-a/logger-1/ht: metrics can only be declared on GENERIC_SENSOR_SDE sensors, and the sensor "
        "ref_id 'hand-temp' adopts is TEMPERATURE_SDE, which has its own: remove metrics, and write "
        "template: TEMPERATURE_SDE"
    ]
    check_catalog([node(adopted(metrics))], CATALOG, live_sensor("hand-temp", "GENERIC_SENSOR_SDE"))
    check_catalog([node(adopted(None))], CATALOG, live_sensor("hand-temp", "TEMPERATURE_SDE"))
