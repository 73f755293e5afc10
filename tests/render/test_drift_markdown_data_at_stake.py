"""The drift comment puts first, and counts in its heading, what the next apply destroys: a comment
cut short by its size limit never leaves out the one site whose history goes."""

from __future__ import annotations

from iotplan.plan.drift import Report
from iotplan.plan.drift_entries import drift_entries
from iotplan.plan.model import Action, Change
from iotplan.render.drift import render_drift_markdown
from tests.render import plans
from tests.render.drift_fleet import MANIFEST, TARGET, healthy
from tests.render.plans import change

OWNED = "not in the manifest; owned by stack 'fleet'"


def two_missing_devices(site: str) -> list[Change]:
    """Two critical findings: more than an orphaned connection's one."""
    return [
        *healthy(site),
        *(change(f"{site}/new-{n}", Action.CREATE, "not on the platform") for n in (1, 2)),
    ]


def report_of(*changes: Change) -> Report:
    return Report(target=TARGET, entries=drift_entries(plans.plan(*changes), MANIFEST))


def test_an_orphan_holding_data_is_named_with_its_count_among_hundreds_of_sites_with_more_findings() -> None:
    small = [each for n in range(1000) for each in two_missing_devices(f"site-{n:04d}")]
    report = report_of(*small, change("site-9999", Action.REMOVE, OWNED, observations=123_456))
    markdown = render_drift_markdown(report)
    assert "not shown here" in markdown  # the comment is cut: what it keeps is what ranks first
    heading = markdown.splitlines()[0]
    assert "destroys **123,456 observations** at 1 site" in heading
    assert "| `site-9999` |" in markdown
    assert "<code>site-9999</code>" in markdown and "destroying 123,456 observations" in markdown


def test_an_orphan_whose_count_was_not_read_ranks_first_too() -> None:
    small = [each for n in range(1000) for each in two_missing_devices(f"site-{n:04d}")]
    report = report_of(*small, change("site-9999", Action.REMOVE, OWNED, observations_unknown=True))
    assert report.ranked_sites()[0].key == "site-9999"
    heading = render_drift_markdown(report).splitlines()[0]
    assert "destroys **an unknown number of observations** at 1 site" in heading
