"""A Change keeps the fields few changes set apart (`Seldom`, one slot, None where none is set): each is
given, replaced, compared and shown by its name as if it were Change's own, and a change with none of
them set holds no `Seldom`, however it was made."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import pytest

from iotplan.live.model import Uncounted
from iotplan.plan.address import Address
from iotplan.plan.model import CHANGE_FIELDS, NONE_SET, Action, Cause, Change, Kind, Seldom

PLAIN = Change(
    Address("dam-a/logger-1/pz-1"), Kind.SENSOR, Action.NOOP, "p", "dam-a", "in sync", Cause.IN_SYNC
)
# One value, not the default, for each seldom field.
SET: dict[str, Any] = {
    "holding_shown": ((Address("dam-b/logger-2/#80112B"), Address("dam-b/logger-2/pz-2")),),
    "copies_taken": ((Address("dam-b/logger-2/pz-9"), Address("dam-b/logger-2/pz-1")),),
    "looks_renamed_to": Address("dam-b/logger-3"),
    "named_alike_elsewhere": (Address("dam-c"),),
    "recreated": (Address("dam-b/logger-2/pz-2"),),
    "recreated_shown": ((Address("dam-b/logger-2/#80112B"), Address("dam-b/logger-2/pz-2")),),
    "live_created": "2026-01-01T00:00:00Z",
    "secret_digest": "sha256:salt:digest",
    "uncounted": (Address("dam-b/logger-2/pz-1"),),
    "uncounted_why": (Uncounted.NO_ANSWER, None),
}
SELDOM = [field.name for field in dataclasses.fields(Seldom)]


def test_the_values_cover_every_seldom_field_and_none_is_its_default() -> None:
    assert sorted(SET) == sorted(SELDOM)
    assert [name for name in SELDOM if SET[name] == getattr(NONE_SET, name)] == []


# Change's fields as a dataclass listed them before ten were kept apart.
BEFORE = (
    "address", "kind", "action", "project_id", "connection", "reason", "cause", "ref_id", "live_id",
    "live_ref_id", "template", "before", "after", "fields", "observations", "observations_unknown",
    "counted", "fingerprint", "touches_data_model", "cuts_off", "collateral", "holding", "holding_shown",
    "copies_taken", "looks_renamed_to", "named_alike_elsewhere", "recreated", "recreated_shown",
    "live_created", "secret_digest", "uncounted", "uncounted_why",
)  # fmt: skip


def test_a_change_names_every_field_in_the_order_it_listed_them_before_they_were_kept_apart() -> None:
    own = [field.name for field in dataclasses.fields(Change) if field.name != "seldom"]
    assert BEFORE == CHANGE_FIELDS
    assert (*own, *SELDOM) == BEFORE


def test_a_change_made_without_any_holds_none() -> None:
    assert PLAIN.seldom is None
    assert [getattr(PLAIN, name) for name in SELDOM] == [getattr(NONE_SET, name) for name in SELDOM]


@pytest.mark.parametrize("name", SELDOM)
def test_each_given_by_its_name_is_read_by_it_the_others_left_unset(name: str) -> None:
    made = dataclasses.replace(PLAIN, **{name: SET[name]})
    given = Change(**_own_fields(PLAIN), **{name: SET[name]})
    for change in (made, given):
        assert change == made
        assert [each for each in SELDOM if getattr(change, each) != getattr(PLAIN, each)] == [name]
        assert getattr(change, name) == SET[name]
        assert change != PLAIN


@pytest.mark.parametrize("name", SELDOM)
def test_each_replaced_keeps_the_others_and_set_back_to_its_default_is_the_change_without_it(
    name: str,
) -> None:
    full = dataclasses.replace(PLAIN, **SET)
    others = {each: value for each, value in SET.items() if each != name}
    unset = dataclasses.replace(full, **{name: getattr(NONE_SET, name)})
    assert unset == dataclasses.replace(PLAIN, **others)
    assert [each for each in SELDOM if getattr(unset, each) != SET[each]] == [name]
    back = dataclasses.replace(
        dataclasses.replace(PLAIN, **{name: SET[name]}), **{name: getattr(NONE_SET, name)}
    )
    assert back == PLAIN
    assert back.seldom is None


def test_replacing_an_own_field_keeps_the_seldom_ones() -> None:
    full = dataclasses.replace(PLAIN, **SET)
    moved = dataclasses.replace(full, reason="moved")
    assert moved.reason == "moved"
    assert [getattr(moved, name) for name in SELDOM] == [SET[name] for name in SELDOM]


def test_one_given_its_default_by_name_equals_one_made_without_it() -> None:
    defaults = {name: getattr(NONE_SET, name) for name in SELDOM}
    assert Change(**_own_fields(PLAIN), **defaults) == PLAIN
    assert Change(**_own_fields(PLAIN), **defaults).seldom is None


def test_its_repr_names_every_field_as_a_dataclass_would() -> None:
    full = dataclasses.replace(PLAIN, **SET)
    shown = ", ".join(f"{name}={getattr(full, name)!r}" for name in CHANGE_FIELDS)
    assert repr(full) == f"Change({shown})"
    assert "seldom" not in repr(full)
    assert f"secret_digest={SET['secret_digest']!r}" in repr(full)


def test_it_survives_a_pickle_and_a_copy() -> None:
    full = dataclasses.replace(PLAIN, **SET)
    for change in (PLAIN, full):
        assert pickle.loads(pickle.dumps(change)) == change
        assert dataclasses.replace(change) == change


def _own_fields(change: Change) -> dict[str, Any]:
    return {field.name: getattr(change, field.name) for field in dataclasses.fields(change)}
