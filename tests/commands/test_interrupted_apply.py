"""What an interrupted apply reports: a unit cut short keeps what its answered writes confirmed."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from iotplan.apply.edge import Gateway, gateway_units
from iotplan.apply.outcome import Status
from iotplan.apply.units import Unit
from iotplan.commands.apply import ApplyRequest, ApplyResult, PreparedApply, apply_prepared
from iotplan.errors import ApplyInterrupted
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Plan
from iotplan.render.apply_report import render_apply_text
from tests.guards.fleet import load
from tests.live.fakegateway import FakeGateway
from tests.plan.edgebuilder import setting_change
from tests.render import plans

NODE = "thread-north"
Replan = Callable[[], Awaitable[Plan]]
BAUD = setting_change(NODE, "port1.baud_rate", 9600, 19200)
CLOUD = setting_change(NODE, "cloud_connection", True, False)  # can cut the gateway off: sent last


class Interrupting(FakeGateway):
    """A gateway whose cloud connection setting is in flight when Ctrl-C cancels the command."""

    main: asyncio.Task[Any] | None = None

    async def put_cloud_connection(self, value: bool) -> None:
        self._request("put_cloud_connection", value)
        assert self.main is not None
        self.main.cancel()
        await asyncio.sleep(60)


def prepared(plan: Plan) -> PreparedApply:
    return PreparedApply(desired_state(load()), ApplyRequest(), plan, saved=True)


def interrupted_apply(plan: Plan, units: Callable[[], dict[str, Unit]], replan: Replan) -> ApplyInterrupted:
    async def work() -> ApplyResult:
        return await apply_prepared(prepared(plan), {}, units=units, replan=replan, confirm=lambda: None)

    with pytest.raises(ApplyInterrupted) as raised:
        asyncio.run(work())
    assert isinstance(raised.value.report, ApplyResult)
    return raised.value


async def no_replan() -> Plan:
    raise AssertionError("no verifying read after an interruption")


def test_a_unit_cut_short_reports_the_writes_answered_before_it_as_applied_and_its_requests_sent() -> None:
    plan = dataclasses.replace(plans.update(), changes=(BAUD, CLOUD))
    gateway = Interrupting()
    gateways = {NODE: Gateway(NODE, "192.0.2.10", "4A1B2C")}
    [unit] = gateway_units(lambda host: gateway, gateways, plan, allow_disconnect=True)

    def units() -> dict[str, Unit]:
        gateway.main = asyncio.current_task()
        return {unit.name: unit}

    raised = interrupted_apply(plan, units, no_replan)
    report = raised.report
    assert isinstance(report, ApplyResult)
    [outcome] = report.outcomes
    assert gateway.ports[1]["BAUD_RATE"] == 19200  # the gateway answered the first write
    assert (outcome.status, outcome.calls) == (Status.INTERRUPTED, 2)
    assert (outcome.applied, outcome.unsure, outcome.pending) == ([BAUD.address], [CLOUD.address], [])
    text = render_apply_text(report.outcomes, report.after, report.stopped, color=False)
    assert "Apply interrupted: 1 change applied; 2 requests sent." in text
    assert str(raised).startswith("interrupted: 0 applied, 1 in flight (outcome unknown)")
