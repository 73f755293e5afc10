"""How the commands write: data on stdout, the target line and warnings on stderr, colour only
on a terminal, and the one way every command runs its async work against a target."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING, Protocol, TypeVar

import click

from iotplan.cli.aio import run
from iotplan.cli.color import colored
from iotplan.clients.target import Target, TargetOptions, open_target

if TYPE_CHECKING:
    from iotplan.clients.local_gateway import LocalGateway, LocalGatewayOptions

T = TypeVar("T")
Opened = TypeVar("Opened", bound="_Described")


class _Described(Protocol):
    @property
    def description(self) -> str: ...


def on_target(
    options: TargetOptions, work: Callable[[Target], Awaitable[T]], *, finished_kept: bool = False
) -> T:
    """Open the target, say which it is on stderr, run `work` against it, close it. `finished_kept`:
    a signal while the target closes after `work` returned keeps its result, for a caller that then
    reports it and ends with the signal's code (apply); without it, the run is interrupted."""
    return run(_worked_on(open_target(options, os.environ), work, finished_kept))


def on_gateway(
    options: LocalGatewayOptions, work: Callable[[LocalGateway], Awaitable[T]], *, finished_kept: bool = False
) -> T:
    """on_target for --on-device: the THREAD this runs on is the target, and no platform."""
    # Here, not at the top: only --on-device opens a gateway, and a plan need not load its client.
    from iotplan.clients.local_gateway import open_local_gateway

    return run(_worked_on(open_local_gateway(options), work, finished_kept))


async def _worked_on(
    opening: AbstractAsyncContextManager[Opened], work: Callable[[Opened], Awaitable[T]], finished_kept: bool
) -> T:
    """`work`'s result, kept if `finished_kept` when a signal's cancel lands while the target closes
    after it: the close awaits its clients, so a signal just after an apply's last request was delivered
    there, and lost the report of an apply that had finished."""
    results: list[T] = []
    try:
        async with opening as target:
            click.secho(f"Target: {target.description}", err=True, dim=True)
            results.append(await work(target))
    except asyncio.CancelledError:
        if not (results and finished_kept):
            raise
    return results[0]


def use_color(no_color: bool) -> bool:
    """Whether the view on stdout is coloured (iotplan/cli/color.py says how that is decided)."""
    return colored(sys.stdout, no_color)
