"""A location's 0.0 and -0.0 are equal and hash alike: each entity keeps the one it was written with,
never the one another entity's location was dumped with first (what apply writes is its `after`)."""

from __future__ import annotations

import math

from iotplan.manifest.loader import parse_manifest
from iotplan.plan.desired import desired_nodes

MANIFEST = """\
apiVersion: iotplan/v1
stack: zz
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: z0
        name: Zero node
        location: {lat: 0.0, lon: 1.0}
        devices:
          - key: d0
            name: Zero dev
            location: {lat: -0.0, lon: 1.0, elevation: 0.0}
            sensors:
              - {key: s0, name: S, template: TEMPERATURE_SDE, location: {lat: 0.0, lon: 1.0, elevation: -0.0}}
"""


def _signs(location: dict[str, float | None]) -> list[float]:
    return [math.copysign(1.0, value) for value in location.values() if value is not None]


def test_each_entity_keeps_the_zeros_it_was_written_with() -> None:
    (node,) = desired_nodes(parse_manifest(MANIFEST, "zeros.yaml"))
    (device,) = node.children
    (sensor,) = device.children
    assert _signs(node.fields["location"]) == [1.0, 1.0]
    assert _signs(device.fields["location"]) == [-1.0, 1.0, 1.0]
    assert _signs(sensor.fields["location"]) == [1.0, 1.0, -1.0]
