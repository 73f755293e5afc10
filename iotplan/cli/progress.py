"""A progress bar on stderr that is silent when stderr is not a terminal."""

from __future__ import annotations

import sys
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress

from iotplan.apply.execute import Outcome


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

    def __enter__(self) -> Progress:
        self._bar.start()
        return self

    def __exit__(
        self, *exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]
    ) -> None:
        self._bar.stop()

    def connection_done(self, outcome: Outcome) -> None:
        self._bar.update(self._task, advance=len(outcome.applied) + len(outcome.pending))

    def advance(self, steps: int = 1) -> None:
        self._bar.update(self._task, advance=steps)
