"""`shares_keys_with:` naming this manifest's own stack, in any case, is no error (a template renders
one list of regions into each region's manifest) and waives nothing: the plan leaves it out."""

from __future__ import annotations

from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state
from iotplan.plan.diff import _sharing

TEXT = """apiVersion: iotplan/v1
stack: south
shares_keys_with: [north, SOUTH]
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes: []
"""


def test_shares_keys_with_naming_its_own_stack_is_ignored() -> None:
    desired = desired_state(parse_manifest(TEXT, "south.yaml"))
    assert _sharing(desired) == {"north"}
