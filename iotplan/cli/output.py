"""How the commands write: data on stdout, the target line and warnings on stderr, colour only
on a terminal, and the one way every command runs its async work against a target."""

from __future__ import annotations

import os
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

import click

from iotplan.cli.aio import run
from iotplan.cli.color import colored
from iotplan.clients.target import Target, TargetOptions, open_target

if TYPE_CHECKING:
    from iotplan.clients.local_gateway import LocalGateway, LocalGatewayOptions

T = TypeVar("T")


def on_target(options: TargetOptions, work: Callable[[Target], Awaitable[T]]) -> T:
    """Open the target, say which it is on stderr, run `work` against it, close it."""

    async def opened() -> T:
        async with open_target(options, os.environ) as target:
            click.secho(f"Target: {target.description}", err=True, dim=True)
            return await work(target)

    return run(opened())


def on_gateway(options: LocalGatewayOptions, work: Callable[[LocalGateway], Awaitable[T]]) -> T:
    """on_target for --on-device: the THREAD this runs on is the target, and no platform."""
    # Here, not at the top: only --on-device opens a gateway, and a plan need not load its client.
    from iotplan.clients.local_gateway import open_local_gateway

    async def opened() -> T:
        async with open_local_gateway(options) as gateway:
            click.secho(f"Target: {gateway.description}", err=True, dim=True)
            return await work(gateway)

    return run(opened())


def use_color(no_color: bool) -> bool:
    """Whether the view on stdout is coloured (iotplan/cli/color.py says how that is decided)."""
    return colored(sys.stdout, no_color)
