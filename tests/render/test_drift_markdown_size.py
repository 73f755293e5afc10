"""The Markdown drift report always fits one pull-request comment or job summary (GitHub refuses a
comment over 65,536 characters): what does not fit is counted, never silently dropped."""

from __future__ import annotations

import re

from iotplan.plan.drift import Report
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.model import Action
from iotplan.render.drift import render_drift_markdown
from tests.render import plans
from tests.render.drift_fleet import MANIFEST, TARGET, fleet, healthy
from tests.render.plans import change

GITHUB_COMMENT_LIMIT = 65_536


def attention(report: Report) -> int:
    return sum(site.needs_attention for site in report.ranked_sites())


def counted(markdown: str, what: str) -> int:
    """The count in a `_N more ... not shown here_` note, 0 without one."""
    found = re.search(rf"_([\d,]+) more {what}", markdown)
    return int(found.group(1).replace(",", "")) if found else 0


def test_a_fleet_drifted_everywhere_fits_one_comment_and_counts_every_site_it_leaves_out() -> None:
    report = fleet(sites=3000, drifted=2900)
    markdown = render_drift_markdown(report)
    assert len(markdown) <= GITHUB_COMMENT_LIMIT
    rows = len(re.findall(r"^\| `site-", markdown, flags=re.MULTILINE))
    assert rows > 0 and rows + counted(markdown, "sites? to look at") == attention(report)
    blocks = markdown.count("<details><summary><code>")
    assert blocks > 0 and blocks + counted(markdown, "sites?'?s? findings") == attention(report)


def test_thousands_of_sites_in_sync_are_counted_when_their_names_do_not_fit() -> None:
    report = fleet(sites=12_000, drifted=1)
    markdown = render_drift_markdown(report)
    assert len(markdown) <= GITHUB_COMMENT_LIMIT
    quiet = next(line for line in markdown.splitlines() if line.startswith("11,999 sites are in sync"))
    assert quiet.endswith("(the JSON and HTML reports name them).")
    assert markdown.count("`site-") == 2  # the one site to look at: its row and its finding


def test_one_site_with_thousands_of_findings_shows_what_fits_and_counts_the_rest() -> None:
    strays = [
        change(f"site-001/logger/#S{n:05d}", Action.UNMANAGED, "not declared, not owned by stack 'fleet'")
        for n in range(4000)
    ]
    entries = drift_entries(plans.plan(*healthy("site-001"), *strays), MANIFEST)
    markdown = render_drift_markdown(Report(target=TARGET, entries=entries))
    assert len(markdown) <= GITHUB_COMMENT_LIMIT
    listed = len(re.findall(r"^- \*\*UNMANAGED\*\*", markdown, flags=re.MULTILINE))
    assert listed > 100 and listed + counted(markdown, "findings? (?:is|are)") == 4000
    assert "site-001</code>: 4,000 to look at" in markdown


def test_a_report_that_fits_is_shown_whole() -> None:
    report = fleet(sites=40, drifted=12)
    markdown = render_drift_markdown(report)
    assert "not shown here" not in markdown and "name them" not in markdown
    assert markdown.count("<details><summary><code>") == attention(report) == 12
    in_sync = [site.key for site in report.ranked_sites() if not site.needs_attention]
    assert all(f"`{key}`" in markdown for key in in_sync)
