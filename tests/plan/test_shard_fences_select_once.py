"""A shard's plan refused where --target or --exclude fences the refusals selects its changes once,
for the fence and for itself, as one run's does (about a second of a 100,000-change plan a shard)."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.plan import select, shard
from iotplan.plan.coverage import Shard
from iotplan.plan.model import Change, PlanOptions
from tests.plan.test_shard_fenced_refusals import _writes


@pytest.mark.parametrize("fence", [{"targets": ("dam-b",)}, {"excludes": ("dam-a/logger-2",)}], ids=str)
def test_a_fenced_shard_plan_with_a_refusal_selects_and_gathers_its_addresses_once(
    monkeypatch: pytest.MonkeyPatch, fence: dict
) -> None:
    calls: list[str] = []

    def counted(name: str, real: Any) -> Any:
        def call(changes: list[Change], *args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return real(changes, *args, **kwargs)

        return call

    monkeypatch.setattr(shard, "select_changes", counted("select", select.select_changes))
    monkeypatch.setattr(shard, "_addresses", counted("addresses", shard._addresses))
    assert _writes(Shard(2, 2), PlanOptions(**fence)) == {"dam-b"}  # dam-a/logger-2's refusal fenced off
    assert sorted(calls) == ["addresses", "select"]
