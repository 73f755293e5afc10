"""The data-model line the Markdown comment keeps whatever the removals take is cut to a bounded
length, saying what it leaves out, so the comment always fits (cr59 #4: a `metrics` list of 800
custom metrics changed on 5 sensors made a comment of 142,111 characters that named none of 1,000
removals)."""

from __future__ import annotations

import re

from iotplan.plan.model import Action, Change, FieldChange
from iotplan.render import render_markdown
from iotplan.render.markdown import COMMENT_LIMIT
from tests.render.plans import change, plan


def _metrics(letter: str) -> list[dict[str, str]]:
    return [{"custom_metric": f"m{n}_{letter * 40}", "custom_unit": "u"} for n in range(800)]


def _changes() -> list[Change]:
    removals = [
        change(f"site-{c:03}/logger-{n}/pz-{n}", Action.REMOVE, "removed from the manifest", observations=5)
        for c in range(100)
        for n in range(10)
    ]
    metrics = FieldChange("metrics", _metrics("x"), _metrics("y"))
    updates = [
        change(
            f"dm/l/s{n}", Action.UPDATE, "differs", fields=(metrics,), touches_data_model=True, observations=3
        )
        for n in range(5)
    ]
    return [*removals, *updates]


def test_a_long_change_is_cut_and_the_comment_fits() -> None:
    markdown = render_markdown(plan(*_changes()), saved_as="plan.json")
    assert len(markdown) <= COMMENT_LIMIT
    line = next(line for line in markdown.splitlines() if line.startswith("> - `metrics: "))
    assert len(line) < 1_000
    cut = r"\.\.\.` \(its first [\d,]+ of [\d,]+ characters: `iotplan show plan\.json --detail` shows it"
    assert re.search(cut + r" whole\) on 5 sensors in 1 connection: `dm`$", line)
    assert markdown.count("\n- remove sensor ") > 500  # the removals have their room again
