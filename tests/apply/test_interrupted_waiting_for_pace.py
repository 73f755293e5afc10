"""A write cut short while its first request waits for `--rate-limit`'s pace was never sent: it is
neither counted as a request nor "in flight (outcome unknown)". At scale an interrupted apply called
every unit waiting for its turn in flight, 1,776 entities "may or may not be applied" that never left
the process, and counted their requests as sent (fz14 #1)."""

from __future__ import annotations

import asyncio

from iotplan.apply.outcome import Outcome, Status, not_started
from iotplan.apply.units import Unit
from iotplan.clients.throttle import Throttle
from iotplan.commands.apply import _Ledger
from iotplan.plan.model import Action, Change
from tests.plan.test_drift import change


def renamed(address: str) -> Change:
    return change(address, Action.UPDATE, "differs")


def test_a_write_cut_short_before_its_turn_came_is_not_counted_nor_in_flight() -> None:
    async def scenario() -> tuple[Outcome, Outcome]:
        throttle = Throttle(asyncio.get_running_loop().time, None, ceiling=0.5)  # one request each 2 s
        sent, waiting = Outcome("c1", Status.APPLIED), Outcome("c2", Status.APPLIED)
        handed_over = asyncio.Event()

        async def write() -> None:
            await throttle.before_sending()
            handed_over.set()
            await asyncio.sleep(60)  # its answer, never come

        first = asyncio.create_task(sent.send(write, [renamed("c1/d1")]))
        await handed_over.wait()
        second = asyncio.create_task(waiting.send(write, [renamed("c2/d1")]))
        await asyncio.sleep(0.05)  # the second waits for its turn, 2 s after the first's
        for task in (first, second):
            task.cancel()
        await asyncio.gather(first, second, return_exceptions=True)
        return sent, waiting

    sent, waiting = asyncio.run(scenario())
    assert (sent.calls, [str(change.address) for change in sent.in_flight]) == (1, ["c1/d1"])
    assert (waiting.calls, waiting.in_flight) == (0, [])  # its turn never came: never sent


def test_a_started_unit_that_handed_no_request_over_is_reported_not_started() -> None:
    """Interrupted while its write waits for its pace (or while it reads before writing), a unit
    has sent nothing: not started, its changes not applied, rather than "outcome unknown"."""
    changes = {name: [renamed(f"{name}/d1")] for name in ("c2", "c3")}
    progress = {name: not_started(name, changes[name]) for name in changes}
    progress["c3"].calls, progress["c3"].in_flight = 1, changes["c3"]  # its write was handed over
    units = {name: Unit(name, changes[name], run=nothing, progress=progress[name]) for name in changes}
    ledger = _Ledger()
    ledger.started.update(units)
    reported = {outcome.connection: outcome for outcome in ledger.when_interrupted(units)}
    assert (reported["c2"].status, reported["c2"].pending, reported["c2"].calls) == (
        Status.NOT_STARTED,
        ["c2/d1"],
        0,
    )
    assert (reported["c3"].status, reported["c3"].unsure) == (Status.INTERRUPTED, ["c3/d1"])


async def nothing() -> Outcome:
    raise AssertionError("not run")
