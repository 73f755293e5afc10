"""`Plan.destroying` finds a plan's removals and replacements once for its totals, the counts it
doubts and the lists it reads again (and none at all where its counts of actions show none): the
changes `Action.destroys` picks, in the plan's order, whatever actions the plan holds."""

from __future__ import annotations

from itertools import combinations

import pytest

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, Kind, ManifestSource, Plan


def _change(at: int, action: Action) -> Change:
    address = Address.of("dam-a", f"logger-{at}")
    collateral = tuple(Address.of("dam-a", f"logger-{at}", f"s{i}") for i in range(at % 3))
    return Change(address, Kind.DEVICE, action, "p1", "dam-a", "", Cause.UNSPECIFIED, collateral=collateral)


MIXES = [mix for size in range(3) for mix in combinations(list(Action), size)]


@pytest.mark.parametrize("mix", MIXES, ids=lambda mix: ",".join(mix) or "none")
def test_destroying_is_what_destroys_asks(mix: tuple[Action, ...]) -> None:
    changes = tuple(_change(at, action) for at, action in enumerate(mix * 2))
    plan = Plan(target="t", stack="s", manifest=ManifestSource("m.yaml", "digest"), changes=changes)
    destroying = tuple(change for change in changes if change.action.destroys)
    assert plan.destroying == destroying
    assert all(picked is change for picked, change in zip(plan.destroying, destroying, strict=True))
    assert plan.summary.collateral == sum(len(change.collateral) for change in destroying)
    assert plan.summary.destroy + plan.summary.replace == len(destroying)
