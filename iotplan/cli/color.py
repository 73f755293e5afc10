"""Whether to colour, read the one way every command, view and progress display reads it.

In this order, as CPython's own tracebacks decide (`_colorize.can_colorize`): `--no-color` or NO_COLOR
turns colour off; FORCE_COLOR turns it on where it would not be (a CI log that renders ANSI);
TERM=dumb turns it off on a terminal that cannot show it; otherwise a terminal gets colour and
anything else does not. A variable counts when present and not empty (no-color.org,
force-color.org): one left blank in CI (`NO_COLOR=`) changes nothing; rich reads them so too.

`iotplan.cli.main` makes the run's decision the click context's `color`, which every `click.echo`
follows (stderr too: the target line, warnings, errors); `colored` reads it for the views.
"""

from __future__ import annotations

import os
from typing import TextIO

import click


def no_color_in_environment() -> bool:
    """NO_COLOR as no-color.org defines it: present and not empty."""
    return bool(os.environ.get("NO_COLOR"))


def color_from_environment() -> bool | None:
    """False (NO_COLOR, TERM=dumb), True (FORCE_COLOR), or None: whether a terminal decides."""
    if no_color_in_environment():
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    return None


def colored(stream: TextIO, no_color: bool = False) -> bool:
    """Whether what goes to `stream` is coloured: never with the command's --no-color, else as
    the run decided (a --no-color anywhere on the command line, the environment), else whether
    `stream` is a terminal."""
    if no_color:
        return False
    context = click.get_current_context(silent=True)
    decided = context.color if context is not None else color_from_environment()
    return decided if decided is not None else is_a_terminal(stream)


def is_a_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no stream, or a closed one
        return False
