"""`shares_keys_with:` names the other stacks whose networks use this manifest's keys: a stack named
twice (in any case: the plan compares them folded) says nothing a reviewer can trust, and one no
stack may be called is refused as `stack:` would be. Each is told at its line; the other stacks named
are the plan's to let be. This manifest's own stack, in any case, is ignored, not refused: a template
renders one list of regions into each region's manifest."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest
from iotplan.plan.desired import desired_state

TEXT = """apiVersion: iotplan/v1
stack: south
shares_keys_with: {others}
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes: []
"""


@pytest.mark.parametrize(
    ("others", "said"),
    [
        ("[north, west, north]", "shares_keys_with[2]: 'north' is named twice: delete one"),
        ("[north, west, North]", "shares_keys_with[2]: 'North' is named twice (as 'north'): delete one"),
        ("[north, 'a:b']", "shares_keys_with[1]: 'a:b' is not a valid stack"),
        ("[north, west]", None),
    ],
)
def test_shares_keys_with_names_other_stacks_once_each(others: str, said: str | None) -> None:
    text = TEXT.format(others=others)
    if said is None:
        assert desired_state(parse_manifest(text, "south.yaml")).shares_keys_with == {"north", "west"}
        return
    with pytest.raises(ManifestError) as caught:
        parse_manifest(text, "south.yaml")
    [problem] = caught.value.problems
    assert problem.line == 3
    assert said in str(problem)
