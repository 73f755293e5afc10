"""A key written three times under one parent names the first of those three for each later one,
even where an earlier parent at the same address wrote it too: the third `s` under a second node
`n`'s device `d` said `(first written at line 16)`, the second `s`, where the first was line 15."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import parse_manifest

MANIFEST = """apiVersion: iotplan/v1
stack: keys
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: n
        devices:
          - key: d
            sensors:
              - {key: s, metrics: [{custom_metric: p, custom_unit: kPa}]}
      - key: m
        devices:
          - key: d
            sensors:
              - {key: s, metrics: [{custom_metric: p, custom_unit: kPa}]}
      - key: n
        devices:
          - key: d
            sensors:
              - {key: s, metrics: [{custom_metric: p, custom_unit: kPa}]}
              - {key: s, metrics: [{custom_metric: p, custom_unit: kPa}]}
              - {key: s, metrics: [{custom_metric: p, custom_unit: kPa}]}
"""


def test_each_later_sensor_names_the_first_under_its_own_device() -> None:
    with pytest.raises(ManifestError) as refused:
        parse_manifest(MANIFEST, "d.yaml")
    sensors = [problem for problem in refused.value.problems if "sensor key" in problem.message]
    assert [(problem.line, problem.message.rsplit(" (", 1)[1]) for problem in sensors] == [
        (21, "first written at line 20)"),
        (22, "first written at line 20)"),
    ]
