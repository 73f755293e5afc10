"""The text view says each distinct update once, with where and how many, before its impact (fz67 #4:
a note added to 4,799 sensors was 400 identical blocks, and no line said what the plan changes)."""

from __future__ import annotations

import dataclasses

from iotplan.plan.model import Action, Change, FieldChange, Kind
from iotplan.render import render_text
from iotplan.render.distinct import DISTINCT_SHOWN
from tests.render.plans import change, plan

UNIT = (FieldChange("metrics[0].unit", "Pa", "kPa"),)
NOTE = (FieldChange("notes", None, "audited 2026"),)


def _fleet(fields: tuple[FieldChange, ...], connections: int, observations: int = 0) -> list[Change]:
    return [
        change(
            f"site-{c}/logger/pz-{n}",
            Action.UPDATE,
            "differs from the manifest",
            fields=fields,
            touches_data_model=fields[0].rereads_history,
            observations=observations,
        )
        for c in range(connections)
        for n in range(12)
    ]


def _summary(text: str) -> list[str]:
    """The lines from the heading of distinct updates to the impact."""
    lines = text.splitlines()
    start = next(index for index, line in enumerate(lines) if "distinct update" in line)
    return lines[start : lines.index("", start)]


def test_each_distinct_update_is_one_line_saying_where_data_model_changes_first() -> None:
    text = render_text(plan(*_fleet(NOTE, 400), *_fleet(UNIT, 3, observations=10)), color=False)
    assert _summary(text) == [
        "2 distinct updates on 4,836 sensors:",
        '  ! metrics[0].unit: "Pa" → "kPa" on 36 sensors in 3 connections (site-0, site-1, site-2): '
        "changes how 360 observations read: needs --allow-data-model-change",
        '  ~ notes: (unset) → "audited 2026" on 4,800 sensors in 400 connections '
        "(site-0, site-1, site-2 and 397 more)",
    ]
    assert text.index("distinct update") > text.rindex("# connection") and "\n\nImpact: " in text


def test_past_the_cap_the_rest_are_counted_with_the_history_they_reread() -> None:
    changes = [
        change(
            f"site-{n}/logger/pz-{s}",
            Action.UPDATE,
            "differs",
            fields=(FieldChange("zero_date", "2026-01-01", f"2026-02-{n}"),),
            touches_data_model=True,
            observations=3,
        )
        for n in range(DISTINCT_SHOWN + 5)
        for s in range(2)
    ]
    summary = _summary(render_text(plan(*changes), color=False))
    assert len(summary) == 1 + DISTINCT_SHOWN + 1
    assert summary[-1] == (
        "  ! 5 more distinct updates on 10 sensors (5 of them, on 10 sensors, change how 30 observations "
        "read: needs --allow-data-model-change), each in its connection above"
    )


def test_none_when_no_two_updates_are_alike_nor_under_detail() -> None:
    distinct = [
        change(f"site-{n}", Action.UPDATE, "differs", fields=(FieldChange("name", "a", f"b{n}"),))
        for n in range(3)
    ]
    assert "distinct update" not in render_text(plan(*distinct), color=False)
    assert "distinct update" not in render_text(plan(*_fleet(NOTE, 2)), color=False, detail=True)


def test_a_few_entities_are_named_themselves() -> None:
    two = _fleet(NOTE, 1)[:2]
    assert _summary(render_text(plan(*two), color=False))[1] == (
        '  ~ notes: (unset) → "audited 2026" on site-0/logger/pz-0, site-0/logger/pz-1'
    )


def test_a_setting_that_may_cut_a_gateway_off_says_so() -> None:
    settings = [
        dataclasses.replace(
            change(f"thread-{n}", Action.UPDATE, "differs", fields=(FieldChange("endpoint", "a", "b"),)),
            kind=Kind.EDGE,
            cuts_off=True,
        )
        for n in range(2)
    ]
    assert _summary(render_text(plan(*_fleet(NOTE, 1), *settings), color=False))[1] == (
        '  ! endpoint: "a" → "b" on thread-0, thread-1: may cut a gateway off from the platform: '
        "needs --allow-disconnect"
    )
