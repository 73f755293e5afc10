"""A plan comment made with no plan saved says how to save one for what it leaves out: it pointed to
"`iotplan show` of the saved plan" when there was none."""

from __future__ import annotations

from iotplan.plan.model import Action
from iotplan.render import render_markdown
from tests.render.plans import change, plan


def test_a_comment_with_no_plan_saved_says_how_to_save_one_for_what_it_leaves_out() -> None:
    markdown = render_markdown(plan(*(change(f"c{n}", Action.REMOVE, "gone") for n in range(9000))))
    cut = next(line for line in markdown.splitlines() if "more removals are not shown here" in line)
    assert "the saved plan" not in cut and "`--out plan.json`" in cut
