"""The HTML drift report stays a page a browser opens at once: past IN_SYNC_LISTED entities in sync,
the table of every entity lists only those that are not (at the benchmark fleet's 111,000 entities it
was 30 MB), and says how many it left out."""

from __future__ import annotations

import re

from iotplan.plan.drift import Status
from iotplan.render.drift_html import IN_SYNC_LISTED, render_drift_html
from tests.render.drift_fleet import fleet


def rows(page: str, status: Status) -> int:
    return len(re.findall(f'<tr data-status="{status.value}">', page))


def test_a_large_report_lists_every_finding_and_counts_what_is_in_sync() -> None:
    report = fleet(1000, 10)
    in_sync = report.counts[Status.IN_SYNC]
    assert in_sync > IN_SYNC_LISTED
    page = render_drift_html(report)
    assert rows(page, Status.IN_SYNC) == 0
    for status in Status:
        if status is not Status.IN_SYNC:
            assert rows(page, status) == report.counts[status], status
    assert f"{in_sync:,} entities in sync are not listed one by one" in page
    assert len(page) < 1_000_000


def test_a_small_report_still_lists_what_is_in_sync() -> None:
    report = fleet(5, 3)
    page = render_drift_html(report)
    assert rows(page, Status.IN_SYNC) == report.counts[Status.IN_SYNC] > 0
    assert "are not listed one by one" not in page
