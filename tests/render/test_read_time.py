"""How `show` tells the age of a saved plan's read: whole units, rounded down, never fresher than it is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from iotplan.render.read_time import age, read_line

READ_AT = datetime(2026, 12, 5, 7, 30, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("elapsed", "said"),
    [
        (timedelta(seconds=40), "less than a minute ago"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=119, seconds=59), "119 minutes ago"),
        (timedelta(hours=2), "2 hours ago"),
        (timedelta(days=1, hours=23, minutes=59), "47 hours ago"),
        (timedelta(days=3, hours=23), "3 days ago"),
        (timedelta(days=400), "400 days ago"),
        (timedelta(seconds=-30), "less than a minute ago"),  # clocks a few seconds apart
        (timedelta(hours=-2), "later than this machine's clock says it is now"),
    ],
)
def test_an_age_is_told_in_whole_units_rounded_down(elapsed: timedelta, said: str) -> None:
    assert age(elapsed) == said


def test_the_line_says_when_and_how_long_ago() -> None:
    now = READ_AT + timedelta(days=3, hours=2)
    assert read_line(READ_AT, now) == "Read from the platform at 2026-12-05 07:30 UTC (3 days ago)."


def test_a_document_without_a_read_time_says_it_is_not_recorded() -> None:
    assert "read time not recorded" in read_line(None, READ_AT)
