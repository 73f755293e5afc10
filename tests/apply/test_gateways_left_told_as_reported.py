"""The closing error's gateways and the JSON report say the same of each gateway, from one source (its
outcome): the apply's reason, and the verifying read's beside it with when each was found where that
read found another; and every gateway the error's header names is told under a heading (fz76 #3)."""

from __future__ import annotations

import asyncio
import json

import pytest

from iotplan.apply.outcome import Outcome, Status
from iotplan.apply.units import Unit
from iotplan.commands.apply import ApplyRequest, ApplyResult, PreparedApply, apply_prepared
from iotplan.errors import ApplyError
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Action, Cause, Change, Plan
from iotplan.render.apply_report import render_apply_json
from tests.guards.fleet import FLEET, load
from tests.plan.edgebuilder import gateway_change, setting_change
from tests.render.plans import plan

UNREACHABLE = "unreachable: GET /api/deviceAdcRead?port=1&option=0 got no answer"
ASLEEP = "asleep: the gateway at 127.0.0.1:19993 is asleep"
UNREACHABLE_6 = "unreachable: GET /api/configure?port=3 got no answer"
ASLEEP_6 = "the gateway at 127.0.0.1:19997 is asleep"  # as a unit's push says it
ASLEEP_8 = "the gateway at 127.0.0.1:19999 is asleep"
LOST = "PUT /api/configure?port=1 answered 503: the write may or may not have been applied"


def baud(node: str) -> Change:
    return setting_change(node, "port1.baud_rate", 9600, 38400)


def unit(node: str, status: Status, message: str, *, unsure: bool = False) -> Unit:
    address = f"{node}/edge/port1.baud_rate"
    outcome = Outcome(f"{node}/edge", status, message, pending=[] if unsure else [address])
    outcome.unsure = [address] if unsure else []
    outcome.calls = int(unsure)

    async def run() -> Outcome:
        return outcome

    return Unit(outcome.connection, [baud(node)], run)


def applied() -> ApplyResult:
    planned = plan(
        gateway_change("s02", Action.PENDING, Cause.GATEWAY_UNREACHABLE, UNREACHABLE),
        baud("s01"),
        baud("s06"),
        baud("s08"),
    )
    after = plan(
        gateway_change("s02", Action.PENDING, Cause.GATEWAY_ASLEEP, ASLEEP),
        gateway_change("s06", Action.PENDING, Cause.GATEWAY_UNREACHABLE, UNREACHABLE_6),
        baud("s01"),
        baud("s08"),
    )
    units = [
        unit("s01", Status.FAILED, LOST, unsure=True),
        unit("s06", Status.PENDING, ASLEEP_6),
        unit("s08", Status.PENDING, ASLEEP_8),
    ]

    async def replan() -> Plan:
        return after

    prepared = PreparedApply(desired_state(load(FLEET)), ApplyRequest(), planned, saved=True)
    run = apply_prepared(
        prepared, {}, units=lambda _: {u.name: u for u in units}, replan=replan, confirm=lambda: None
    )
    return asyncio.run(run)


def test_each_gateway_is_told_alike_in_the_error_and_the_json_report() -> None:
    result = applied()
    reported = json.loads(render_apply_json(result.outcomes, result.after, result.stopped))
    messages = {outcome["connection"]: outcome["message"] for outcome in reported["outcomes"]}
    with pytest.raises(ApplyError) as raised:
        result.raise_if_incomplete(told="in the JSON report")
    said = str(raised.value)
    both_2 = f"{UNREACHABLE} when planned; {ASLEEP} at the verifying read"
    both_6 = f"{ASLEEP_6} when written to; {UNREACHABLE_6} at the verifying read"
    assert messages["s02/edge"] == both_2 and messages["s06/edge"] == both_6
    gateways = said[said.index("these gateways were not changed:") :]
    assert gateways == (
        "these gateways were not changed:\n"
        f"  s02/edge: pending: {both_2}\n"
        f"  s06/edge: pending: {both_6}\n"
        f"  s08/edge: pending: {ASLEEP_8}\n"
        "these gateways were written to, and did not finish:\n"
        f"  s01/edge: failed: {LOST}"
    )
