"""The text and Markdown drift reports end with one "Next:" line fitting what was found, where no
entry's reason gives a step: a field changed in the web app (MODIFIED), an entity deleted there
(MISSING), a gateway not read (UNREACHABLE, asleep) or another box at a gateway's address. One line
for the report, not one per entry; none where nothing was found. The HTML page is left as it is."""

from __future__ import annotations

import pytest

from iotplan.plan.drift import Report, Status
from iotplan.render.drift import render_drift_markdown, render_drift_text
from iotplan.render.drift_html import render_drift_html
from tests.render import drifts

VIEWS = {
    "text": lambda report: render_drift_text(report, color=False),
    "markdown": render_drift_markdown,
}


def _last_line(report: Report, view: str) -> str:
    return VIEWS[view](report).rstrip("\n").splitlines()[-1]


@pytest.mark.parametrize("view", VIEWS)
def test_modified_entities_end_with_plan_showing_what_the_next_apply_writes_back(view: str) -> None:
    report = drifts.SCENARIOS["modified"]()
    modified = report.counts[Status.MODIFIED]
    last = _last_line(report, view)
    assert last.startswith(("Next:", "**Next:**"))
    assert "iotplan plan" in last and "sites/dams.yaml" in last
    assert f"writes back ({modified} modified)" in last
    assert "belongs in the manifest" in last


@pytest.mark.parametrize("view", VIEWS)
def test_missing_entities_are_counted_in_the_next_step(view: str) -> None:
    report = drifts.SCENARIOS["missing"]()
    assert f"({report.counts[Status.MISSING]} missing)" in _last_line(report, view)


@pytest.mark.parametrize("view", VIEWS)
def test_gateways_not_read_and_another_box_answering_each_get_a_step(view: str) -> None:
    last = _last_line(drifts.SCENARIOS["gateways"](), view)
    assert "drift again once" in last  # the unreachable and the asleep gateway
    assert "another box answers" in last  # the identity mismatch at thread-east
    assert last.count("Next:") == 1


@pytest.mark.parametrize("view", VIEWS)
def test_a_report_with_nothing_found_gives_no_next_step(view: str) -> None:
    assert "Next:" not in VIEWS[view](drifts.SCENARIOS["clean"]())


def test_the_html_page_gives_no_next_line() -> None:
    page = render_drift_html(drifts.SCENARIOS["modified"]())
    assert "Next:" not in page
