"""The commands' asyncio runner: asyncio.run without a cost CPython adds to large results, with
Ctrl-C, SIGTERM and SIGHUP each cancelling the command's task so that it reports what it did,
later signals told and ignored while that report is made, and an end bounded whatever tasks are
left. Outside the loop, cli/stop_signals.py stops the command."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TypeVar

from iotplan.apply import finishing
from iotplan.cli.stop_signals import (
    STOPPED_NOW,
    TOLD,
    handling,
    interrupt,
    interrupted_exit,
    is_default_or_the_command_s,
    received,
    tell_or_stop,
    told_or_stopped,
)

__all__ = ["STOPPED_NOW", "TOLD", "finishing_report", "interrupted_exit", "interruptible", "run"]

T = TypeVar("T")

# What is left running when the command's task ends gets this long to end once cancelled.
LET_GO_SECONDS = 2.0
# Tasks that did not end when let go: kept so that none is destroyed pending (which asyncio logs
# as an error) in a process that is about to exit.
_abandoned: list[asyncio.Task[Any]] = []


def run(work: Coroutine[Any, Any, T]) -> T:
    """Like asyncio.run(work), but:

    - the main task's result is handed back outside the task. When asyncio.run restores Python's
      SIGINT handler, the signal module formats the repr of the handler it replaces, which names
      the main task and so its result: for a 100,000-change plan that repr took a second, twice.
      The handler here names no task;
    - a second Ctrl-C does not raise KeyboardInterrupt wherever the loop is, as asyncio.run's does:
      that lost the report of an interrupted apply to a traceback, and once left the loop spinning;
    - the tasks left when `work` ends are given LET_GO_SECONDS, not forever.
    """
    received.clear()
    results: list[T] = []

    async def main() -> None:
        results.append(await work)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        task = loop.create_task(main())
        with handling(_Cancelling(task, loop), replaces=is_default_or_the_command_s):
            try:
                loop.run_until_complete(task)
            except asyncio.CancelledError:
                if not received.signals:
                    raise
                raise KeyboardInterrupt from None  # what asyncio.run makes of an uncaught Ctrl-C
            finally:
                _let_go(loop)
    finally:
        asyncio.set_event_loop(None)
        loop.close()  # its default executor, which only looks up names, is let go without waiting
    return results[0]


@contextmanager
def interruptible() -> Iterator[None]:
    """Around a call that blocks the loop (the confirmation prompt): a cancelled task cannot stop
    until that call returns, so here Ctrl-C, SIGTERM and SIGHUP raise KeyboardInterrupt in it at
    once, as they do outside a loop."""
    with handling(interrupt, replaces=lambda signum, handler: isinstance(handler, _Cancelling)):
        yield


@contextmanager
def finishing_report() -> Iterator[None]:
    """While an interrupted command writes its report, after its run: later signals are told and
    ignored, as they were while the run made the report."""
    with handling(tell_or_stop, replaces=is_default_or_the_command_s):
        yield


class _Cancelling:
    """The first signal cancels the command's task, which then reports what it did; the next
    ones are told and ignored while it does, but for what the first let finish (a ZERO_DATE's
    confirmation, apply/finishing.py), which they abandon."""

    def __init__(self, task: asyncio.Task[Any], loop: asyncio.AbstractEventLoop) -> None:
        self.task, self.loop = task, loop

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if received.note(signum):
            self.loop.call_soon_threadsafe(self.task.cancel)  # also wakes the loop
        else:
            self.loop.call_soon_threadsafe(finishing.abandon)
            told_or_stopped()


def _let_go(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel the tasks left running, then close the async generators, as asyncio.run does, but
    wait LET_GO_SECONDS at most: a task that does not end (one spun in anyio's cancellation at
    100% CPU) cannot keep the command from ending."""
    deadline = time.monotonic() + LET_GO_SECONDS
    leftovers = _running(loop)
    for task in leftovers:
        task.cancel()
    _wait(loop, leftovers, deadline)
    _wait(loop, [loop.create_task(loop.shutdown_asyncgens())], deadline)
    _report_failures(loop, leftovers)
    _abandoned.extend(_running(loop))


def _running(loop: asyncio.AbstractEventLoop) -> list[asyncio.Task[Any]]:
    return [task for task in asyncio.all_tasks(loop) if not task.done()]


def _wait(loop: asyncio.AbstractEventLoop, tasks: list[asyncio.Task[Any]], deadline: float) -> None:
    """Until `tasks` end or `deadline` passes; unlike asyncio.wait_for, never waits on a task
    that ignores its cancellation."""
    if tasks:
        loop.run_until_complete(asyncio.wait(tasks, timeout=max(0.0, deadline - time.monotonic())))


def _report_failures(loop: asyncio.AbstractEventLoop, tasks: list[asyncio.Task[Any]]) -> None:
    """A task left running that failed as it ended is reported as asyncio.run reports it, unless
    a signal cut the command short: a request cut off in its middle then is no news."""
    failed = [task for task in tasks if task.done() and not task.cancelled() and task.exception()]
    if received.signals:
        return
    for task in failed:
        message = "unhandled exception in a task left running when the command ended"
        loop.call_exception_handler({"message": message, "exception": task.exception(), "task": task})
