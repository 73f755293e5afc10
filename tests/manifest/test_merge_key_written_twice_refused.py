"""A second merge key (`<<`) in one mapping was taken silently, the later one's values winning
(a node planned as renamed to B); ruamel refuses it, and YAML tools disagree on which wins. It is
refused as any duplicate key is, at the second one, whether the two merged mappings agree or not."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import parse_manifest

MANIFEST = """apiVersion: iotplan/v1
stack: quickstart
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - <<: {name: A}
        <<: {name: %s}
        key: dam-a
"""


@pytest.mark.parametrize("second", ["B", "A"])
def test_a_second_merge_key_is_refused_at_its_line(second: str) -> None:
    with pytest.raises(ManifestError) as refused:
        parse_manifest(MANIFEST % second, "dm.yaml")
    assert [(p.line, p.column, p.message) for p in refused.value.problems] == [
        (7, 9, "duplicate key '<<' (first written at line 6)")
    ]
