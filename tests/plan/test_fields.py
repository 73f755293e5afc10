"""Field-level differences: nested values (locations, metric lists) are diffed with deepdiff."""

from __future__ import annotations

import pytest

from iotplan.plan import fields
from iotplan.plan.fields import field_changes


def test_a_metric_list_change_is_told_per_nested_field() -> None:
    live = {"metrics": [{"metric": "f", "unit": "Hz"}, {"metric": "cum_distance", "unit": "mm"}]}
    desired = {"metrics": [{"metric": "f", "unit": "Hz"}, {"metric": "cum_distance", "unit": "m"}]}
    assert [(c.path, c.before, c.after) for c in field_changes(live, desired)] == [
        ("metrics[1].unit", "mm", "m")
    ]


def test_the_same_pair_of_shared_lists_is_diffed_once_however_many_entities_hold_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A fleet-wide unit change: the read shares each live metric list, the manifest's defaults the
    declared one, so 10,000 sensors hold one pair (deepdiff cost 4 s of such a plan)."""
    diffed = []
    deep_diffed = fields._deep_diffed
    monkeypatch.setattr(fields, "_deep_diffed", lambda *pair: diffed.append(pair) or deep_diffed(*pair))
    live = {"metrics": [{"custom_metric": "pore_pressure", "unit": "Pa"}]}
    desired = {"metrics": [{"custom_metric": "pore_pressure", "unit": "kPa"}]}
    told = [field_changes(live, desired) for _ in range(1000)]
    assert len(diffed) == 1
    assert all(
        [(c.path, c.before, c.after) for c in each] == [("metrics[0].unit", "Pa", "kPa")] for each in told
    )


def test_equal_lists_held_by_other_objects_are_diffed_for_what_they_hold() -> None:
    """Found again by identity only: another list, even one at a freed list's address, is diffed."""
    desired = {"metrics": [{"metric": "f", "unit": "Hz"}]}
    assert field_changes({"metrics": [{"metric": "f", "unit": "kHz"}]}, desired)[0].before == "kHz"
    for unit in ("mHz", "MHz", "GHz"):  # each live list a new object, perhaps at a reused address
        assert field_changes({"metrics": [{"metric": "f", "unit": unit}]}, desired)[0].before == unit


@pytest.mark.parametrize(
    ("live", "desired"),
    [
        ({"port": True}, {"port": 1}),
        ({"mux_index": False}, {"mux_index": 0}),
        ({"port": True}, {"port": 1.0}),
        ({"location": {"lat": True}}, {"location": {"lat": 1}}),
        ({"metrics": [True]}, {"metrics": [1]}),
    ],
)
def test_a_flag_never_reads_as_the_number_declared(
    live: dict[str, object], desired: dict[str, object]
) -> None:
    """`True == 1` in Python, not in JSON: a port another writer set to `true` is no port 1."""
    assert field_changes(live, desired), f"{live} read as {desired}"


def test_a_whole_number_held_as_a_decimal_still_reads_as_declared() -> None:
    assert field_changes({"port": 1.0, "location": {"lat": 2.0}}, {"port": 1, "location": {"lat": 2}}) == []
