"""A plan returns to the system what its read freed before the diff builds on it: the plan's peak
memory is reached in the diff, and the C heap's holes left by the read's pages counted in it."""

from __future__ import annotations

from typing import Any

import pytest

import iotplan.collector as collector
import iotplan.commands.plan as plan_module
from tests.e2e.conftest import QUICKSTART, Workspace


def test_a_plan_gives_back_freed_memory_once_read_before_its_diff(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[str] = []
    diff = plan_module.make_shard_plan

    def make_shard_plan(*args: Any, **kwargs: Any) -> Any:
        steps.append("diff")
        return diff(*args, **kwargs)

    monkeypatch.setattr(collector, "_TRIM", lambda pad: steps.append(f"trim {pad}") or 1)
    monkeypatch.setattr(plan_module, "make_shard_plan", make_shard_plan)

    assert workspace.run("plan", QUICKSTART).exit_code == 0

    assert steps == ["trim 0", "diff"]
