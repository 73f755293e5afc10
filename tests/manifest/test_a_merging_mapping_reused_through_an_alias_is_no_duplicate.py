"""A mapping that merges another (`<<: *base`) and sets one of its keys itself (`elevation: 30`),
reused through an alias (`location: *l`), was refused as `duplicate key 'elevation' (first written at
line 9) (via the alias at line 19)`: PyYAML flattens the anchored mapping in place, the merged key
beside its own, and walking it again through the alias found the key twice. PyYAML loads it, its own
value winning. A key written twice in such a mapping, or a second merge key, is still refused, once
through each use as before."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import parse_manifest

MANIFEST = """apiVersion: iotplan/v1
stack: quickstart
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - {key: dam-a, kind: api, name: feed, location: &base {lat: -41.27, lon: 174.78, elevation: 20}}
      - key: dam-b
        kind: api
        name: feedb
        location: &l
          <<: *base
          elevation: 30%s
      - {key: dam-c, kind: api, name: feedc, location: *l}
"""


def test_a_merging_mapping_reused_through_an_alias_is_no_duplicate() -> None:
    manifest = parse_manifest(MANIFEST % "", "a3.yaml")
    locations = [node.location for node in manifest.manifest.projects[0].nodes]
    assert [location.elevation if location else None for location in locations] == [20, 30, 30]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("\n          elevation: 40", "duplicate key 'elevation' (first written at line 12)"),
        ("\n          <<: *base", "duplicate key '<<' (first written at line 11)"),
    ],
)
def test_a_key_written_twice_in_it_is_still_refused(written: str, message: str) -> None:
    with pytest.raises(ManifestError) as refused:
        parse_manifest(MANIFEST % written, "a3.yaml")
    said = [(problem.line, problem.message) for problem in refused.value.problems]
    assert said and all(line == 13 and text.startswith(message) for line, text in said), said
