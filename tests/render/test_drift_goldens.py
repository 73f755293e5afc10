"""Each drift scenario's text, JSON, Markdown, JUnit and HTML match the files under tests/scenarios/drift/.

After a deliberate change to a view, regenerate with `IOTPLAN_UPDATE_GOLDEN=1 pytest tests/render`,
then read the diff of the golden files before committing them: they are the review. The HTML
page's generation time is fixed, so only a change to the view changes its golden.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from iotplan.plan.drift import Report
from iotplan.render.drift import (
    render_drift_json,
    render_drift_junit,
    render_drift_markdown,
    render_drift_text,
)
from iotplan.render.drift_html import render_drift_html
from tests.conftest import UPDATE_GOLDEN
from tests.render.drifts import SCENARIOS

GOLDEN_ROOT = Path(__file__).resolve().parent.parent / "scenarios" / "drift"
VIEWS: dict[str, Callable[[Report], str]] = {
    "drift.txt": lambda report: render_drift_text(report, color=False),
    "drift-all.txt": lambda report: render_drift_text(report, color=False, show_in_sync=True),
    "drift.json": render_drift_json,
    "drift.md": render_drift_markdown,
    "drift.xml": render_drift_junit,
    "drift.html": render_drift_html,
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_drift_view_matches_its_golden_file(scenario: str, view: str) -> None:
    rendered = VIEWS[view](SCENARIOS[scenario]())
    golden = GOLDEN_ROOT / scenario / view
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")
