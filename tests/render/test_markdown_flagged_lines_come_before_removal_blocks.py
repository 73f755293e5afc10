"""Each change that needs a flag keeps its line in the Markdown comment before the blocks of
connections that destroy history take room: fz90's 153 removals, whose blocks only say again
`destroys N observations`, took half of the room, and 13 of 180 data-model changes were only counted
(`13 more changes ... are not shown here`), with the distinct updates left out altogether."""

from __future__ import annotations

from iotplan.plan.model import Action, Change, FieldChange
from iotplan.render import render_markdown
from iotplan.render.markdown import COMMENT_LIMIT
from tests.render.plans import change, plan


def _fleet() -> list[Change]:
    """150 sites each losing a sensor that holds history, and 180 more whose two sensors change
    their unit the site's own way: every removal's block leads, every unit change needs
    --allow-data-model-change and is a distinct update on two sensors."""
    removals = [
        change(f"site-{site:03}/logger/pz-9", Action.REMOVE, "not in the manifest", observations=400)
        for site in range(150)
    ]
    units = [
        change(
            f"site-{site:03}/logger/pz-{sensor}",
            Action.UPDATE,
            "differs",
            fields=(FieldChange("metrics[0].unit", "Pa", f"kPa-{site}-{'x' * 60}"),),
            touches_data_model=True,
            observations=50,
        )
        for site in range(150, 330)
        for sensor in range(2)
    ]
    return [*removals, *units]


def test_every_data_model_change_is_named_and_the_distinct_updates_shown() -> None:
    markdown = render_markdown(plan(*_fleet()), saved_as="plan.json")
    assert len(markdown) <= COMMENT_LIMIT
    assert markdown.count('\n> - `metrics[0].unit: "Pa" → ') == 180
    assert "more changes, on" not in markdown
    assert "distinct updates" in markdown
    assert "<details>" in markdown  # the removals' blocks still have room, what is left of it
