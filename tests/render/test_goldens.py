"""Each scenario's text, Markdown and JSON match the committed files under tests/scenarios/render/.

After a deliberate change to a view, regenerate with `IOTPLAN_UPDATE_GOLDEN=1 pytest tests/render`,
then read the diff of the golden files before committing them: they are the review.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from iotplan.plan.model import Plan
from iotplan.render import plan_to_json, render_markdown, render_text
from tests.conftest import UPDATE_GOLDEN
from tests.render.plans import SCENARIOS

GOLDEN_ROOT = Path(__file__).resolve().parent.parent / "scenarios" / "render"
VIEWS: dict[str, Callable[[Plan], str]] = {
    "plan.txt": lambda plan: render_text(plan, color=False),
    "plan.md": render_markdown,
    "plan.json": plan_to_json,
}


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_view_matches_its_golden_file(scenario: str, view: str) -> None:
    rendered = VIEWS[view](SCENARIOS[scenario]())
    golden = GOLDEN_ROOT / scenario / view
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered, encoding="utf-8")
    assert rendered == golden.read_text(encoding="utf-8")
