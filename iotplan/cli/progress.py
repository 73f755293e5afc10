"""Progress on stderr: a spinner while manifests load, a count of requests while a command reads
the platform (a 1,000-site plan reads for minutes), and a bar while apply writes. `--no-color`,
NO_COLOR and TERM=dumb keep a terminal to plain lines: no progress then, since drawing it takes
escape sequences too. Off a terminal (a CI log) a command says how far it got in a plain line every
PLAIN_EVERY seconds, and nothing else is shown.

Each appears with its first step, not before, and is gone when its block ends, so a confirmation
prompt is never drawn over.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from types import TracebackType
from typing import TYPE_CHECKING

from iotplan.cli.color import colored, is_a_terminal
from iotplan.clients.observe import Exchange, observing
from iotplan.manifest.files import STDIN
from iotplan.secrets import masked_in_place
from iotplan.wording import counted

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgress

    from iotplan.apply.outcome import Outcome


def _terminal_console(no_color: bool) -> Console | None:
    """A rich console on stderr when it is a terminal that shows colour (cli/color.py) and moves
    its cursor; None otherwise, without importing rich (30 ms of every start). Never off a
    terminal, whatever FORCE_COLOR says: it asks for colour, and a CI log (where it is often set
    for other tools) cannot move a cursor, so progress would leave its every frame there."""
    cursor_moves = is_a_terminal(sys.stderr) and os.environ.get("TERM") != "dumb"
    if not (cursor_moves and colored(sys.stderr, no_color)):
        return None
    from rich.console import Console

    console = Console(file=sys.stderr)
    return console if console.is_terminal else None


# Off a terminal (a CI log), a plain line this often while a command reads or writes, from a timer:
# a long rollout (one slow unit, a rate limit's waits, the verifying read) or the reads of a
# 1,000-site plan are never silent for so long that a runner's no-output timeout ends them, and the
# log says how far they got.
PLAIN_EVERY = 30.0


class Progress:
    def __init__(
        self, total: int, description: str, *, no_color: bool = False, every: float = PLAIN_EVERY
    ) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        console = _terminal_console(no_color)
        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=console is None,
            transient=True,
        )
        self._task = self._bar.add_task(description, total=total)
        self._started = False
        self._done = 0
        self._answered: dict[str, int] = {}  # by unit, the changes its answered calls carried
        self._description, self._total = description, total
        self._plain = _PlainLines(self.told, every) if _plain_lines_wanted() else None

    def told(self) -> str:
        """`Applying: 1,220 of 2,500 changes`, as a plain line says it."""
        return f"{self._description}: {self._done:,} of {counted(self._total, 'change')}"

    def __enter__(self) -> Progress:
        from iotplan.apply.outcome import write_answered  # apply's: a plan's progress need not load it

        self._telling = write_answered.set(self.call_answered)  # the writes the block sends
        if self._plain is not None:
            self._plain.start()
        return self

    def __exit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        from iotplan.apply.outcome import write_answered

        write_answered.reset(self._telling)
        if self._plain is not None:
            self._plain.stop()
        if self._started:
            _stop_drawing(self._bar)

    def call_answered(self, outcome: Outcome, changes: int) -> None:
        """A unit's call answered: its changes counted now, not only once the unit ends."""
        self._answered[outcome.connection] = self._answered.get(outcome.connection, 0) + changes
        self.advance(changes)

    def connection_done(self, outcome: Outcome) -> None:
        ended = len(outcome.applied) + len(outcome.pending)
        self.advance(max(ended - self._answered.pop(outcome.connection, 0), 0))

    def advance(self, steps: int = 1) -> None:
        if self._plain is not None:
            self._done += steps
            return
        if not self._started:
            self._bar.start()
            self._started = True
        self._bar.update(self._task, advance=steps)


def _plain_lines_wanted() -> bool:
    """Off a terminal only: on one drawn without colour (--no-color) a prompt may be waiting."""
    return not is_a_terminal(sys.stderr)


