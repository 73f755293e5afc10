"""A connection's devices and sensors are made in one loop of siblings (`_Identity._siblings`), a
connection without asking its model for the fields it cannot declare: each entity must be what its
keys and its declared fields make one at a time (as `_Identity.entity` did), field by field, address
and connection included (which equality leaves out), for every way a manifest names them."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from iotplan.manifest import parse_manifest
from iotplan.plan.desired import DesiredEntity, _Identity, desired_nodes
from iotplan.plan.model import Kind
from iotplan.plan.props import desired_fields

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


def from_keys(
    identity: _Identity, kind: Kind, keys: tuple[str, ...], declared: Any, project_id: str, **extra: Any
) -> DesiredEntity:
    """An entity made as it was one call at a time: from its keys, asking the model for each field."""
    written = getattr(declared, "ref_id", None)
    ref_id, old_ref_id = identity.ref_ids(keys, written)
    return DesiredEntity.of(
        kind,
        keys,
        ref_id,
        project_id,
        desired_fields(kind, declared),
        getattr(declared, "template", None),
        protect=bool(getattr(declared, "protect", False)),
        old_ref_id=old_ref_id,
        ref_id_written=bool(written),
        **extra,
    )


def node_from_keys(identity: _Identity, node: Any, project_id: str) -> DesiredEntity:
    devices = []
    for device in node.devices:
        keys = (node.key, device.key)
        sensors = tuple(
            from_keys(identity, Kind.SENSOR, (*keys, sensor.key), sensor, project_id)
            for sensor in device.sensors
        )
        devices.append(from_keys(identity, Kind.DEVICE, keys, device, project_id, children=sensors))
    return from_keys(
        identity, Kind.NODE, (node.key,), node, project_id, pinned_id=node.id, children=tuple(devices)
    )


@pytest.mark.parametrize("moved", MOVED.values(), ids=MOVED.keys())
def test_each_entity_is_what_its_keys_and_declared_fields_make(moved: str) -> None:
    loaded = parse_manifest(HEADER + moved, "site.yaml")
    identity = _Identity.of(loaded)
    expected = [node_from_keys(identity, node, project_id) for project_id, node in loaded.declared_nodes()]
    assert [every_field(node) for node in desired_nodes(loaded)] == [every_field(node) for node in expected]


# The fields `_Identity._siblings` and `DesiredEntity.of` give by position, in order: a field added
# before any of them would take another's value silently.
BY_POSITION = (
    "kind",
    "address",
    "connection",
    "ref_id",
    "project_id",
    "fields",
    "template",
    "protect",
    "children",
    "particulars",
)


def test_desired_entity_lists_its_fields_in_the_order_they_are_given_by_position() -> None:
    assert tuple(field.name for field in dataclasses.fields(DesiredEntity))[: len(BY_POSITION)] == BY_POSITION
