"""120 THREAD connections each creating a logger, 60 of their gateways pending with a reason of 2,000
characters (a gateway's 503 message, a Java stack trace, as platform_message cuts it). The callout
cut each reason it names at 500 characters, but the blocks of the pending gateways it does not name
carried them whole: the comment left 58 connections that write out. They are cut as the callout
cuts them, saying so."""

from __future__ import annotations

import dataclasses
import re

from iotplan.plan.model import Action, Cause, Change, Kind
from iotplan.render.markdown import CHANGE_SHOWN, render_markdown
from tests.render.plans import change, plan

TRACE = ("at com.vendor.gateway.Handler.run(Handler.java:42) " * 40)[:2_000]


def test_the_blocks_of_gateways_pending_cut_their_reasons_as_the_callout_does() -> None:
    changes: list[Change] = []
    for index in range(120):
        connection = f"t{index:03d}"
        if index % 2 == 0:
            reason = f"unreachable: GET http://10.0.{index}.1/api/serialNumber answered 503: {TRACE}"
            pending = change(f"{connection}/edge", Action.PENDING, reason, cause=Cause.GATEWAY_UNREACHABLE)
            changes.append(dataclasses.replace(pending, kind=Kind.EDGE, connection=connection))
        changes.append(
            change(f"{connection}/lg", Action.CREATE, "not on the platform", after={"name": "Logger"})
        )
    markdown = render_markdown(plan(*changes), saved_as="plan.json")
    assert not re.search(r"more connections? (?:is|are) not shown here", markdown), len(markdown)
    in_blocks = markdown.partition("<details>")[2]
    assert in_blocks.count(f"(its first {CHANGE_SHOWN:,} of ") == 60 - len(
        re.findall("^> - pending", markdown, re.M)
    )
