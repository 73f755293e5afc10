"""A creation call of replacements removed before, cut short while its first request waits for its
pace (an interrupt) or withdrawn there (the rollout halted), was never sent: the replacements are
still removed, not created again. Before, they were dropped from `removed_not_recreated` as the call
was handed to the throttle, and an interrupt reported them "outcome unknown" (cr29a #1)."""

from __future__ import annotations

import asyncio
import json
import signal
from typing import Any

import pytest

import iotplan.clients.throttle as throttle_module
from iotplan.apply.outcome import Outcome, RolloutHalt, not_started, rollout_halt
from iotplan.clients.throttle import Throttle
from iotplan.errors import WriteWithdrawn
from iotplan.plan.model import Action, Change
from tests.apply.test_replacement_removals_split import DEVICES, NEW_TEMPLATE, apply, templates
from tests.cli.test_entities_per_call import TWELVE_DEVICES
from tests.e2e.conftest import Workspace
from tests.plan.test_drift import change

REPLACED = change("c1/d0", Action.REPLACE, "template changed")


async def removed_then_creating(throttle: Throttle) -> tuple[Outcome, asyncio.Task[None]]:
    """The removal call sent and read back gone; the creation call's first request then waits."""
    outcome = not_started("c1", [REPLACED])

    async def write() -> None:
        await throttle.before_sending()

    await outcome.send(write, [REPLACED])  # the removal: the first turn, handed over at once
    outcome.mark_half_done([REPLACED])
    creating = asyncio.create_task(outcome.send(write, [REPLACED]))
    await asyncio.sleep(0.05)  # its turn is 2 s after the removal's
    return outcome, creating


def removed(outcome: Outcome) -> tuple[list[str], int, list[Change], list[str]]:
    return [str(a) for a in outcome.removed_not_recreated], outcome.calls, outcome.in_flight, outcome.unsure


def test_a_creation_cancelled_while_waiting_for_its_pace_leaves_them_removed() -> None:
    async def scenario() -> Outcome:
        throttle = Throttle(asyncio.get_running_loop().time, None, ceiling=0.5)  # one request each 2 s
        outcome, creating = await removed_then_creating(throttle)
        creating.cancel()
        await asyncio.gather(creating, return_exceptions=True)
        return outcome

    assert removed(asyncio.run(scenario())) == (["c1/d0"], 1, [], [])


def test_a_creation_withdrawn_while_waiting_for_its_pace_leaves_them_removed() -> None:
    async def scenario() -> Outcome:
        halt = RolloutHalt()
        rollout_halt.set(halt)
        throttle = Throttle(asyncio.get_running_loop().time, None, ceiling=0.5)
        outcome, creating = await removed_then_creating(throttle)
        halt.reason = "credentials refused at c9: 401"
        with pytest.raises(WriteWithdrawn):
            await creating
        return outcome

    assert removed(asyncio.run(scenario())) == (["c1/d0"], 1, [], [])


@pytest.mark.usefixtures("python_sigint_handler", "default_sigterm_handler")
def test_ctrl_c_while_the_creation_waits_reports_every_device_removed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """12 devices, a template change in calls of 5: three removal calls, each read back gone, then
    Ctrl-C while the creation call waits for its pace (as under --rate-limit)."""
    assert apply(workspace, TWELVE_DEVICES).exit_code == 0
    monkeypatch.setattr(throttle_module.Throttle, "before_sending", interrupted_at_write(4))
    result = apply(workspace, NEW_TEMPLATE, "--entities-per-call", "5", "--format", "json")
    assert result.exit_code == 130, result.output
    [outcome] = json.loads(result.stdout)["outcomes"]
    assert [device for device in DEVICES if f"calls:{device}" not in templates(workspace)] == DEVICES
    assert (outcome["removed_not_recreated"], outcome["outcome_unknown"]) == (DEVICES, [])
    assert outcome["calls"] == 3
    assert "12 replacements removed and not created again" in result.stderr


def interrupted_at_write(nth: int) -> Any:
    """Throttle.before_sending, interrupted while the `nth` write's first request waits its turn."""
    original = throttle_module.Throttle.before_sending
    writes = 0

    async def before_sending(self: Throttle, outdated: Any = None) -> float:
        nonlocal writes
        turn = throttle_module.current_turn.get()
        if turn is not None and not turn.handed_over:
            writes += 1
            if writes == nth:
                turn.waiting = True  # as a paced request does while it waits
                signal.raise_signal(signal.SIGINT)
                await asyncio.sleep(5)  # cancelled by the interrupt before its turn
        return await original(self, outdated)

    return before_sending
