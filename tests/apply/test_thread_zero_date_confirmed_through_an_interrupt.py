"""An apply interrupted (Ctrl-C, SIGTERM) between an update that left a ZERO_DATE out and its
confirmation finishes that confirmation first: the entity read back, the ZERO_DATE written back where
the platform dropped it, at most FINISH_SECONDS, then the interrupt goes on (exit 130 or 143). A second
signal abandons it, and the unit names the ZERO_DATE as not confirmed, as before."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from iotplan.apply import finishing
from iotplan.apply.outcome import Outcome, Status, not_started
from iotplan.apply.thread import apply_thread, thread_groups
from iotplan.clients.jsonrpc_transport import Handler
from iotplan.commands.apply import _cut_short
from tests.apply.test_thread_zero_date_kept_through_an_update import (
    UNDECLARED,
    ZERO,
    Scripted,
    made,
    plan_of,
    sent_updates,
    zero_date_of,
)


class Slow(Scripted):
    """The emulator on a replacing platform, `slow` (the update or the read back after it) answered
    `delay` seconds after it arrives; `arrived` set when it does."""

    def __init__(self, slow: str, delay: float) -> None:
        super().__init__(variants=("rpc-update-replaces",))
        self.slow, self.delay, self.arrived = slow, delay, asyncio.Event()

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            method = request["method"]
            after_update = method == "getSensors" and bool(self.updates)
            if (
                self.armed
                and not self.arrived.is_set()
                and (method == self.slow == "updateSensor" or after_update)
            ):
                self.arrived.set()
                responses = await handler(request)  # made at once, answered late
                await asyncio.sleep(self.delay)
                return responses
            return await handler(request)

        return answer


def interrupted(recorder: Slow, again: bool = False) -> Outcome:
    plan = plan_of(UNDECLARED, made(recorder))
    recorder.armed = True
    (changes,) = thread_groups(plan).values()
    progress = not_started("thread", changes)

    async def go() -> None:
        async with recorder.client() as client:
            task = asyncio.create_task(apply_thread(client, "thread", changes, progress))
            await recorder.arrived.wait()
            task.cancel()  # the first signal
            if again:
                await asyncio.sleep(0.05)
                finishing.abandon()  # the second
            await asyncio.gather(task, return_exceptions=True)
            assert task.cancelled(), "the interrupt goes on once the confirmation is done"

    asyncio.run(go())
    return _cut_short(progress)


def test_an_apply_interrupted_before_the_read_back_reads_back_and_writes_the_zero_date_back() -> None:
    recorder = Slow("getSensors", 0.3)
    cut = interrupted(recorder)
    assert cut.status is Status.INTERRUPTED, cut.message
    assert zero_date_of(recorder) == ZERO and len(sent_updates(recorder)) == 2
    assert f"the platform dropped props not sent: its ZERO_DATE '{ZERO}' written back" in cut.message
    assert "could not confirm" not in cut.message, cut.message


def test_an_apply_interrupted_while_the_update_is_answered_confirms_its_zero_date_too() -> None:
    recorder = Slow("updateSensor", 0.3)
    cut = interrupted(recorder)
    assert zero_date_of(recorder) == ZERO, cut.message
    assert "could not confirm" not in cut.message, cut.message
    assert cut.applied == ["thread/ipi/tilt1"], "the read back showed it made, then its write-back answered"


class SlowThenHanging(Slow):
    """The update answered late; the read back after it, never."""

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            if self.armed and request["method"] == "getSensors" and self.updates:
                await asyncio.sleep(30)
            return await handler(request)

        return answer


def test_a_second_interrupt_abandons_the_confirmation_of_an_update_cut_short() -> None:
    recorder = SlowThenHanging("updateSensor", 0.3)
    since = time.monotonic()
    cut = interrupted(recorder, again=True)
    assert time.monotonic() - since < 5, "abandoned at once"
    assert f"its ZERO_DATE '{ZERO}' (it was not read back)" in cut.message, cut.message


def test_a_second_interrupt_abandons_the_confirmation_naming_the_zero_date_held() -> None:
    recorder = Slow("getSensors", 30)
    since = time.monotonic()
    cut = interrupted(recorder, again=True)
    assert time.monotonic() - since < 5, "abandoned at once"
    assert f"its ZERO_DATE '{ZERO}' (it was not read back)" in cut.message, cut.message
    assert len(sent_updates(recorder)) == 1
