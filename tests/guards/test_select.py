"""plan/select.py: --target and --exclude are hard fences, on hand-made plans and on the differ's."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from iotplan.errors import PlanError
from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, FieldChange
from iotplan.plan.select import OUTSIDE, select_changes
from tests.guards.fleet import DAM_A, FLEET, live_fleet, manifest, plan_for, writes
from tests.render.plans import change

PARENT_UPDATED = (
    change("dam-a", Action.UPDATE, "differs", live_id="node-a", fields=(FieldChange("name", "A", "B"),)),
    change("dam-a/logger-1", Action.UPDATE, "differs", live_id="dev-1"),
    change("dam-a/logger-1/pz-1", Action.UPDATE, "differs"),
    change("dam-a/logger-1/pz-2", Action.CREATE, "not on the platform"),
    change("dam-a/logger-2", Action.UPDATE, "differs"),
    change("dam-a/logger-2/tilt-1", Action.UPDATE, "differs"),
    change("dam-b", Action.UPDATE, "differs"),
)


def chosen(targets: Sequence[str] = (), excludes: Sequence[str] = (), changes=PARENT_UPDATED) -> list[Change]:
    return select_changes(changes, targets, excludes)


def refusal(targets: Sequence[str] = (), excludes: Sequence[str] = (), changes=PARENT_UPDATED) -> str:
    with pytest.raises(PlanError) as raised:
        select_changes(changes, targets, excludes)
    return str(raised.value)


def pairs(changes: Sequence[Change]) -> list[tuple[str, Action]]:
    return [(c.address, c.action) for c in changes]


# --- --target ----------------------------------------------------------------------------------
def test_targeting_a_parent_by_its_exact_address_keeps_every_update_beneath_it() -> None:
    assert pairs(chosen(["dam-a/logger-1"])) == [
        ("dam-a", Action.NOOP),
        ("dam-a/logger-1", Action.UPDATE),
        ("dam-a/logger-1/pz-1", Action.UPDATE),
        ("dam-a/logger-1/pz-2", Action.CREATE),
    ]


def test_targeting_a_connection_by_its_exact_address_keeps_its_own_update_and_all_beneath() -> None:
    assert pairs(chosen(["dam-a"])) == pairs(PARENT_UPDATED[:6])


def test_an_ancestors_update_is_held_back_as_context_that_writes_nothing() -> None:
    [connection, *_] = chosen(["dam-a/logger-1/pz-1"])
    assert connection.action is Action.NOOP and connection.cause is Cause.IN_SYNC
    assert connection.reason == OUTSIDE == "outside the selection (--target): not changed"
    assert connection.fields == () and connection.live_id == "node-a"


def test_an_ancestor_that_is_created_or_in_sync_comes_as_it_is() -> None:
    changes = (
        change("dam-n", Action.CREATE, "not on the platform"),
        change("dam-n/logger-1", Action.NOOP, "in sync"),
        change("dam-n/logger-1/pz-1", Action.CREATE, "not on the platform"),
    )
    assert chosen(["dam-n/logger-1/pz-1"], changes=changes) == list(changes)


def test_a_target_brings_no_sibling_and_no_other_connection() -> None:
    addresses = [c.address for c in chosen(["dam-a/logger-2/tilt-1"])]
    assert addresses == ["dam-a", "dam-a/logger-2", "dam-a/logger-2/tilt-1"]


def test_a_target_under_a_removed_parent_is_refused_and_says_to_target_the_parent() -> None:
    changes = (
        change("dam-a", Action.NOOP, "in sync"),
        change("dam-a/logger-1", Action.REMOVE, "not in the manifest"),
        change("dam-a/logger-1/pz-1", Action.REMOVE, "not in the manifest"),
        change("dam-a/logger-2", Action.UPDATE, "differs"),
    )
    assert refusal(["dam-a/logger-1/pz-1", "dam-a/logger-2"], changes=changes) == (
        "the selection cannot be applied on its own:\n"
        "  dam-a/logger-1/pz-1: needs its parent dam-a/logger-1 to be removed, which --target leaves out; "
        "target dam-a/logger-1 instead"
    )


def test_targets_under_two_replaced_parents_are_each_named() -> None:
    changes = (
        change("dam-a", Action.REPLACE, "template"),
        change("dam-a/logger-1", Action.REPLACE, "template"),
        change("dam-a/logger-1/pz-1", Action.CREATE, "with parent"),
    )
    assert refusal(["dam-a/logger-1/pz-1"], changes=changes).splitlines()[1:] == [
        "  dam-a/logger-1/pz-1: needs its parent dam-a to be replaced, which --target leaves out; "
        "target dam-a instead",
        "  dam-a/logger-1/pz-1: needs its parent dam-a/logger-1 to be replaced, which --target leaves out; "
        "target dam-a/logger-1 instead",
    ]


def test_a_target_that_names_only_a_path_prefix_selects_what_lies_beneath() -> None:
    changes = (
        change("thread-north", Action.NOOP, "in sync"),
        change("thread-north/edge/port1.baud_rate", Action.UPDATE, "differs"),
    )
    assert chosen(["thread-north/edge"], changes=changes) == list(changes)


# --- --exclude ---------------------------------------------------------------------------------
def test_excluding_a_connection_by_its_exact_address_keeps_its_removal_out_of_the_plan() -> None:
    plan = plan_for(manifest(DAM_A), live_fleet(observations=5), excludes=("dam-b",))
    assert writes(plan) == [] and plan.partial
    assert "dam-b" not in [change.address for change in plan.changes]


def test_without_the_exclusion_the_same_removal_is_planned() -> None:
    plan = plan_for(manifest(DAM_A), live_fleet(observations=5))
    assert writes(plan) == [("dam-b", Action.REMOVE)]


def test_excluding_a_connection_keeps_the_other_connections_changes() -> None:
    text = FLEET.replace("name: Dam A", "name: Dam A2").replace("name: Dam B", "name: Dam B2")
    plan = plan_for(text, live_fleet(), excludes=("dam-b",))
    assert writes(plan) == [("dam-a", Action.UPDATE)]


def test_an_exclusion_fences_off_everything_beneath_it() -> None:
    assert [c.address for c in chosen(excludes=["dam-a/logger-1"])] == [
        "dam-a",
        "dam-a/logger-2",
        "dam-a/logger-2/tilt-1",
        "dam-b",
    ]


def test_an_exclusion_is_a_glob_over_whole_addresses() -> None:
    assert [c.address for c in chosen(excludes=["dam-?"])] == []
    assert [c.address for c in chosen(excludes=["*/pz-*"])] == [
        "dam-a",
        "dam-a/logger-1",
        "dam-a/logger-2",
        "dam-a/logger-2/tilt-1",
        "dam-b",
    ]


def test_a_removal_that_would_take_an_excluded_entity_is_refused_naming_five_and_counting_the_rest() -> None:
    collateral = tuple(Address(f"dam-c/logger-1/s{n}") for n in range(7))
    removal = change("dam-c", Action.REMOVE, "not in the manifest", collateral=collateral)
    message = refusal(excludes=["dam-c/logger-1/*"], changes=(*PARENT_UPDATED, removal))
    assert message == (
        "the selection cannot be applied on its own:\n"
        "  dam-c: its remove would destroy dam-c/logger-1/s0, dam-c/logger-1/s1, dam-c/logger-1/s2, "
        "dam-c/logger-1/s3, dam-c/logger-1/s4 and 2 more, which --exclude leaves alone; exclude it too, "
        "or narrow the exclusion"
    )


def test_two_removals_that_would_take_excluded_entities_are_both_named() -> None:
    removals = [
        change(f"dam-{n}", Action.REMOVE, "gone", collateral=(Address(f"dam-{n}/logger-1"),)) for n in "cd"
    ]
    assert refusal(excludes=["*/logger-1"], changes=(*PARENT_UPDATED[6:], *removals)).splitlines()[1:] == [
        f"  dam-{n}: its remove would destroy dam-{n}/logger-1, which --exclude leaves alone; exclude it "
        "too, or narrow the exclusion"
        for n in "cd"
    ]


def test_a_replacement_is_refused_when_a_sensor_it_recreates_is_excluded() -> None:
    changes = (
        change("dam-a", Action.NOOP, "in sync"),
        change("dam-a/logger-1", Action.REPLACE, "template"),
        change("dam-a/logger-1/pz-1", Action.CREATE, "with parent"),
        change("dam-a/logger-10", Action.CREATE, "new"),
        change("dam-b/logger-2/pz-1", Action.UPDATE, "differs"),
    )
    assert "dam-a/logger-1: its replace would destroy dam-a/logger-1/pz-1," in refusal(
        excludes=["dam-a/logger-1/pz-1"], changes=changes
    )
    # A sibling whose address only starts the same is not beneath it, nor is what lies deeper elsewhere.
    assert [c.address for c in chosen(excludes=["dam-a/logger-10", "dam-b"], changes=changes)] == [
        "dam-a",
        "dam-a/logger-1",
        "dam-a/logger-1/pz-1",
    ]


def test_updates_and_creations_destroy_nothing_an_exclusion_fences_off() -> None:
    changes = (
        change("dam-a", Action.UPDATE, "differs", collateral=(Address("dam-a/logger-1"),)),
        change("dam-a/logger-1", Action.UPDATE, "differs"),
    )
    assert pairs(chosen(excludes=["dam-a/logger-1"], changes=changes)) == [("dam-a", Action.UPDATE)]


def test_a_removal_whose_entities_the_exclusion_leaves_alone_stays() -> None:
    removal = change("dam-c", Action.REMOVE, "gone", collateral=(Address("dam-c/logger-1"),))
    assert pairs(chosen(excludes=["dam-b"], changes=(*PARENT_UPDATED, removal)))[-1] == (
        "dam-c",
        Action.REMOVE,
    )


# --- patterns that match nothing --------------------------------------------------------------
def test_a_target_that_matches_nothing_is_an_error_naming_it_and_an_example() -> None:
    assert (
        refusal(["weir-9"])
        == "--target 'weir-9' matches no address in this plan (addresses read like 'dam-a')"
    )


def test_an_exclusion_may_name_what_only_a_removal_takes_with_it() -> None:
    removal = change("dam-c", Action.REMOVE, "gone", collateral=(Address("dam-c/logger-9/pz-9"),))
    message = refusal(excludes=["dam-c/logger-9"], changes=(removal,))
    assert message.startswith("the selection cannot be applied on its own:\n  dam-c: its remove")


def test_a_pattern_against_an_empty_plan_shows_what_addresses_look_like() -> None:
    assert refusal(excludes=["dam-a"], changes=()) == (
        "--exclude 'dam-a' matches no address in this plan (addresses read like 'dam-a/logger-1/pz-1')"
    )


def test_every_pattern_that_matches_nothing_is_named_at_once() -> None:
    assert refusal(["dam-a", "nope"], ["dam-b", "dam-y"]).startswith(
        "--target 'nope', --exclude 'dam-y' matches"
    )


def test_without_target_or_exclude_nothing_is_fenced() -> None:
    changes = (change("dam-a", Action.REMOVE, "gone", collateral=(Address("dam-a/x"),)),)
    assert chosen(changes=changes) == list(changes)
