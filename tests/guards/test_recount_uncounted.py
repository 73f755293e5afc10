"""A removal whose sensors REST does not count, counted through JSON-RPC when reviewed, and counted
again once JSON-RPC is out of reach: the counts are unknown now, treated as holding data, so the
removal is still refused, but said as counts that cannot be read now, not as a platform that changed
(it said "the platform changed" and "data on 2 sensors that held none", though nothing had)."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import Any

import pytest

from iotplan.apply.outcome import Status
from iotplan.clients.target import TargetOptions, open_target
from iotplan.commands.apply import ApplyResult, prepare_apply, run_apply
from iotplan.errors import IotplanError, StalePlanError
from iotplan.plan.desired import desired_state
from tests.guards.fleet import load
from tests.guards.test_apply_command import NO_AIR, PLAIN, WAVES_OF_ONE, Platform
from tests.guards.test_recount_rest_settles import DAM_B_GONE, OutOfReach
from tests.live.test_observation_counts import NOBODY_THERE, Failing

SENSORS = "the counts of 2 sensors it takes (dam-b/logger-1/air, dam-b/logger-1/pz-1), read when reviewed"
UNKNOWN = (
    "cannot be read now: unknown, treated as holding data: JSON-RPC did not answer for them, and nothing "
    "says the platform changed"
)


@pytest.fixture
def platform(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Platform:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "no-observation-counts")
    platform = Platform(tmp_path)
    platform.apply()
    return platform


class OutOfReachFrom:
    """A JSON-RPC client whose reads in a project get no answer from its `since`-th one on."""

    def __init__(self, jsonrpc: Any, since: int) -> None:
        self.jsonrpc, self.since, self.asked = jsonrpc, since, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.jsonrpc, name)

    def in_project(self, project_id: str) -> Any:
        self.asked += 1
        return Failing(NOBODY_THERE) if self.asked >= self.since else self.jsonrpc.in_project(project_id)


def applied(
    platform: Platform, text: str, reach: Any, saved: bool = False, request: Any = PLAIN
) -> ApplyResult:
    """`text` planned with JSON-RPC answering, then applied with `reach` around it (and, `saved`,
    that plan applied as a saved one)."""

    async def apply() -> ApplyResult:
        async with open_target(TargetOptions(sim_db=platform.db), {}) as target:
            prepared = await prepare_apply(target, desired_state(load(text)), request, {}, None)
            target = dataclasses.replace(target, jsonrpc=reach(target.jsonrpc))
            if saved:
                prepared = await prepare_apply(target, desired_state(load(text)), request, {}, prepared.plan)
            return await run_apply(target, prepared, {}, confirm=lambda: None)

    return asyncio.run(apply())


def test_counts_unknown_once_confirmed_are_said_as_such(platform: Platform) -> None:
    with pytest.raises(IotplanError) as refused:
        applied(platform, DAM_B_GONE, OutOfReach)
    assert not isinstance(refused.value, StalePlanError)
    assert str(refused.value).startswith(
        "what the removals destroy could not be counted again before the first write: "
        f"remove dam-b: {SENSORS}, {UNKNOWN}: run it again once it answers"
    )
    assert platform.prepare(DAM_B_GONE).plan.summary.destroy == 1  # nothing written


def test_a_saved_plans_counts_unknown_now_are_said_as_such(platform: Platform) -> None:
    with pytest.raises(StalePlanError) as refused:
        applied(platform, DAM_B_GONE, OutOfReach, saved=True)
    assert str(refused.value).startswith(
        f"what the removals destroy cannot be counted now: remove dam-b: {SENSORS}"
    )
    assert f"{SENSORS}, {UNKNOWN}: run it again once it answers" in str(refused.value)  # as once confirmed
    assert "changed since the plan was made" not in str(refused.value)
    assert "held none" not in str(refused.value)


def test_a_later_units_count_unknown_just_before_its_writes_stops_it_as_such(platform: Platform) -> None:
    """The count once confirmed and dam-a's just before its writes answered; dam-b's did not."""
    result = applied(platform, NO_AIR, lambda jsonrpc: OutOfReachFrom(jsonrpc, 3), request=WAVES_OF_ONE)
    said = f"remove dam-b/logger-1/air: its count, read when reviewed, {UNKNOWN}"
    assert [(o.connection, o.status) for o in result.outcomes] == [
        ("dam-a", Status.APPLIED),
        ("dam-b", Status.NOT_STARTED),
    ]
    assert result.stopped.startswith(
        f"what dam-b's removals destroy could not be counted again before its writes: {said}"
    )
    assert not result.outcomes[1].unreviewed  # nothing says a new plan shows more
