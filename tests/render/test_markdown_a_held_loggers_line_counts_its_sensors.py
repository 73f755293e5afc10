"""A THREAD logger held (port not confirmed) with its 3 sensors: the callout names the logger, and its
block, left with the held sensors alone, is left out. The summary table said `pending 4`; the comment
named one logger and no sensor (before 79e9e54d the block listed all four)."""

from __future__ import annotations

from iotplan.plan.model import Action, Cause
from iotplan.render.markdown import render_markdown
from tests.render.plans import change, plan


def test_a_held_loggers_callout_line_counts_the_sensors_held_with_it() -> None:
    logger = change("s1/lg", Action.PENDING, "held: port 1 not confirmed", cause=Cause.PORT_UNCONFIRMED)
    sensors = [
        change(f"s1/lg/p{i}", Action.PENDING, "held with s1/lg", cause=Cause.PORT_UNCONFIRMED)
        for i in range(3)
    ]
    markdown = render_markdown(plan(logger, *sensors))
    named = [line for line in markdown.splitlines() if "`s1/lg`" in line]
    assert len(named) == 1 and "3 sensors" in named[0], markdown
