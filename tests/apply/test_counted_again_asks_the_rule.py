"""`counted_again` (plan/impact.py) rules out most changes by their action before it asks
`counted_before_written`: it still holds exactly the changes the rule holds but replacements."""

from __future__ import annotations

import itertools

import pytest

from iotplan.plan.address import Address
from iotplan.plan.impact import counted_again, counted_before_written
from iotplan.plan.model import Action, Cause, Change, Kind


@pytest.mark.parametrize(
    ("action", "touches", "observations"), list(itertools.product(Action, (False, True), (0, 3)))
)
def test_counted_again_is_the_rule_but_replacements(action: Action, touches: bool, observations: int) -> None:
    change = Change(
        address=Address("c/d/s"),
        kind=Kind.SENSOR,
        action=action,
        project_id="p",
        connection="c",
        reason="r",
        cause=Cause.UNSPECIFIED,
        touches_data_model=touches,
        observations=observations,
    )
    expected = action is not Action.REPLACE and counted_before_written(change)
    assert counted_again([change]) == ([change] if expected else [])
