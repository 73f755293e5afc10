"""A plan refused where --target or --exclude fences the refusals selects its changes once, for the
fence and for itself (a 100,000-change plan selected them twice)."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.plan import diff, select
from iotplan.plan.model import Change, PlanOptions
from tests.plan.test_diff import load, plan_for
from tests.plan.test_fenced_refusals import WITH_LOGGER_2, _with_an_unnamed_device_in_dam_a


def test_a_fenced_plan_with_a_refusal_selects_once(monkeypatch: pytest.MonkeyPatch) -> None:
    selections: list[int] = []
    selecting = select.select_changes

    def counted(changes: list[Change], *args: Any, **kwargs: Any) -> list[Change]:
        selections.append(len(changes))
        return selecting(changes, *args, **kwargs)

    monkeypatch.setattr(select, "select_changes", counted)
    monkeypatch.setattr(diff, "select_changes", counted)
    options = PlanOptions(targets=("dam-b",))  # dam-a/logger-2's refusal fenced off
    plan = plan_for(load(WITH_LOGGER_2), _with_an_unnamed_device_in_dam_a(), options)
    assert {change.address for change in plan.writes} == {"dam-b"}
    assert len(selections) == 1, selections
