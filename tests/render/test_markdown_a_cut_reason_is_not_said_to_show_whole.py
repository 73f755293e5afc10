"""A pending gateway's reason holding a platform message cut already (`... (its first 2,000 of 9,000
characters)`): the callout cut it at 500 characters and said "`iotplan show plan.json --detail` shows it
whole", which no view does. It says how much `show` shows."""

from __future__ import annotations

import dataclasses

from iotplan.plan.model import Action, Cause, Kind
from iotplan.render.markdown import render_markdown
from tests.render.plans import change, plan


def test_a_reason_cut_by_the_platform_is_not_said_to_show_whole() -> None:
    reason = (
        "unreachable: GET /api/serialNumber answered 503: "
        + "x" * 2_000
        + "... (its first 2,000 of 9,000 characters)"
    )
    pending = change("s1/edge", Action.PENDING, reason, cause=Cause.GATEWAY_UNREACHABLE)
    markdown = render_markdown(
        plan(dataclasses.replace(pending, kind=Kind.EDGE, connection="s1")), saved_as="plan.json"
    )
    assert "shows it whole" not in markdown
    length = f"{len(reason):,}"
    assert (
        f"(its first 500 of {length} characters: `iotplan show plan.json --detail` shows all {length})"
        in markdown
    )
