"""A logger held on a port its gateway could not confirm says what to do and why in words that stand
alone, in the text plan and the JSON one alike: the gateway is named before any "it" refers to it. It
read "plan again once it answers as its API documents, since its `edge` line shows ..." and "plan again
once it does, since the gateway did not say which ports it has" (cr75)."""

from __future__ import annotations

import re

from iotplan.live import GatewayStatus
from tests.plan.test_thread import WITH_EDGE, desired, live_as_declared, planned, unread

PRONOUN = re.compile(r"\b(it|its|does)\b")


def test_each_held_loggers_reason_names_the_gateway_before_it_refers_to_it() -> None:
    unnamed = {}
    for status in set(GatewayStatus) - {GatewayStatus.MISMATCH}:
        connection = live_as_declared(desired())
        connection.devices.clear()
        connection.sensors.clear()
        plan = planned(desired(WITH_EDGE), connection, gateways=unread(status))
        (logger,) = [change for change in plan.changes if change.address == "thread/ipi"]
        advice = logger.reason.split("does not guess; ", 1)[1]
        pronoun = PRONOUN.search(advice)
        if pronoun is not None and "the gateway" not in advice[: pronoun.start()]:
            unnamed[str(status)] = advice
    assert not unnamed
