"""A partial plan with no changes saw only its selection: no view may say the whole platform matches."""

from __future__ import annotations

import dataclasses

import pytest

from iotplan.plan.model import Plan, PlanOptions
from iotplan.plan.on_device import TARGET_PREFIX
from iotplan.render.markdown import render_markdown
from iotplan.render.text import render_text
from tests.render.plans import in_sync, plan

VIEWS = {
    "text": lambda shown: render_text(shown, color=False),
    "markdown": lambda shown: render_markdown(shown),
}
SELECTIONS = [PlanOptions(targets=("dam-a/*",)), PlanOptions(excludes=("dam-b",))]


def unchanged(options: PlanOptions, *, on_device: bool = False) -> Plan:
    shown = dataclasses.replace(plan(in_sync("dam-a"), in_sync("dam-a/logger-1")), options=options)
    return dataclasses.replace(shown, target_identity=f"{TARGET_PREFIX}gw-1") if on_device else shown


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("options", SELECTIONS, ids=["target", "exclude"])
def test_a_partial_plan_without_changes_claims_only_its_selection(view: str, options: PlanOptions) -> None:
    shown = VIEWS[view](unchanged(options))
    assert "No changes in the selection." in shown
    assert "matches the manifest" not in shown


@pytest.mark.parametrize("view", VIEWS)
def test_a_partial_plan_made_on_a_thread_claims_only_its_selection(view: str) -> None:
    shown = VIEWS[view](unchanged(SELECTIONS[0], on_device=True))
    assert "No changes in the selection." in shown
    assert "THREAD matches" not in shown


@pytest.mark.parametrize("view", VIEWS)
def test_a_full_plan_without_changes_still_says_the_platform_matches(view: str) -> None:
    shown = VIEWS[view](unchanged(PlanOptions()))
    assert "No changes. The platform matches the manifest." in shown
    assert "selection" not in shown
