"""Each copy of a declared sensor under a device the stack does not own is told with the address of
its original, found in an index of the declared entities made once, not by a walk of all of them per
copy (300 copies under a person's device walked a 111,000-entity manifest 300 times)."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.live import LiveEntity
from iotplan.plan import diff
from iotplan.plan.model import Action, Plan
from tests.plan.livebuilder import applied, first_connection
from tests.plan.test_copies import _device
from tests.plan.test_diff import load, plan_for

ORIGINAL = "dam-a/logger-1/pz-1"
# Stack `site`'s prefix in other cases: copies as refIds are compared, none the refId as declared.
PREFIXES = ["SITE", "Site", "SIte", "SITe"]


def _plan_with_copies(copies: int) -> Plan:
    live = applied(load())
    connection = first_connection(live)
    hand = _device(connection, "0A0A0A", {"SERIAL_NO": "hand-dev", "NAME": "Hand dev"})
    connection.sensors[hand.id] = [
        LiveEntity(f"{hand.id}/0B0B{at:02d}/sensor", {"SERIAL_NO": f"{prefix}:{ORIGINAL}"}, hand.id)
        for at, prefix in enumerate(PREFIXES[:copies])
    ]
    return plan_for(load(), live)


def test_copies_under_a_persons_device_find_their_original_by_one_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    walks = [0]
    walk = diff.walk

    def counting(*args: Any, **kwargs: Any) -> Any:
        walks[0] += 1
        return walk(*args, **kwargs)

    monkeypatch.setattr(diff, "walk", counting)
    _plan_with_copies(1)
    for_one, walks[0] = walks[0], 0

    plan = _plan_with_copies(len(PREFIXES))

    copies = [change for change in plan.changes if change.action is Action.DUPLICATE]
    assert [change.address.depth for change in copies] == [2] * len(PREFIXES)
    assert all(f"a copy of {ORIGINAL} " in change.reason for change in copies), [c.reason for c in copies]
    assert walks[0] == for_one
