"""The one loop that runs apply work: admit, run, record, or report not started.

A unit is one connection's integrate calls (`apply/execute.py`) or one gateway's push
(`apply/edge.py`); the loop does not know which. Units run concurrently under `parallelism`;
a unit that `admit` refuses (the rollout stopped) is reported as not started, never run, and so
is one whose `after` unit was not applied: it waits for that unit to end before it is admitted.
A halt one unit finds (a refused credential) reaches the others at once (`RolloutHalt`): none is
admitted after it, and one already started sends no further write.
"""

from __future__ import annotations

import asyncio
from collections import ChainMap
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass

from iotplan.apply.outcome import Outcome, ProgressCallback, RolloutHalt, Status, not_started, rollout_halt
from iotplan.plan.model import Change


@dataclass(frozen=True)
class Unit:
    name: str
    changes: list[Change]
    run: Callable[[], Awaitable[Outcome]]
    # Its writes leave refIds that must be found again (apply/found.py): the first such unit of an
    # apply runs alone, so a platform that does not keep them is caught on one connection.
    finds_ref_ids: bool = False
    # The outcome `run` fills in as it writes, when it shares one: what an interrupted apply
    # reports of the unit (the requests it sent, the changes their answers confirmed, the write in
    # flight: the only one of unknown outcome, as the writes after it were never sent).
    progress: Outcome | None = None
    # A unit that must be applied first, in this wave or an earlier one: a THREAD's gateway settings
    # wait for the THREAD's platform writes (its loggers), and are not pushed when those fail.
    after: str = ""


async def run_units(
    units: Iterable[Unit],
    *,
    parallelism: int,
    admit: Callable[[], bool] = lambda: True,
    on_done: ProgressCallback = lambda outcome: None,
    on_start: Callable[[str], None] = lambda name: None,
    earlier: MutableMapping[str, Outcome] | None = None,  # earlier waves' outcomes: read, never written
) -> list[Outcome]:
    limit = asyncio.Semaphore(parallelism)
    units = list(units)
    ended = {unit.name: asyncio.Event() for unit in units}
    # This wave's outcomes, then earlier waves' as they are (a copy per wave was quadratic in waves).
    outcomes: ChainMap[str, Outcome] = ChainMap({}, earlier or {})
    halt = RolloutHalt()

    async def one(unit: Unit) -> Outcome:
        try:
            if unit.after in ended:
                await ended[unit.after].wait()  # outside the semaphore: it may need the slot
            outcomes[unit.name] = outcome = await admitted(unit)
            return outcome
        finally:
            ended[unit.name].set()  # also when cancelled: nothing waits forever

    async def admitted(unit: Unit) -> Outcome:
        async with limit:
            if not admit() or halt.reason:  # a halt the gate learns of as its unit ends
                return not_started(unit.name, unit.changes)
            waited = outcomes.get(unit.after)
            if waited is not None and waited.status is not Status.APPLIED:
                skipped = not_started(unit.name, unit.changes, _waits_for(unit.after))
                on_done(skipped)
                return skipped
            on_start(unit.name)
            outcome = await unit.run()
        on_done(outcome)
        return outcome

    told = rollout_halt.set(halt)  # each unit's task runs in a copy of this context
    try:
        return list(await asyncio.gather(*(one(unit) for unit in units)))
    finally:
        rollout_halt.reset(told)


def _waits_for(after: str) -> str:
    """Why a unit waiting for `after` was not started: `after` may have applied part of its writes
    (a THREAD's node, some of its loggers), so not "was not applied"; what did not succeed is said."""
    return f"not started: it waits for the writes of {after}'s platform entities, which did not all succeed"
