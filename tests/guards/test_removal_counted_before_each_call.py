"""A connection's call carrying removals, sent after its other calls, is counted again just before
it is sent, not only as the unit starts: the calls before it (creations, a rate limit) take time in
which a sensor under a removal reports (apply/execute.py `recount_check`, commands/apply.py
`_JustBefore`)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iotplan.apply.outcome import Status
from iotplan.commands.apply import ApplyRequest
from iotplan.errors import ApplyError, PlatformError
from iotplan.plan.model import Action
from tests.guards.fleet import manifest
from tests.guards.test_apply_command import Platform

LOGGER_X = """          - key: logger-x
            name: Logger X
            sensors:
              - key: t
                template: TEMPERATURE_SDE
"""


def dam_a(*devices: str) -> str:
    return manifest("      - key: dam-a\n        name: Dam A\n        devices:\n" + "".join(devices))


WITH_X = dam_a(LOGGER_X)
X_GONE_THREE_NEW = dam_a(*(f"          - key: new-{n}\n            name: New {n}\n" for n in range(3)))
ONE_ENTITY_A_CALL = ApplyRequest(entities_per_call=1)


class BeforeIntegrateCall:
    """The platform's client; `arrive` runs before its integrate call number `at` (from 0)."""

    def __init__(self, client: Any, at: int, arrive: Callable[[], None]) -> None:
        self.client, self.at, self.arrive = client, at, arrive
        self.integrated = 0

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.client, name)
        if name != "integrate" or not inspect.iscoroutinefunction(method):
            return method

        async def integrate(*args: Any, **kwargs: Any) -> Any:
            if self.integrated == self.at:
                await asyncio.to_thread(self.arrive)  # another writer, on its own connection
            self.integrated += 1
            return await method(*args, **kwargs)

        return integrate


def test_observations_arriving_before_a_later_call_carrying_a_removal_are_not_destroyed(
    tmp_path: Path,
) -> None:
    platform = Platform(tmp_path)
    platform.apply(WITH_X)
    assert [(c.address, c.action) for c in platform.prepare(X_GONE_THREE_NEW).plan.writes] == [
        ("dam-a/new-0", Action.CREATE),
        ("dam-a/new-1", Action.CREATE),
        ("dam-a/new-2", Action.CREATE),
        ("dam-a/logger-x", Action.REMOVE),
    ]
    clients: list[BeforeIntegrateCall] = []

    def watched(client: Any) -> BeforeIntegrateCall:
        arrive = lambda: platform.record_observations("site:dam-a/logger-x/t", 5000)  # noqa: E731
        clients.append(BeforeIntegrateCall(client, 2, arrive))  # after the unit's own count
        return clients[-1]

    result, _ = platform.apply(X_GONE_THREE_NEW, ONE_ENTITY_A_CALL, client=watched)
    [outcome] = result.outcomes
    assert (outcome.status, outcome.unreviewed, outcome.pending) == (Status.FAILED, True, ["dam-a/logger-x"])
    assert outcome.applied == ["dam-a/new-0", "dam-a/new-1", "dam-a/new-2"]
    assert outcome.message.startswith(
        "stopped before call 4 of 4: it was not sent, counted again just before: remove dam-a/logger-x: it "
        "would destroy 5,000 observations, none when reviewed"
    )
    assert clients[0].integrated == 3  # the removal was never sent
    with pytest.raises(ApplyError, match="rollout stopped: the platform changed during the rollout"):
        result.raise_if_incomplete()
    [kept] = [c for c in platform.prepare(WITH_X).plan.changes if c.address == "dam-a/logger-x/t"]
    assert (kept.action, kept.observations) == (Action.NOOP, 5000)  # still there, with its history


class ReadsFailAfter(BeforeIntegrateCall):
    """Once `arrive` has run, the connection's reads answer 503 (its later call's count)."""

    failing = False

    async def get_integration(self, *args: Any, **kwargs: Any) -> Any:
        if ReadsFailAfter.failing:
            raise PlatformError("503 Service Unavailable: try again later.")
        return await self.client.get_integration(*args, **kwargs)


def test_a_later_call_that_cannot_be_counted_again_says_it_was_its_next_call(tmp_path: Path) -> None:
    """Three calls were answered before the count failed: "before its writes" was untrue, and the
    platform's own full stop ran into the rollout's ("later.; 0 not started")."""
    platform = Platform(tmp_path)
    platform.apply(WITH_X)
    ReadsFailAfter.failing = False

    def fail_from_now() -> None:
        ReadsFailAfter.failing = True

    result, _ = platform.apply(
        X_GONE_THREE_NEW, ONE_ENTITY_A_CALL, client=lambda c: ReadsFailAfter(c, 2, fail_from_now)
    )
    assert result.stopped == (
        "what dam-a's removals destroy could not be counted again before its next call: "
        "503 Service Unavailable: try again later"
    )
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete()
    assert ".;" not in str(raised.value)
