"""`Action.destroys` and render/lines.py `is_shown` ask a set of members, read once, where they read
the members through their classes each time: the same answer for every action and cause."""

from __future__ import annotations

import itertools

import pytest

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, Kind
from iotplan.render.lines import is_shown


@pytest.mark.parametrize("action", list(Action))
def test_destroys_exactly_removals_and_replacements(action: Action) -> None:
    assert action.destroys is (action in (Action.REMOVE, Action.REPLACE))


@pytest.mark.parametrize(("action", "cause"), list(itertools.product(Action, Cause)))
def test_shown_unless_a_no_op_with_nothing_to_say(action: Action, cause: Cause) -> None:
    change = Change(Address("c/d"), Kind.DEVICE, action, "p", "c", "why", cause)
    said = action is not Action.NOOP or cause in (Cause.UNVERIFIABLE, Cause.DIFFERS)
    assert is_shown(change) is said
