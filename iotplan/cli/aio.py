"""asyncio.run for the commands, without a cost CPython adds to large results, and with SIGTERM
handled as asyncio handles Ctrl-C: the command's task is cancelled, so it reports what it did."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TypeVar

from iotplan.cli.exit_codes import ExitCode

T = TypeVar("T")

_terminations: list[int] = []  # the SIGTERMs the current run received


def run(work: Coroutine[Any, Any, T]) -> T:
    """Like asyncio.run(work), but the main task's result is handed back outside the task.

    When asyncio.run restores Python's SIGINT handler, the signal module formats the repr of the
    handler it replaces, which names the main task and so its result. For a 100,000-change plan
    that repr took a second, twice.
    """
    results: list[T] = []
    _terminations.clear()

    async def main() -> None:
        with _cancelled_on_sigterm():
            results.append(await work)

    try:
        asyncio.run(main())
    except asyncio.CancelledError:
        if not _terminations:
            raise
        raise KeyboardInterrupt from None  # what asyncio.run makes of an uncaught Ctrl-C
    return results[0]


def interrupted_exit() -> ExitCode:
    """The exit code of a command stopped by a signal: 143 for SIGTERM (a CI cancel, `systemctl
    stop`, Kubernetes), 130 for Ctrl-C, each 128 + the signal's number, as shells report them."""
    return ExitCode.TERMINATED if _terminations else ExitCode.INTERRUPTED


@contextmanager
def _cancelled_on_sigterm() -> Iterator[None]:
    """SIGTERM cancels the running task, as asyncio's own handler does for SIGINT; a second one
    stops at once. Left alone: a process that ignores SIGTERM, or a handler someone else set."""
    task, loop = asyncio.current_task(), asyncio.get_running_loop()

    def cancel(signum: int, frame: FrameType | None) -> None:
        _terminations.append(signum)
        if len(_terminations) > 1 or task is None or task.done():
            raise KeyboardInterrupt
        loop.call_soon_threadsafe(task.cancel)

    try:
        if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
            signal.signal(signal.SIGTERM, cancel)
    except ValueError:  # not the main thread: signals are not ours to handle
        pass
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGTERM) is cancel:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
