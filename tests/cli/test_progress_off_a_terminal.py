"""Off a terminal (a CI log) progress is a plain line every PLAIN_EVERY seconds: a long
rollout printed nothing between its plan and its end, 18.8 s at 300 connections and minutes at 1,000
under a rate limit, long enough for a CI runner's no-output timeout (fz14 #3)."""

from __future__ import annotations

import asyncio
import re
import time

import httpx
import pytest

from iotplan.cli.progress import PlainReading, Progress, reading
from iotplan.clients.observe import Exchange, event_hooks


def test_a_plain_line_tells_how_far_apply_got_every_so_often(capsys: pytest.CaptureFixture[str]) -> None:
    """From a timer: a unit that runs long, with nothing finished meanwhile, is no silence either."""
    told = ""
    with Progress(total=2500, description="Applying", every=0.05) as progress:
        progress.advance(1220)
        deadline = time.monotonic() + 5
        # no unit finishes meanwhile; on a loaded machine the timer may tick once before advance()
        while "1,220" not in told and time.monotonic() < deadline:
            time.sleep(0.01)
            told += capsys.readouterr().err
    assert re.search(r"^Applying: 1,220 of 2,500 changes \(0:0\d\)$", told, re.MULTILINE), told


def test_a_plain_line_tells_how_many_requests_a_long_read_has_had(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The reads of a 1,000-site plan under a rate limit take minutes before any write: off a
    terminal they printed nothing either."""
    told = ""
    with reading(every=0.05):
        asyncio.run(_three_answered_requests())  # as every client of iotplan's sends them
        deadline = time.monotonic() + 5
        while "\n" not in told and time.monotonic() < deadline:
            time.sleep(0.01)
            told += capsys.readouterr().err
    assert told.startswith("Reading the platform: 3 requests (0:00)\n")


async def _three_answered_requests() -> None:
    answer = httpx.MockTransport(lambda request: httpx.Response(200, json=[]))
    async with httpx.AsyncClient(transport=answer, event_hooks=event_hooks()) as client:
        for _ in range(3):
            await client.get("http://127.0.0.1/api/v1/projects")


def test_a_read_after_the_comparing_began_is_told_as_reading_again() -> None:
    """A plan reads more once its reads are said done (where it creates, counts): off a terminal its
    line said "Comparing with the manifest" while the platform was still being read."""
    shown = PlainReading(every=3600)  # no line drawn: the one it would draw is read below
    try:
        shown.answered(ANSWERED)
        shown.comparing()
        shown.answered(ANSWERED)
        assert shown._plain.told() == "Reading the platform: 2 requests"
        shown.comparing()
        assert shown._plain.told() == "Comparing with the manifest: 2 requests"
    finally:
        shown.stop()


ANSWERED = Exchange("GET", "http://127.0.0.1/api/v1/projects", 200, 0.01)
