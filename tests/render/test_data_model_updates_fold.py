"""Identical data-model updates of one connection fold like other updates, keeping their warning
(fz67 #4: a unit changed on 4,400 sensors with history was 13,200 lines, the same three a sensor)."""

from __future__ import annotations

from typing import Any

from iotplan.plan.model import Action, Cause, Change, FieldChange
from iotplan.render import render_text
from tests.render.plans import change, plan

UNIT = (FieldChange("metrics[0].unit", "Pa", "kPa"),)
WARNING = "needs --allow-data-model-change"


def _rereading(address: str, observations: int, **details: Any) -> Change:
    return change(
        address,
        Action.UPDATE,
        "differs from the manifest",
        fields=UNIT,
        touches_data_model=True,
        observations=observations,
        **details,
    )


def _site(count: int, connection: str = "dam-a") -> list[Change]:
    return [_rereading(f"{connection}/logger-1/pz-{n}", 100 + n) for n in range(count)]


def test_identical_data_model_updates_are_one_line_keeping_their_warning() -> None:
    text = render_text(plan(*_site(12)), color=False)
    assert (
        '  ~ 12 sensors: metrics[0].unit: "Pa" → "kPa"\n'
        "      ! changes how 1,266 observations read (metrics or units of 12 sensors with history): "
        f"{WARNING}\n"
        "      # dam-a/logger-1/pz-11, dam-a/logger-1/pz-10, dam-a/logger-1/pz-9 and 9 more"
        in text  # most held
    )
    assert "  ~ sensor dam-a/logger-1/pz-" not in text


def test_detail_lists_each_with_its_own_warning() -> None:
    text = render_text(plan(*_site(12)), color=False, detail=True)
    assert text.count("  ~ sensor dam-a/logger-1/pz-") == 12
    assert text.count(WARNING) == 12
    assert "distinct update" not in text  # --detail is the whole listing, as it was


def test_a_fold_of_counts_not_all_known_says_so() -> None:
    unknown = _rereading("dam-a/logger-1/pz-9", 0, observations_unknown=True)
    text = render_text(plan(*_site(5), unknown), color=False)
    assert (
        "changes how at least 510 observations read (metrics or units of 6 sensors that hold or may hold "
        f"history: no count the platform gave can be relied on for 1 of them): {WARNING}" in text
    )


def test_a_few_data_model_updates_are_listed_one_by_one() -> None:
    text = render_text(plan(*_site(4)), color=False)
    assert text.count("  ~ sensor dam-a/logger-1/pz-") == 4
    assert text.count("      ! changes how") == 4


def test_data_model_updates_fold_apart_from_the_same_change_without_history() -> None:
    without_history = [
        change(f"dam-a/logger-2/pz-{n}", Action.UPDATE, "differs", fields=UNIT, touches_data_model=True)
        for n in range(5)
    ]
    text = render_text(plan(*_site(5), *without_history), color=False)
    assert text.count('  ~ 5 sensors: metrics[0].unit: "Pa" → "kPa"') == 2
    assert "      # note: metrics change the 5 sensors' data model" in text
    assert "(metrics or units of 5 sensors with history)" in text


def test_moved_updates_and_removals_keep_a_line_each() -> None:
    moved = [_rereading(f"dam-a/logger-1/pz-{n}", 10, cause=Cause.MOVED) for n in range(5)]
    removals = [
        change(f"dam-a/logger-9/pz-{n}", Action.REMOVE, "not in the manifest", observations=7)
        for n in range(5)
    ]
    text = render_text(plan(*moved, *removals), color=False)
    assert text.count("  ~ sensor dam-a/logger-1/pz-") == 5
    assert text.count("  - sensor dam-a/logger-9/pz-") == 5
    assert text.count("destroys 7 observations") == 5


def test_a_connection_whose_data_model_changes_fold_still_ranks_before_calm_ones() -> None:
    calm = [
        change(f"dam-b/logger-1/pz-{n}", Action.UPDATE, "differs", fields=(FieldChange("name", "a", "b"),))
        for n in range(5)
    ]
    text = render_text(plan(*calm, *_site(5)), color=False)
    assert text.index("# connection dam-a") < text.index("# connection dam-b")
