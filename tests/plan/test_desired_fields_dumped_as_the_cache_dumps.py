"""A sensor's metrics and an entity's location are dumped once per distinct value, and the next entity
holding the same ones (for metrics, starting with the same model) is given the last dump at once
(props.py `_metrics_dumped`, `_location_dumped`): that dump must be the very one the caches give
(`_dumped_list`, `_dumped_location`), in any order of entities, a location written -0.0 after one
written 0.0 (equal, and written otherwise) included."""

from __future__ import annotations

import itertools

import pytest

from iotplan.manifest import Location, parse_manifest
from iotplan.manifest.models import Metric
from iotplan.plan.desired import desired_nodes, walk
from iotplan.plan.model import Kind
from iotplan.plan.props import (
    _dumped_list,
    _dumped_location,
    _location_dumped,
    _metrics_dumped,
    desired_fields,
    desired_fields_reader,
)

PRESSURE = Metric(metric="PRESSURE", unit="kPa")
DEFAULT = [PRESSURE, Metric(custom_metric="depth", unit="m")]
METRIC_LISTS = {
    "the default": DEFAULT,
    "the default's models in another list": list(DEFAULT),
    "equal models of its own": [
        Metric(metric="PRESSURE", unit="kPa"),
        Metric(custom_metric="depth", unit="m"),
    ],
    "another": [PRESSURE],
    "the default's first model, then another": [PRESSURE, Metric(custom_metric="level", unit="m")],
    "none": [],
}
ZERO = Location(lat=0.0, lon=6.1)
LOCATIONS = {
    "zero": ZERO,
    "minus zero, equal to zero": Location(lat=-0.0, lon=6.1),
    "zero again, another model": Location(lat=0.0, lon=6.1),
    "another": Location(lat=46.2, lon=6.1, elevation=372.0),
}


@pytest.mark.parametrize("order", list(itertools.permutations(METRIC_LISTS, 3)), ids=" then ".join)
def test_metrics_are_the_dump_the_cache_gives(order: tuple[str, ...]) -> None:
    for name in (*order, *order):
        metrics = METRIC_LISTS[name]
        assert _metrics_dumped(metrics) is _dumped_list(tuple(metrics))


@pytest.mark.parametrize("order", list(itertools.permutations(LOCATIONS, 3)), ids=" then ".join)
def test_a_location_is_the_dump_the_cache_gives(order: tuple[str, ...]) -> None:
    for name in (*order, *order):
        location = LOCATIONS[name]
        dumped = _location_dumped(location)
        assert dumped is _dumped_location(location, repr((location.lat, location.lon, location.elevation)))
        assert repr(dumped) == repr(location.model_dump())  # -0.0 as written


MANIFEST = """
apiVersion: iotplan/v1
stack: site
defaults:
  device: {location: {lat: 0.0, lon: 6.1}}
  sensor:
    location: {lat: 0.0, lon: 6.1}
    metrics: [{metric: PRESSURE, unit: kPa}]
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: dam-a
        location: {lat: -0.0, lon: 6.1}
        devices:
          - key: logger-1
            sensors:
              - {key: pz-1, name: PZ 1}
              - {key: pz-2, location: {lat: -0.0, lon: 6.1}}
              - {key: pz-3, metrics: [{metric: PRESSURE, unit: kPa}]}
              - {key: pz-4}
              - {key: pz-5, metrics: [{custom_metric: depth, unit: m}], location: {lat: 0.0, lon: 6.1}}
              - {key: pz-6}
          - key: logger-2
            location: {lat: -0.0, lon: 6.1}
            sensors: [{key: t-1, template: TEMPERATURE_SDE}, {key: t-2}]
"""


def dumped_alone(entity: object, name: str) -> object:
    """A field as the model dumps it, with no cache."""
    value = getattr(entity, name)
    if name == "metrics":
        return [metric.model_dump(exclude_none=True) for metric in value]
    return value.model_dump() if name == "location" else value


def test_each_entity_holds_its_own_fields_as_written() -> None:
    loaded = parse_manifest(MANIFEST, "site.yaml")
    (node,) = (model for _, model in loaded.declared_nodes())
    models = {"dam-a": node}
    for device in node.devices:
        models[f"dam-a/{device.key}"] = device
        models.update({f"dam-a/{device.key}/{sensor.key}": sensor for sensor in device.sensors})
    for entity in walk(desired_nodes(loaded)):
        model = models[str(entity.address)]
        expected = {name: dumped_alone(model, name) for name in entity.fields}
        assert repr(entity.fields) == repr(expected), entity.address  # repr: -0.0 is not 0.0
        assert entity.fields == desired_fields(entity.kind, model)
        assert entity.fields == desired_fields_reader(entity.kind)(model)


def test_the_default_metrics_are_one_list_for_every_sensor_given_them() -> None:
    loaded = parse_manifest(MANIFEST, "site.yaml")
    sensors = [entity for entity in walk(desired_nodes(loaded)) if entity.kind == Kind.SENSOR]
    given = [sensor.fields["metrics"] for sensor in sensors if sensor.address.name in ("pz-1", "pz-3", "t-2")]
    assert all(metrics is given[0] for metrics in given)
