"""A hand-made entity's live name of 5,000 characters is cut in drift's text, Markdown and HTML as
other long live text is (fz90: drift printed it whole beside the entity's address, a line of 5,148
characters, where the plan names the entity by its `#id`)."""

from __future__ import annotations

import pytest

from iotplan.plan.drift import Report
from iotplan.plan.model import Action
from iotplan.render.drift import render_drift_markdown, render_drift_text
from iotplan.render.drift_html import render_drift_html
from iotplan.wording import LIVE_TEXT_SHOWN
from tests.render.drifts import report
from tests.render.plans import change, in_sync, plan

NAME = "X" * 5_000


def _drift() -> Report:
    stray = change(
        "site-094/logger/#D8D92F",
        Action.UNMANAGED,
        "not declared, not owned by stack 'fleet' (SERIAL_NO 'hostile-4')",
        ref_id=None,
        live_id="sen-D8D92F",
        live_ref_id="hostile-4",
        before={"name": NAME},
    )
    return report(("sites/fleet.yaml", plan(in_sync("site-094"), stray)))


VIEWS = {
    "text": lambda drift: render_drift_text(drift, color=False),
    "markdown": render_drift_markdown,
    "html": render_drift_html,
}


@pytest.mark.parametrize("view", list(VIEWS))
def test_a_long_live_name_is_cut_in_every_view(view: str) -> None:
    shown = VIEWS[view](_drift())
    assert "X" * LIVE_TEXT_SHOWN not in shown
    assert "#D8D92F " in shown and "XXX..." in shown
