"""Apply's progress counts a unit's changes as its calls are answered: one connection's 40 removals,
a call each, showed "Applying: 0 of 40 changes" until the last was answered (and still after 4
were, when the rollout stopped there)."""

from __future__ import annotations

import asyncio

from iotplan.apply.outcome import not_started
from iotplan.cli.progress import Progress
from iotplan.plan.model import Action
from tests.render.plans import change

REMOVALS = [change(f"n1/lg/s{index}", Action.REMOVE, "not in the manifest") for index in range(40)]


async def four_calls_answered() -> None:
    outcome = not_started("n1", REMOVALS)
    for removal in REMOVALS[:4]:
        await outcome.send(lambda: asyncio.sleep(0), [removal])


def test_each_answered_call_counts_its_changes() -> None:
    with Progress(total=40, description="Applying") as progress:
        asyncio.run(four_calls_answered())
        assert progress.told() == "Applying: 4 of 40 changes"


def test_a_unit_that_ends_is_counted_once() -> None:
    with Progress(total=40, description="Applying") as progress:
        outcome = not_started("n1", REMOVALS)

        async def all_answered() -> None:
            for removal in REMOVALS:
                await outcome.send(lambda: asyncio.sleep(0), [removal])

        asyncio.run(all_answered())
        progress.connection_done(outcome)
        assert progress.told() == "Applying: 40 of 40 changes"
