"""A nightly drift report of a large fleet reads its counts as people write them: 1,234, not 1234."""

from __future__ import annotations

from iotplan.plan.drift import Status
from iotplan.render.drift import render_drift_markdown, render_drift_text
from iotplan.render.drift_html import render_drift_html
from tests.render import drift_fleet


def test_counts_in_the_thousands_are_grouped_in_every_line_that_counts() -> None:
    report = drift_fleet.fleet(sites=1200, drifted=1)
    in_sync = report.counts[Status.IN_SYNC]
    assert in_sync >= 1000
    text = render_drift_text(report, color=False)
    summary = text.splitlines()[-2]  # the last line is the next step
    assert summary.startswith("Drift") and f"{in_sync:,} in sync" in summary
    assert "1,199 sites are in sync" in text
    assert f"{in_sync:,} in sync" in render_drift_markdown(report).splitlines()[0]


def test_the_html_page_groups_the_sites_to_look_at() -> None:
    report = drift_fleet.fleet(sites=1200, drifted=1100)
    attention = sum(site.needs_attention for site in report.ranked_sites())
    assert attention >= 1000
    assert f"<h2>{attention:,} sites to look at</h2>" in render_drift_html(report)
