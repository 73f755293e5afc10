"""A --target or --exclude naming the address a `moved` entry renames from matches no address of
the plan: the entity goes by its new one. The refusal offers that one, saying it moved, not the
address nearest in spelling (after `moved: {from: dam-a/logger-1, to: dam-a/crest}`, excluding
dam-a/logger-1 was offered 'dam-a/crest/pz-1', a sensor of the crest)."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.commands.plan import PlanRequest, plan_command
from iotplan.errors import PlanError
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Action, Cause, PlanOptions
from iotplan.plan.select import select_changes
from tests.commands.test_paged_lists_read_again import applied, run
from tests.guards.fleet import PROJECT, load
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


APPLIED_MOVE = (
    "apiVersion: iotplan/v1\nstack: st\nprojects:\n  - id: {project}\n    nodes:\n"
    "      - key: dam-a\n        kind: api\n        name: dam\n        devices:\n"
    "          - key: {logger}\n            name: logger\n            sensors:\n"
    "              - {{key: pz-1, template: TEMPERATURE_SDE}}\n"
    "{moved}"
)


def test_the_old_address_is_offered_its_new_one_once_the_move_is_applied(tmp_path: Path) -> None:
    """Applied, the move plans nothing (the changes are in sync, none MOVED): the `moved` entry the
    manifest keeps still says where dam-a/logger-1 went."""
    db = tmp_path / "sim.db"
    before = APPLIED_MOVE.format(project=PROJECT, logger="logger-1", moved="")
    after = APPLIED_MOVE.format(
        project=PROJECT, logger="crest", moved="moved:\n  - {from: dam-a/logger-1, to: dam-a/crest}\n"
    )
    applied(db, before)
    applied(db, after)
    options = PlanOptions(excludes=("dam-a/logger-1",))
    with pytest.raises(PlanError) as raised:
        run(
            db,
            lambda target: plan_command(target, PlanRequest(desired_state(load(after)), options=options), {}),
        )
    assert "did you mean 'dam-a/crest' (moved from dam-a/logger-1)?" in str(
        raised.value
    )  # was: 'dam-a/crest/pz-1'
