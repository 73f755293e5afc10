"""apply/stale.py: a saved plan is applied only while the world it was reviewed against stands."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.apply.stale import check_not_stale
from iotplan.errors import StalePlanError
from iotplan.plan.model import Action, Change, FieldChange, ManifestSource, Plan
from tests.render.plans import change, plan

NAME = (FieldChange("name", "a", "b"),)

# Whose change it was, which a saved plan applied again cannot tell (its own earlier apply's?).
BY_WHOM = (
    "by another writer or by an earlier apply of this plan, which may have been cut short or may have "
    "applied it already (iotplan cannot tell which)"
)


def updates(count: int, fingerprint: str = "fp") -> Plan:
    """`count` updates of entities read with `fingerprint`: one other than "fp" read changed (in the
    web app, since), as its shown values say too."""
    return plan(*(updated(f"dam-{n:02}", fingerprint) for n in range(count)))


def updated(address: str, fingerprint: str) -> Change:
    before = {"name": "a"} if fingerprint == "fp" else {"name": "a", "notes": "set in the web app"}
    return change(address, Action.UPDATE, "differs", fingerprint=fingerprint, before=before, fields=NAME)


def stale(saved: Plan, fresh: Plan) -> str:
    with pytest.raises(StalePlanError) as raised:
        check_not_stale(saved, fresh)
    return str(raised.value)


def test_the_same_world_is_not_stale() -> None:
    check_not_stale(updates(3), updates(3))


def test_ten_changed_entities_are_all_named() -> None:
    message = stale(updates(10), updates(10, "edited"))
    assert message == (
        "the platform changed since the plan was made "
        "(dam-00, dam-01, dam-02, dam-03, dam-04, dam-05, dam-06, "
        f"dam-07, dam-08, dam-09), {BY_WHOM}: run iotplan plan again"
    )


def test_eleven_changed_entities_name_ten_and_one_more() -> None:
    assert stale(updates(11), updates(11, "edited")).endswith(
        f"dam-09 and 1 more), {BY_WHOM}: run iotplan plan again"
    )


def test_a_write_that_became_another_kind_of_write_is_stale() -> None:
    """The live entity reads as when planned: the file, or an iotplan planning otherwise, changed it."""
    saved = plan(change("dam-a/l", Action.UPDATE, "differs", fingerprint="fp", fields=NAME))
    fresh = plan(change("dam-a/l", Action.REPLACE, "template", fingerprint="fp", fields=NAME))
    assert stale(saved, fresh) == (
        "the plan does not hold what the manifest now needs (dam-a/l): was the plan file edited or cut? "
        "Run iotplan plan again"
    )
    moved_since = plan(change("dam-a/l", Action.REPLACE, "template", fingerprint="fp2", fields=NAME))
    assert (
        stale(saved, moved_since)
        == f"the platform changed since the plan was made (dam-a/l), {BY_WHOM}: run iotplan plan again"
    )
    counted = change("dam-a/l", Action.REPLACE, "template", fingerprint="fp", fields=NAME, observations=5)
    assert stale(saved, plan(counted)).startswith("the platform changed since the plan was made (dam-a/l)")


def test_a_write_whose_fields_changed_is_stale_even_with_the_same_fingerprint() -> None:
    saved = plan(change("dam-a/l", Action.UPDATE, "differs", fingerprint="fp", fields=NAME))
    fresh = plan(
        change("dam-a/l", Action.UPDATE, "differs", fingerprint="fp", fields=(FieldChange("name", "a", "c"),))
    )
    assert "(dam-a/l)" in stale(saved, fresh)


def test_a_planned_removal_of_what_is_already_gone_is_stale() -> None:
    saved = plan(
        change("dam-a/l", Action.REMOVE, "gone", fingerprint="fp"), change("dam-b", Action.NOOP, "in sync")
    )
    assert "(dam-a/l)" in stale(saved, plan(change("dam-b", Action.NOOP, "in sync")))


def test_a_new_write_the_review_never_saw_is_stale_and_named_after_the_changed_ones() -> None:
    saved = updates(1)
    fresh = plan(
        updated("dam-00", "edited"),
        change("dam-z", Action.REMOVE, "gone"),
        change("dam-y", Action.NOOP, "in sync"),
    )
    assert stale(saved, fresh).startswith(
        f"the platform changed since the plan was made (dam-00), {BY_WHOM}; "
        "the plan holds no write for dam-z: either"
    )


def test_the_manifest_is_checked_first_and_named_by_the_saved_plans_path() -> None:
    fresh = dataclasses.replace(updates(1, "edited"), manifest=ManifestSource("elsewhere.yaml", "sha256:x"))
    assert stale(updates(1), fresh).startswith(  # then where apply read them (apply/stale.py `_where_read`)
        "the rendered manifest (sites/dams.yaml with sites/prod.yaml) changed since the plan was made: "
        "run iotplan plan again (apply read sites/dams.yaml and sites/prod.yaml in "
    )


def test_changes_the_saved_plan_does_not_write_may_differ() -> None:
    saved = plan(
        change("dam-a", Action.NOOP, "in sync", fingerprint="x"), change("dam-b", Action.UNMANAGED, "u")
    )
    fresh = plan(change("dam-a", Action.NOOP, "in sync", fingerprint="y"))
    check_not_stale(saved, fresh)
