"""A progress bar on stderr that is silent when stderr is not a terminal.

It appears with the first step, not before, so a confirmation prompt is never drawn over.
"""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from iotplan.apply.outcome import Outcome


class Progress:
    def __init__(self, total: int, description: str) -> None:
        console = Console(file=sys.stderr)
        self._bar = RichProgress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,
            transient=True,
        )
        self._task = self._bar.add_task(description, total=total)
        self._started = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        if self._started:
            self._bar.stop()

    def connection_done(self, outcome: Outcome) -> None:
        self.advance(len(outcome.applied) + len(outcome.pending))

    def advance(self, steps: int = 1) -> None:
        if not self._started:
            self._bar.start()
            self._started = True
        self._bar.update(self._task, advance=steps)
