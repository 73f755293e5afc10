"""A --target or --exclude naming the address a `moved` entry renames from matches no address of
the plan: the entity goes by its new one. The refusal offers that one, saying it moved, not the
address nearest in spelling (after `moved: {from: dam-a/logger-1, to: dam-a/crest}`, excluding
dam-a/logger-1 was offered 'dam-a/crest/pz-1', a sensor of the crest)."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.plan.model import Action, Cause
from iotplan.plan.select import select_changes
from tests.render.plans import change


def moved(address: str, old: str) -> object:
    return change(address, Action.UPDATE, f"moved from {old}", cause=Cause.MOVED, live_ref_id=f"dams:{old}")


CHANGES = (
    change("dam-a", Action.NOOP, "in sync"),
    moved("dam-a/crest", "dam-a/logger-1"),
    moved("dam-a/crest/pz-1", "dam-a/logger-1/pz-1"),
    change("dam-a/crest/new-1", Action.CREATE, "not on the platform"),
)


def refusal(targets: list[str], excludes: list[str]) -> str:
    with pytest.raises(PlanError) as raised:
        select_changes(CHANGES, targets, excludes)  # type: ignore[arg-type]
    return str(raised.value)


@pytest.mark.parametrize(
    ("targets", "excludes", "named"),
    [(["dam-a/logger-1"], [], "--target"), ([], ["dam-a/logger-1"], "--exclude")],
)
def test_the_old_address_of_a_moved_entity_is_offered_its_new_one(
    targets: list[str], excludes: list[str], named: str
) -> None:
    assert refusal(targets, excludes) == (
        f"{named} 'dam-a/logger-1' matches no address in this plan "
        "(did you mean 'dam-a/crest' (moved from dam-a/logger-1)?)"
    )


def test_each_old_address_among_several_unmatched_is_offered_its_new_one() -> None:
    assert refusal(["dam-a/logger-1/pz-1"], ["dam-a/cres"]) == (
        "--target 'dam-a/logger-1/pz-1', --exclude 'dam-a/cres' matches no address in this plan (did you "
        "mean 'dam-a/crest/pz-1' (moved from dam-a/logger-1/pz-1) for --target 'dam-a/logger-1/pz-1', "
        "'dam-a/crest' for --exclude 'dam-a/cres'?)"
    )
