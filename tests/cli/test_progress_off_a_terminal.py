"""Off a terminal (a CI log) apply's progress is a plain line every PLAIN_EVERY seconds: a long
rollout printed nothing between its plan and its end, 18.8 s at 300 connections and minutes at 1,000
under a rate limit, long enough for a CI runner's no-output timeout (fz14 #3)."""

from __future__ import annotations

import pytest

from iotplan.cli.progress import PLAIN_EVERY, Progress


def test_a_plain_line_tells_how_far_apply_got_every_so_often(capsys: pytest.CaptureFixture[str]) -> None:
    now = [100.0]
    with Progress(total=2500, description="Applying", clock=lambda: now[0]) as progress:
        progress.advance(10)
        now[0] += PLAIN_EVERY - 1
        progress.advance(10)  # not yet
        now[0] += 1 + 65
        progress.advance(1200)
        progress.advance(5)  # just told
    assert capsys.readouterr().err == "Applying: 1,220 of 2,500 changes (1:35)\n"
