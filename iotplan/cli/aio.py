"""The commands' asyncio runner: asyncio.run without a cost CPython adds to large results, with
Ctrl-C and SIGTERM each cancelling the command's task so that it reports what it did, later
signals told and ignored while that report is made, and an end bounded whatever tasks are left."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any, TypeVar

import click

from iotplan.cli.exit_codes import ExitCode

T = TypeVar("T")
Handler = Callable[[int, FrameType | None], Any]

# Later signals are ignored this long after the first: the report is made well within it. One
# after it stops at once, without the report, for a user who waits on a command that never ends.
GRACE_SECONDS = 10.0
# What is left running when the command's task ends gets this long to end once cancelled.
LET_GO_SECONDS = 2.0
TOLD = "Interrupted: finishing the report; in-flight requests are being let go"
STOPPED_NOW = "Interrupted again: stopped at once, without the report."
# Each handler iotplan sets replaces only this one: an ignored signal (`nohup`, a background
# job) or someone else's handler is left alone.
_DEFAULTS: dict[int, Any] = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}


@dataclass
class _Received:
    """The signals the current run received."""

    signals: list[int] = field(default_factory=list)
    first_at: float = 0.0
    told: bool = False

    def note(self, signum: int) -> bool:
        """Notes `signum`; True when it is the first."""
        if not self.signals:
            self.first_at = time.monotonic()
        self.signals.append(signum)
        return len(self.signals) == 1


_received = _Received()
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
    global _received
    _received = _Received()
    results: list[T] = []

    async def main() -> None:
        results.append(await work)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        task = loop.create_task(main())
        with _handling(_Cancelling(task, loop), replaces=_default):
            try:
                loop.run_until_complete(task)
            except asyncio.CancelledError:
                if not _received.signals:
                    raise
                raise KeyboardInterrupt from None  # what asyncio.run makes of an uncaught Ctrl-C
            finally:
                _let_go(loop)
    finally:
        asyncio.set_event_loop(None)
        loop.close()  # its default executor, which only looks up names, is let go without waiting
    return results[0]


def interrupted_exit() -> ExitCode:
    """The exit code of a command stopped by a signal: 143 for SIGTERM (a CI cancel, `systemctl
    stop`, Kubernetes), 130 for Ctrl-C, each 128 + the signal's number, as shells report them."""
    return ExitCode.TERMINATED if signal.SIGTERM in _received.signals else ExitCode.INTERRUPTED


@contextmanager
def interruptible() -> Iterator[None]:
    """Around a call that blocks the loop (the confirmation prompt): a cancelled task cannot stop
    until that call returns, so here Ctrl-C and SIGTERM raise KeyboardInterrupt in it at once,
    as they do outside a loop."""
    with _handling(_interrupt, replaces=lambda signum, handler: isinstance(handler, _Cancelling)):
        yield


@contextmanager
def finishing_report() -> Iterator[None]:
    """While an interrupted command writes its report, after its run: later signals are told and
    ignored, as they were while the run made the report."""
    with _handling(_tell_or_stop, replaces=_default):
        yield


class _Cancelling:
    """The first signal cancels the command's task, which then reports what it did; the next
    ones are told and ignored while it does."""

    def __init__(self, task: asyncio.Task[Any], loop: asyncio.AbstractEventLoop) -> None:
        self.task, self.loop = task, loop

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if _received.note(signum):
            self.loop.call_soon_threadsafe(self.task.cancel)  # also wakes the loop
        else:
            _told_or_stopped()


def _tell_or_stop(signum: int, frame: FrameType | None) -> None:
    _received.note(signum)
    _told_or_stopped()


def _told_or_stopped() -> None:
    """A signal after the first: told once and ignored, or past GRACE_SECONDS, an exit at once
    (raising nothing into the loop, whose state an exception could leave half-changed)."""
    if time.monotonic() - _received.first_at > GRACE_SECONDS:
        _say(STOPPED_NOW, sys.stdout)  # and what stdout holds: os._exit flushes nothing
        os._exit(interrupted_exit())
    if not _received.told:
        _received.told = True
        _say(TOLD)


def _say(message: str, *streams: Any) -> None:
    """`message` on stderr from a signal handler, which may have cut a write to it short."""
    try:
        click.echo(message, err=True)
        for stream in streams:
            stream.flush()
    except (OSError, ValueError, RuntimeError):  # closed, or a write this signal cut (reentrant)
        pass


def _interrupt(signum: int, frame: FrameType | None) -> None:
    _received.note(signum)
    raise KeyboardInterrupt


def _default(signum: int, handler: Any) -> bool:
    return bool(handler is _DEFAULTS[signum])


@contextmanager
def _handling(handler: Handler, *, replaces: Callable[[int, Any], bool]) -> Iterator[None]:
    """`handler` for SIGINT and SIGTERM wherever `replaces` accepts the handler in place, then
    that one again. Only the main thread may set handlers: elsewhere, none is ours to set."""
    replaced: dict[int, Any] = {}
    for signum in _DEFAULTS:
        try:
            before = signal.getsignal(signum)
            if replaces(signum, before):
                signal.signal(signum, handler)
                replaced[signum] = before
        except ValueError:  # not the main thread
            break
    try:
        yield
    finally:
        for signum, before in replaced.items():
            if signal.getsignal(signum) is handler:
                signal.signal(signum, before)


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
    if _received.signals:
        return
    for task in failed:
        message = "unhandled exception in a task left running when the command ended"
        loop.call_exception_handler({"message": message, "exception": task.exception(), "task": task})
