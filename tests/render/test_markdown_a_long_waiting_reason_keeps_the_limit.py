"""The callout of gateways refused or pending names the first whatever its length ("one at least"):
a reason of 70,000 characters (a gateway's JSON error message, which platform_message did not cut)
made a comment of 70,681 characters, over GitHub's 65,536."""

from __future__ import annotations

import dataclasses

from iotplan.plan.model import Action, Cause, Kind
from iotplan.render.markdown import COMMENT_LIMIT, render_markdown
from tests.render.plans import change, plan


def test_a_refusal_with_a_long_reason_keeps_the_comment_within_its_limit() -> None:
    refused = change(
        "s1/edge", Action.REFUSED, "identity mismatch: " + "x" * 70_000, cause=Cause.GATEWAY_MISMATCH
    )
    refused = dataclasses.replace(refused, kind=Kind.EDGE, connection="s1")
    markdown = render_markdown(plan(refused))
    assert len(markdown) <= COMMENT_LIMIT
    assert "> - refused edge `s1/edge`: identity mismatch: xxx" in markdown  # named, with the start of why
