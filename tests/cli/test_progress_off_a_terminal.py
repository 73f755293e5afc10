"""Off a terminal (a CI log) apply's progress is a plain line every PLAIN_EVERY seconds: a long
rollout printed nothing between its plan and its end, 18.8 s at 300 connections and minutes at 1,000
under a rate limit, long enough for a CI runner's no-output timeout (fz14 #3)."""

from __future__ import annotations

import time

import pytest

from iotplan.cli.progress import Progress


def test_a_plain_line_tells_how_far_apply_got_every_so_often(capsys: pytest.CaptureFixture[str]) -> None:
    """From a timer: a unit that runs long, with nothing finished meanwhile, is no silence either."""
    told = ""
    with Progress(total=2500, description="Applying", every=0.05) as progress:
        progress.advance(1220)
        deadline = time.monotonic() + 5
        while "\n" not in told and time.monotonic() < deadline:  # no unit finishes meanwhile
            time.sleep(0.01)
            told += capsys.readouterr().err
    assert told.startswith("Applying: 1,220 of 2,500 changes (0:00)\n")
