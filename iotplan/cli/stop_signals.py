"""The signals that stop a command, and how, outside the asyncio loop (cli/aio.py has the loop's
own): Ctrl-C's SIGINT, SIGTERM (a CI job cancelled, `systemctl stop`, Kubernetes) and SIGHUP (the
terminal or the ssh session gone). The first raises KeyboardInterrupt where the command is, so
that what it has under way is undone (an --out file half written is removed) and it ends
"Interrupted.", with 128 + the signal's number; later ones are told and ignored meanwhile. A
signal ignored (`nohup`) or someone else's handler is left alone. No asyncio is loaded here:
`validate` and `render` stop alike without it."""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import Any

import click

from iotplan.cli.exit_codes import ExitCode

Handler = Callable[[int, FrameType | None], Any]

# Later signals are ignored this long after the first: the report is made well within it. One
# after it stops at once, without the report, for a user who waits on a command that never ends.
GRACE_SECONDS = 10.0
TOLD = "Interrupted: finishing the report; in-flight requests are being let go"
STOPPED_NOW = "Interrupted again: stopped at once, without the report."
# Each handler iotplan sets replaces only this one.
DEFAULTS: dict[int, Any] = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
# The exit code of each signal but Ctrl-C's, by precedence when more than one came.
EXIT_CODES: dict[int, ExitCode] = {signal.SIGTERM: ExitCode.TERMINATED}
if sys.platform != "win32":  # Windows has no SIGHUP
    DEFAULTS[signal.SIGHUP] = signal.SIG_DFL
    EXIT_CODES[signal.SIGHUP] = ExitCode.HUNG_UP


INTERRUPTED = "Interrupted."  # the line of a run a signal stopped, unless it says more (Interrupted)


class Interrupted(Exception):
    """A signal's KeyboardInterrupt raised again with what the run had done by then, said in place of
    "Interrupted." (no KeyboardInterrupt itself: click would make it an Abort, which says nothing)."""


@dataclass
class Received:
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

    def clear(self) -> None:
        self.signals, self.first_at, self.told = [], 0.0, False


received = Received()


def interrupted_exit() -> ExitCode:
    """The exit code of a command stopped by a signal, 128 + its number as shells report it: 143 for
    SIGTERM, 129 for SIGHUP, 130 for Ctrl-C (and a prompt given up some other way)."""
    for signum, code in EXIT_CODES.items():
        if signum in received.signals:
            return code
    return ExitCode.INTERRUPTED


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Around a whole command: a signal outside the loop stops it as Ctrl-C always did."""
    with handling(interrupt, replaces=is_default):
        yield


def interrupt(signum: int, frame: FrameType | None) -> None:
    """The first signal raises KeyboardInterrupt; one during the cleanup it causes is told instead,
    or the cleanup (an --out file's removal) could itself be cut short."""
    if received.note(signum):
        raise KeyboardInterrupt
    told_or_stopped()


def tell_or_stop(signum: int, frame: FrameType | None) -> None:
    received.note(signum)
    told_or_stopped()


def told_or_stopped() -> None:
    """A signal after the first: told once and ignored, or past GRACE_SECONDS, an exit at once
    (raising nothing into the loop, whose state an exception could leave half-changed)."""
    if time.monotonic() - received.first_at > GRACE_SECONDS:
        say(STOPPED_NOW, sys.stdout)  # and what stdout holds: os._exit flushes nothing
        os._exit(interrupted_exit())
    if not received.told:
        received.told = True
        say(TOLD)


def say(message: str, *streams: Any) -> None:
    """`message` on stderr from a signal handler, which may have cut a write to it short, or after
    a SIGHUP, whose terminal is gone."""
    try:
        click.echo(message, err=True)
        for stream in streams:
            stream.flush()
    except (OSError, ValueError, RuntimeError):  # closed, or a write this signal cut (reentrant)
        pass


def is_default(signum: int, handler: Any) -> bool:
    return bool(handler is DEFAULTS[signum])


def is_default_or_the_command_s(signum: int, handler: Any) -> bool:
    return is_default(signum, handler) or handler is interrupt


@contextmanager
def handling(handler: Handler, *, replaces: Callable[[int, Any], bool]) -> Iterator[None]:
    """`handler` for each signal that stops a command wherever `replaces` accepts the handler in
    place, then that one again. Only the main thread may set handlers: elsewhere, none is ours."""
    replaced: dict[int, Any] = {}
    for signum in DEFAULTS:
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
