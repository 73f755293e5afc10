"""A saved change with just the keys iotplan writes is read by `_change_as_written` (one lookup a
key, one comparison a check), any other by `_change_checked`: both read it alike, and the first
refuses nothing the second reads, nor says its refusals otherwise (render/json_plan.py)."""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from iotplan.plan.address import Address
from iotplan.plan.model import Action, Cause, Change, Kind
from iotplan.render.json_plan import (
    _WRITTEN_KEYS,
    _change_as_written,
    _change_checked,
    _change_to_dict,
    _Repeats,
    plan_to_json,
)
from tests.render import plans
from tests.render.plans import SCENARIOS

SETTINGS = {"name": "Crest logger", "location": {"lat": 46.08, "lon": 7.4}}
# What the scenarios write but for a few: an entity in sync holding settings, its live refId the
# same; a removal whose count was not reported, with what it takes.
FEW = plans.plan(
    dataclasses.replace(
        plans.in_sync("dam-a/logger-1"), before=SETTINGS, after=SETTINGS, live_ref_id="dams:dam-a/logger-1"
    ),
    plans.change(
        "dam-a/logger-2",
        Action.REMOVE,
        "gone",
        observations_unknown=True,
        collateral=(Address("dam-a/logger-2/pz-1"),),
        holding=(Address("dam-a/logger-2/pz-1"),),
    ),
)
# What these plans write of each change: the keys of one, and values to mix.
WRITTEN = [
    item
    for plan in [*(scenario() for scenario in SCENARIOS.values()), FEW]
    for item in json.loads(plan_to_json(plan))["changes"]
]
# Change's fields in its order, as `_change_as_written` gives them by position.
BY_POSITION = (
    "address", "kind", "action", "project_id", "connection", "reason", "cause", "ref_id", "live_id",
    "live_ref_id", "template", "before", "after", "fields", "observations", "observations_unknown",
    "counted", "fingerprint", "touches_data_model", "cuts_off", "collateral", "holding",
)  # fmt: skip


def test_change_lists_its_fields_in_the_order_they_are_given_by_position() -> None:
    assert tuple(field.name for field in dataclasses.fields(Change))[: len(BY_POSITION)] == BY_POSITION


def test_the_keys_read_are_those_written_of_a_change_with_no_key_written_only_when_set() -> None:
    assert tuple(_change_to_dict(plans.in_sync("dam-a/logger-1/pz-1"))) == _WRITTEN_KEYS


def test_each_change_the_scenarios_write_without_such_a_key_is_read_as_written() -> None:
    plain = [item for item in WRITTEN if len(item) == len(_WRITTEN_KEYS)]
    assert len(plain) > 20
    for item in plain:
        assert _read(_change_as_written, item) == _read(_change_checked, item)
        assert _read(_change_as_written, item)[0] == "read"


# Each value a check may meet that iotplan does not write, or writes of another key.
ODD: list[Any] = [
    None, True, False, 0, -1, 7, 2**64, 1.0, -0.0, "", "x", "a/b", "create", "node", "in-sync",
    "(sensitive)", [], ["a/b"], [3], [None], {}, {"name": "x"}, [{"path": "name", "before": 1, "after": 2}],
    [{"path": "auth_token", "before": "(sensitive)", "after": "(sensitive)", "sensitive": False}], ["x"],
]  # fmt: skip


def test_each_key_holding_each_odd_value_is_read_or_refused_alike_by_both() -> None:
    unlike = {
        (item["action"], item["before"] is None, item["before"] == item["after"], item["observations"]): item
        for item in WRITTEN
    }
    for item in unlike.values():
        for key in _WRITTEN_KEYS:
            for value in ODD:
                changed = {**item, key: value}
                read = _read(_change_as_written, changed)
                assert read == ("not read",) or read == _read(_change_checked, changed), (key, value)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=6,
)
NAMES = [member.value for enum in (Kind, Action, Cause) for member in enum]
WRITTEN_VALUES = [value for item in WRITTEN for value in item.values()]
# A value as likely to pass a check as to fail it: another key's, a name of a kind, action or cause,
# a count, an address list, a field change, or any JSON.
VALUES = st.one_of(
    st.sampled_from(WRITTEN_VALUES),
    st.sampled_from(NAMES),
    st.sampled_from([0, 7, -1, 2**64, 1.0, True, None, "", "a/b", ["a/b"], [3], "(sensitive)"]),
    st.lists(st.fixed_dictionaries({"path": st.sampled_from(["name", "auth_token", 3]), "before": JSON})),
    JSON,
)
KEYS = st.sampled_from([*_WRITTEN_KEYS, "secret_digest", "copies_taken", "looks_renamed_to", "other"])


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(
    item=st.sampled_from(WRITTEN),
    changed=st.dictionaries(KEYS, VALUES, max_size=3),
    dropped=st.sets(KEYS, max_size=1),
    reordered=st.booleans(),
)
def test_any_change_is_read_or_refused_alike_by_both(
    item: dict[str, Any], changed: dict[str, Any], dropped: set[str], reordered: bool
) -> None:
    item = {key: value for key, value in {**item, **changed}.items() if key not in dropped}
    if reordered:
        item = dict(reversed(item.items()))
    read = _read(_change_as_written, item)
    assert read == ("not read",) or read == _read(_change_checked, item)


def _read(reader: Any, item: dict[str, Any]) -> tuple[Any, ...]:
    """What `reader` makes of a copy of `item` (both change what they read in place): the Change
    with the type of each of its values, or the refusal, or that it did not read it."""
    try:
        change = reader(copy.deepcopy(item), _Repeats())
    except Exception as refused:  # which one, and its words, are what is compared
        return ("refused", type(refused), str(refused))
    if change is None:
        return ("not read",)
    # One dict for an entity in sync, as plan/compare.py makes it (`_change_to_dict` asks which).
    return ("read", _typed(change), change.before is change.after, change.live_ref_id is change.ref_id)


def _typed(value: Any) -> Any:
    """`value` with the type of each part: a str read as an Address, a tuple as a list, differ."""
    if dataclasses.is_dataclass(value):
        return type(value), [
            (field.name, _typed(getattr(value, field.name))) for field in dataclasses.fields(value)
        ]
    if isinstance(value, list | tuple):
        return type(value), [_typed(each) for each in value]
    if isinstance(value, dict):
        return dict, [(key, _typed(each)) for key, each in value.items()]
    return type(value), json.dumps(value) if isinstance(value, float) else repr(value)


def test_a_change_that_is_no_object_is_left_to_the_check_that_words_it() -> None:
    for item in [*ODD, list(_WRITTEN_KEYS), " " * len(_WRITTEN_KEYS), tuple(WRITTEN[0].items())]:
        assert _change_as_written(item, _Repeats()) is None
