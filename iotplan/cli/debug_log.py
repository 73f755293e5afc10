"""The debug log: `--debug` or IOTPLAN_LOG=debug shows each request on stderr (method, URL,
status, time; a JSON-RPC call's method, id and outcome; secrets redacted by the clients before the
line is made, and each line redacted whole once more as it is written). Only iotplan's own
`iotplan.http` logger is turned up: httpx, httpcore and websockets stay quiet (websockets would log
a THREAD's first frame, which carries its key)."""

from __future__ import annotations

import logging
import os

import click

ENVIRONMENT_VARIABLE = "IOTPLAN_LOG"
# The logger clients/observe.py writes to (its LOG), by name: `--help` and `validate` need not load httpx.
LOG = logging.getLogger("iotplan.http")


class _StderrHandler(logging.Handler):
    """Writes to the stderr of the moment (click's test runner swaps it per run), a terminal's: what
    the platform had a hand in (a JSON-RPC error's code, a live id sent back in a body or a query
    value) is masked there whole and then escaped, as every platform message an error shows is. Masked
    here as well as by the client that made the line: a part a client leaves unmasked (a JSON-RPC
    error's code may echo the API key, or hold a `Password=...;`) is not shown in clear either."""

    def emit(self, record: logging.LogRecord) -> None:
        from iotplan.clients.errors import redact, unseen_escaped  # loaded by then: only a client logs here

        click.echo(f"debug: {unseen_escaped(redact(self.format(record)))}", err=True)


_HANDLER = _StderrHandler()


def set_debug_log(on: bool) -> None:
    LOG.propagate = False
    if on:
        LOG.setLevel(logging.DEBUG)
        if _HANDLER not in LOG.handlers:
            LOG.addHandler(_HANDLER)
    else:
        LOG.setLevel(logging.WARNING)
        LOG.removeHandler(_HANDLER)


def debug_from_environment() -> bool:
    """Whether IOTPLAN_LOG asks for the debug log; another value set is said, not ignored silently
    (`IOTPLAN_LOG=verbose` read as if it did something)."""
    value = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if value and value.lower() != "debug":
        click.echo(
            f"Warning: {ENVIRONMENT_VARIABLE}={value[:40]!r} is not a level iotplan knows: only "
            f"{ENVIRONMENT_VARIABLE}=debug turns the debug log on.",
            err=True,
        )
    return value.lower() == "debug"
