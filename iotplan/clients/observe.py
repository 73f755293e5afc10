"""Each HTTP exchange the clients make, seen from outside: what `--debug` logs (logger
`iotplan.http`, DEBUG) and what a progress bar counts (`observing`).

Nothing secret is handed on: the URL loses its user name and password and the values of
secret-looking query parameters, and every text passes `redact` (API keys, bearer tokens, client
secrets, AUTH_TOKEN values in bodies). Hooks cost nothing when nobody listens.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx

from iotplan.clients.errors import redact
from iotplan.secrets import SECRET_PARAMETER

LOG = logging.getLogger("iotplan.http")
BODY_SHOWN = 300  # characters of a request body the debug log shows
_STARTED = "iotplan.started"  # a request extension: when it was sent


@dataclass(frozen=True)
class Exchange:
    method: str
    url: str  # without secrets
    status: int
    seconds: float
    body: str = ""  # the request body, cut and redacted; only when the debug log is on

    def line(self) -> str:
        sent = f" {self.body}" if self.body else ""
        return f"{self.method} {self.url} → {self.status} ({self.seconds:.3f} s){sent}"


_listeners: list[Callable[[Exchange], None]] = []
_reads_done_listeners: list[Callable[[], None]] = []


@contextmanager
def observing(
    listener: Callable[[Exchange], None], reads_done: Callable[[], None] | None = None
) -> Iterator[None]:
    """`listener` is called with every exchange answered while the block runs, `reads_done` when a
    command has read what it compares (what follows, the diff, sends nothing for seconds at scale)."""
    _listeners.append(listener)
    if reads_done is not None:
        _reads_done_listeners.append(reads_done)
    try:
        yield
    finally:
        _listeners.remove(listener)
        if reads_done is not None:
            _reads_done_listeners.remove(reads_done)


def say_reads_done() -> None:
    for listener in list(_reads_done_listeners):
        listener()


def event_hooks() -> dict[str, list[Callable[[Any], Any]]]:
    """For every httpx.AsyncClient iotplan opens."""
    return {"request": [_sent], "response": [_answered]}


async def _sent(request: httpx.Request) -> None:
    request.extensions[_STARTED] = time.monotonic()


async def _answered(response: httpx.Response) -> None:
    logging_on = LOG.isEnabledFor(logging.DEBUG)
    if not (_listeners or logging_on):
        return
    request = response.request
    started = request.extensions.get(_STARTED, time.monotonic())
    exchange = Exchange(
        request.method,
        safe_url(request.url),
        response.status_code,
        time.monotonic() - started,
        _body(request) if logging_on else "",
    )
    if logging_on:
        LOG.debug(exchange.line())
    for listener in list(_listeners):
        listener(exchange)


def safe_url(url: httpx.URL) -> str:
    """The URL a person can look up, without user name, password or secret query values."""
    query = "&".join(
        f"{name}={'(sensitive)' if SECRET_PARAMETER.search(name) else value}"
        for name, value in url.params.multi_items()
    )
    bare = url.copy_with(username=None, password=None, query=None, fragment=None)
    return redact(f"{bare}?{query}" if query else str(bare))


def _body(request: httpx.Request) -> str:
    try:
        content = request.content
    except httpx.RequestNotRead:  # a streamed body: not read twice
        return "(streamed body)"
    if not content:
        return ""
    # Redacted before it is cut (a secret cut in two is no longer the value redact knows), and only
    # the start of it: a cold apply's body is tens of megabytes.
    start = content[: BODY_SHOWN * 4]
    text = redact(start.decode("utf-8", "replace"))
    if len(start) == len(content) and len(text) <= BODY_SHOWN:
        return text
    return text[:BODY_SHOWN] + f"… ({len(content)} bytes)"
