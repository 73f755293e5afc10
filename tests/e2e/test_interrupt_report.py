"""An apply stopped by a signal reports what it applied, whenever the signal comes: during the
verifying read, or between the shards of a merged plan."""

from __future__ import annotations

import asyncio
import json
import signal
from collections.abc import Callable
from typing import Any

import pytest

from iotplan.commands import apply as apply_command
from iotplan.commands import shard_apply
from tests.e2e.conftest import Workspace
from tests.e2e.test_shard import FLEET, SITES, shard_plans, write_sites

STOPS = pytest.mark.parametrize(("stop", "code"), [(signal.SIGINT, 130)], ids=["ctrl-c"])
pytestmark = pytest.mark.usefixtures("python_sigint_handler")


def stopped_at_call(count: int, stop: signal.Signals, call: Callable[..., Any]) -> Callable[..., Any]:
    """`call`, whose `count`th call receives `stop` before it does anything."""
    calls: list[int] = []

    async def stopped(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == count:
            signal.raise_signal(stop)
            await asyncio.sleep(5)  # the signal's handler cancels the command here
        return await call(*args, **kwargs)

    return stopped


def units(report: dict[str, Any], status: str) -> int:
    return sum(outcome["status"] == status for outcome in report["outcomes"])


@STOPS
def test_an_apply_stopped_during_its_verifying_read_reports_what_it_applied(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals, code: int
) -> None:
    write_sites(workspace, SITES)
    # The first plan is the one applied; the second is the verifying read.
    monkeypatch.setattr(apply_command, "plan_command", stopped_at_call(2, stop, apply_command.plan_command))
    result = workspace.run("apply", *FLEET, "--auto-approve", "--format", "json")
    assert result.exit_code == code, result.output
    report = json.loads(result.stdout)
    assert report["stopped"] == "interrupted" and report["converged"] is None
    assert units(report, "applied") == len(SITES) == len(report["outcomes"])
    assert f"interrupted: {len(SITES)} applied, 0 in flight" in result.stderr
    assert "not verified: interrupted during the verifying read" in result.stderr


def merged_plan(workspace: Workspace) -> None:
    write_sites(workspace, SITES)
    assert workspace.run("merge", *shard_plans(workspace, 3), "--out", "plan.json").exit_code == 2


@STOPS
def test_a_merged_plan_stopped_before_its_second_shard_reports_the_first(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals, code: int
) -> None:
    merged_plan(workspace)
    prepare = stopped_at_call(2, stop, shard_apply.prepare_apply)
    monkeypatch.setattr(shard_apply, "prepare_apply", prepare)
    result = workspace.run("apply", "plan.json", "--format", "json")
    assert result.exit_code == code, result.output
    report = json.loads(result.stdout)
    applied, not_started = units(report, "applied"), units(report, "not started")
    assert applied and not_started and applied + not_started == len(SITES) == len(report["outcomes"])
    assert f"interrupted: {applied} applied, 0 in flight (outcome unknown), {not_started} not started" in (
        result.stderr
    )
