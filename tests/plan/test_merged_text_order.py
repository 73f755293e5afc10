"""A merged plan's text names its connections, and samples its distinct updates, as one run's does,
not shard after shard (fz90: the merged Markdown was in one run's order, the text was not, so the ten
distinct updates it named differed from one run's, and the line counting the rest said another total of
observations)."""

from __future__ import annotations

import re

from iotplan.plan.model import Action, FieldChange, Plan
from iotplan.render.text import render_text
from tests.plan.test_merged_markdown_order import merged
from tests.render.plans import change, plan


def units(count: int) -> Plan:
    """One run's plan: connections c0, c1, ... in the manifest's order, each changing its two sensors'
    unit its own way, each holding its own history."""
    return plan(
        *(
            change(
                f"c{index}/logger/pz-{sensor}",
                Action.UPDATE,
                "differs",
                fields=(FieldChange("metrics[0].unit", "Pa", f"kPa-{index}"),),
                touches_data_model=True,
                observations=index + 1,
            )
            for index in range(count)
            for sensor in range(2)
        )
    )


def test_the_merged_text_is_one_runs() -> None:
    whole = units(24)
    split = merged(whole, 3)
    assert [c.connection for c in split.changes] != [c.connection for c in whole.changes]  # by shard
    text = render_text(split, color=False)
    assert re.findall(r"^# connection (c[0-9]+)", text, re.MULTILINE) == [f"c{i}" for i in range(24)]
    assert text == render_text(whole, color=False)
