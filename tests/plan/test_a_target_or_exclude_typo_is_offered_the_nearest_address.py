"""A --target or --exclude one typo off an address is offered that address, as a manifest key's typo
is (`did you mean`), each typo its own. A pattern near none still gets the example."""

from __future__ import annotations

import pytest

from iotplan.errors import PlanError
from iotplan.plan.model import Action
from iotplan.plan.select import select_changes
from tests.render.plans import change

CHANGES = (
    change("dam-a", Action.NOOP, "in sync"),
    change("dam-a/logger-1", Action.UPDATE, "differs"),
    change("dam-a/logger-1/pz-1", Action.UPDATE, "differs"),
    change("dam-b", Action.CREATE, "not on the platform"),
)


def refusal(targets: list[str], excludes: list[str]) -> str:
    with pytest.raises(PlanError) as raised:
        select_changes(CHANGES, targets, excludes)
    return str(raised.value)


@pytest.mark.parametrize(
    ("targets", "excludes", "named"),
    [(["dam-a/loger-1"], [], "--target"), ([], ["dam-a/loger-1"], "--exclude")],
)
def test_a_target_or_exclude_typo_is_offered_the_nearest_address(
    targets: list[str], excludes: list[str], named: str
) -> None:
    assert refusal(targets, excludes) == (
        f"{named} 'dam-a/loger-1' matches no address in this plan (did you mean 'dam-a/logger-1'?)"
    )


def test_several_typos_are_each_offered_their_nearest_address() -> None:
    assert refusal(["dam-a/loger-1", "zzzzzzzzzzzz"], ["dam-a/logger-1/pz-"]) == (
        "--target 'dam-a/loger-1', --target 'zzzzzzzzzzzz', --exclude 'dam-a/logger-1/pz-' matches no "
        "address in this plan (did you mean 'dam-a/logger-1' for --target 'dam-a/loger-1', "
        "'dam-a/logger-1/pz-1' for --exclude 'dam-a/logger-1/pz-'?)"
    )
