"""A connection's devices and sensors are made in one loop of siblings (`_Identity._siblings`),
not one `_Identity.entity` call each: the loop must make what `entity` makes, field by field,
address and connection included (which equality leaves out), for every way a manifest names them."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from iotplan.manifest import parse_manifest
from iotplan.plan.desired import DesiredEntity, _Identity, desired_nodes
from iotplan.plan.model import Kind

HEADER = """
apiVersion: iotplan/v1
stack: site
defaults:
  sensor:
    metrics: [{metric: PRESSURE, unit: kPa}]
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: dam-a
        name: Dam A
        devices:
          - key: logger-1
            name: Logger
            template: GENERIC_DEVICE
            location: {lat: 46.2, lon: 6.1}
            sensors:
              - {key: pz-1, name: PZ 1}
              - {key: pz-2, protect: true, notes: kept}
              - {key: pz-3, ref_id: hand-made}
              - {key: pz-4, ref_id: "site:dam-a/logger-1/pz-4"}
          - key: logger-2
            protect: true
            ref_id: legacy-logger
            sensors: [{key: t-1, template: TEMPERATURE_SDE}]
          - key: empty
      - key: dam-b
        id: /api/A00001/node
"""

MOVED = {
    "none": "",
    "connection": "moved: [{from: old-dam, to: dam-a}]",
    "device": "moved: [{from: dam-a/old-logger, to: dam-a/logger-1}]",
    "sensor": "moved: [{from: dam-a/logger-1/old-pz, to: dam-a/logger-1/pz-1}]",
    "adopted sensor": "moved: [{from: dam-a/logger-1/old-pz, to: dam-a/logger-1/pz-3}]",
    "a rename and one beneath it": (
        "moved: [{from: old-dam, to: dam-a}, {from: dam-a/logger-1/old-pz, to: dam-a/logger-1/pz-2}]"
    ),
}


def every_field(entity: DesiredEntity) -> dict[str, Any]:
    fields = {each.name: getattr(entity, each.name) for each in dataclasses.fields(entity)}
    fields["children"] = [every_field(child) for child in entity.children]
    return fields


def as_entity_makes_them(identity: _Identity, node: Any, project_id: str) -> list[dict[str, Any]]:
    """The devices and sensors, each made by `_Identity.entity` from its keys."""
    made = []
    for device in node.devices:
        keys = (node.key, device.key)
        sensors = tuple(
            identity.entity(Kind.SENSOR, (*keys, sensor.key), sensor, project_id) for sensor in device.sensors
        )
        made.append(identity.entity(Kind.DEVICE, keys, device, project_id, children=sensors))
    return [every_field(device) for device in made]


@pytest.mark.parametrize("moved", MOVED.values(), ids=MOVED.keys())
def test_each_device_and_sensor_is_what_entity_makes_of_it(moved: str) -> None:
    loaded = parse_manifest(HEADER + moved, "site.yaml")
    identity = _Identity.of(loaded)
    declared = [node for _, node in loaded.declared_nodes()]
    for node, made in zip(declared, desired_nodes(loaded), strict=True):
        expected = as_entity_makes_them(identity, node, made.project_id)
        assert [every_field(device) for device in made.children] == expected
