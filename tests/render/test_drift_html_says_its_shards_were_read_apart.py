"""The HTML page of a merged drift report whose shards were read hours apart names the earliest and the
latest read, as the Markdown's line under its heading does: "read 08:00" alone would pass an apply made
in between, seen by the later shards only."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from iotplan.render.drift_html import render_drift_html
from iotplan.render.read_time import read_time
from tests.render import drifts

EARLIEST = datetime(2026, 12, 7, 8, 0, 5, tzinfo=UTC)
LATEST = EARLIEST + timedelta(hours=3)


def test_the_page_names_the_earliest_and_latest_read() -> None:
    report = dataclasses.replace(drifts.SCENARIOS["modified"](), read_at=EARLIEST, read_until=LATEST)
    page = render_drift_html(report)
    assert f"read <b>{read_time(EARLIEST)}</b> to <b>{read_time(LATEST)}</b>" in page
    assert "shards were read at different times" in page


def test_one_read_time_where_the_shards_were_read_together() -> None:
    page = render_drift_html(dataclasses.replace(drifts.SCENARIOS["modified"](), read_at=EARLIEST))
    assert f"read <b>{read_time(EARLIEST)}</b></div>" in page
    assert "shards were read at different times" not in page
