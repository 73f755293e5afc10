"""Settling what a unit left pending looks each change up once: an apply interrupted half way
through a connection of 100,000 changes spent 54 s checking each against the pending list before
it reported, and a connection failing late after many removal calls paid alike for the removals
its message names. Counted in address comparisons, which a list scanned for each change multiplies."""

from __future__ import annotations

import dataclasses

from iotplan.apply.outcome import Outcome
from iotplan.commands.apply import _cut_short
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Change
from tests.render import plans

CHANGES = 2_000


class Counted(Address):
    """An address that counts the comparisons made with it."""

    __slots__ = ()
    compared = 0

    def __eq__(self, other: object) -> bool:
        Counted.compared += 1
        return str.__eq__(self, other)

    __hash__ = Address.__hash__


def counted_changes() -> list[Change]:
    made = [plans.change(f"c1/d{index // 100}/s{index}", Action.CREATE, "new") for index in range(CHANGES)]
    return [dataclasses.replace(change, address=Counted(change.address)) for change in made]


def half_pending(changes: list[Change]) -> Outcome:
    """A unit whose first half was answered: the second half still pending."""
    return Outcome("c1", calls=1, pending=[change.address for change in changes[CHANGES // 2 :]])


def test_an_interrupted_unit_settles_its_pending_changes_in_comparisons_linear_in_them() -> None:
    changes = counted_changes()
    progress = half_pending(changes)
    progress.in_flight = changes[CHANGES // 2 :]  # the call carrying the second half, not answered
    Counted.compared = 0
    cut = _cut_short(progress)
    assert len(cut.unsure) == CHANGES // 2
    assert Counted.compared <= 4 * CHANGES


def test_removed_not_replaced_names_them_in_comparisons_linear_in_them() -> None:
    changes = counted_changes()
    outcome = half_pending(changes)
    outcome.removed = {change.address: None for change in changes}
    Counted.compared = 0
    said = outcome.said_removed_not_recreated()
    assert said.count("/s") == CHANGES // 2
    assert Counted.compared <= 4 * CHANGES
