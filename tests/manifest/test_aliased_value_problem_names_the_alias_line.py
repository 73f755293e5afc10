"""A problem in a value written once and reused through an alias is told at the anchor, where the
value is written, for every place using it: `dam-b: location.lat: ... at line 8` named only dam-a's line,
and nothing led to dam-b's `*loc` (or `<<: *base`). The alias's line is said too."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import parse_manifest

MANIFEST = """apiVersion: iotplan/v1
stack: quickstart
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: dam-a
        location: &loc {lat: 200, lon: 0}
      - key: dam-b
        location: *loc
      - key: dam-c
        <<: &base {name: dam, location: {lat: 0, lon: 300}}
      - key: dam-d
        <<: *base
"""


def test_each_aliased_use_says_where_its_alias_stands() -> None:
    with pytest.raises(ManifestError) as refused:
        parse_manifest(MANIFEST, "al.yaml")
    assert [(p.address, p.line, p.message) for p in refused.value.problems] == [
        ("dam-a", 7, "location.lat: latitude 200 is outside [-90, 90]"),
        ("dam-b", 7, "location.lat: latitude 200 is outside [-90, 90] (via the alias at line 9)"),
        ("dam-c", 11, "location.lon: longitude 300 is outside [-180, 180]"),
        ("dam-d", 11, "location.lon: longitude 300 is outside [-180, 180] (via the alias at line 13)"),
    ]