class _PlainLines:
    """`told()` and the time since start, `Applying: 1,220 of 2,500 changes (1:35)`, every `every`
    seconds, from a thread of its own."""

    def __init__(self, told: Callable[[], str], every: float) -> None:
        self.told, self.every = told, every
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._tell, name="iotplan-progress", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join()

    def _tell(self) -> None:
        since = time.monotonic()
        while not self._stopped.wait(self.every):
            minutes, seconds = divmod(int(time.monotonic() - since), 60)
            print(f"{self.told()} ({minutes}:{seconds:02d})", file=sys.stderr, flush=True)


READING, COMPARING = "Reading the platform", "Comparing with the manifest"


class Reading:
    """`Reading the platform ⠋ 1,234 requests 0:00:12`, and `3/10 manifests` when there are several;
    `Comparing with the manifest` once the reads are in (the diff of 100,000 entities takes seconds,
    with no request to count)."""

    def __init__(self, console: Console, manifests: int) -> None:
        from rich.progress import MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress

        columns = [SpinnerColumn(), TextColumn("{task.fields[doing]}"), TextColumn("{task.fields[requests]}")]
        if manifests > 1:
            columns += [TextColumn("·"), MofNCompleteColumn(), TextColumn("manifests")]
        self._bar = RichProgress(*columns, TimeElapsedColumn(), console=console, transient=True)
        self._task = self._bar.add_task("read", total=manifests, requests="", doing=READING)
        self._requests = 0
        self._started = False

    def answered(self, exchange: Exchange) -> None:
        if not self._started:
            self._bar.start()
            self._started = True
        self._requests += 1
        self._bar.update(self._task, requests=counted(self._requests, "request"), doing=READING)

    def comparing(self) -> None:
        if self._started:  # drawn now: a small plan's diff ends before the next refresh
            self._bar.update(self._task, doing=COMPARING, refresh=True)

    def manifest_read(self) -> None:
        self._bar.update(self._task, advance=1)

    def stop(self) -> None:
        if self._started:
            _stop_drawing(self._bar)


def _stop_drawing(bar: RichProgress) -> None:
    """Its last frame cleared, unless stderr's terminal went with the ssh session (SIGHUP): the
    run's report, redirected to a file, is still to be written."""
    with suppress(OSError):
        bar.stop()


class PlainReading:
    """Off a terminal, `Reading the platform: 1,234 requests (1:35)` every `every` seconds."""

    def __init__(self, every: float) -> None:
        self._requests = 0
        self._doing = READING
        self._plain = _PlainLines(lambda: f"{self._doing}: {counted(self._requests, 'request')}", every)
        self._plain.start()

    def answered(self, exchange: Exchange) -> None:
        self._requests += 1
        self._doing = READING  # a plan reads more after its reads are said done, as Reading tells

    def comparing(self) -> None:
        self._doing = COMPARING

    def manifest_read(self) -> None:
        """Counted on a terminal only: a line every so often says the requests."""

    def stop(self) -> None:
        self._plain.stop()


@contextmanager
def reading(
    manifests: int = 1, *, no_color: bool = False, every: float = PLAIN_EVERY
) -> Iterator[Reading | PlainReading | None]:
    """Counts the requests answered while the block runs: drawn on a terminal, a plain line every
    `every` seconds off one, None (and nothing shown) on a terminal without colour."""
    console = _terminal_console(no_color)
    shown: Reading | PlainReading
    if console is not None:
        shown = Reading(console, manifests)
    elif _plain_lines_wanted():
        shown = PlainReading(every)
    else:
        yield None
        return
    with ExitStack() as stack:
        stack.callback(shown.stop)
        stack.enter_context(observing(shown.answered, shown.comparing))
        yield shown


@contextmanager
def loading(what: str, *, no_color: bool = False) -> Iterator[None]:
    """`Loading fleet.yaml ⠋ 0:00:04` while manifests load, on a terminal only: a manifest of a
    million entities takes half a minute before the first request. Gone when the load ends."""
    console = _terminal_console(no_color)
    if console is None:
        yield
        return
    from rich.progress import Progress as RichProgress
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    shown_as = "<stdin>" if what == STDIN else masked_in_place(what)  # a URL's credential
    columns = (SpinnerColumn(), TextColumn(f"Loading {shown_as}", markup=False), TimeElapsedColumn())
    with RichProgress(*columns, console=console, transient=True) as bar:
        bar.add_task("load", total=None)
        yield
