"""A merged drift report whose shards were read hours apart says so on the line under its heading,
naming the earliest and the latest read: a comment reading "read 08:00" alone would pass an
apply made in between, seen by the later shards only, for one moment's picture."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from iotplan.render.drift import render_drift_markdown
from iotplan.render.read_time import read_time
from tests.render import drifts

EARLIEST = datetime(2026, 12, 7, 8, 0, 5, tzinfo=UTC)
LATEST = EARLIEST + timedelta(hours=3)


def test_the_line_under_the_heading_names_the_earliest_and_latest_read() -> None:
    report = dataclasses.replace(drifts.SCENARIOS["modified"](), read_at=EARLIEST, read_until=LATEST)
    under_heading = render_drift_markdown(report).splitlines()[2]
    assert under_heading.startswith("**Target**")
    assert read_time(EARLIEST) in under_heading and read_time(LATEST) in under_heading
    assert "shards were read at different times" in under_heading


def test_one_read_time_where_the_shards_were_read_together() -> None:
    report = dataclasses.replace(drifts.SCENARIOS["modified"](), read_at=EARLIEST)
    under_heading = render_drift_markdown(report).splitlines()[2]
    assert under_heading.endswith(f"**read** {read_time(EARLIEST)}")
