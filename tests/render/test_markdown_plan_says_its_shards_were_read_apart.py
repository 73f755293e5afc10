"""A merged plan whose shards were read hours apart names the earliest and latest read on its
target line, as a merged drift report does: the plan joins two times' views of the platform."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from iotplan.render import render_markdown
from iotplan.render.read_time import read_time
from tests.render import plans

EARLIEST = datetime(2026, 12, 7, 8, 0, 5, tzinfo=UTC)
LATEST = EARLIEST + timedelta(hours=3)


def test_the_target_line_names_the_earliest_and_latest_read() -> None:
    plan = dataclasses.replace(plans.update(), read_at=EARLIEST, read_until=LATEST)
    target = next(line for line in render_markdown(plan).splitlines() if line.startswith("**Target**"))
    assert f"**read** {read_time(EARLIEST)} to {read_time(LATEST)}" in target
    assert "shards were read at different times" in target
