"""What an interrupted apply reports: a unit cut short keeps what its answered writes confirmed, and
an apply interrupted once every unit is done reports them all, unverified."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from iotplan.apply.edge import Gateway, gateway_units
from iotplan.apply.outcome import Outcome, Status
from iotplan.apply.units import Unit
from iotplan.commands.apply import ApplyRequest, ApplyResult, PreparedApply, apply_prepared
from iotplan.errors import ApplyInterrupted
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Action, Plan
from iotplan.render.apply_report import VERIFY_INTERRUPTED, render_apply_text
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


def applied(name: str) -> Unit:
    changes = [plans.change(name, Action.CREATE, "new")]

    async def run() -> Outcome:
        outcome = Outcome(name, pending=[name])
        await outcome.send(lambda: asyncio.sleep(0), changes)
        outcome.status = Status.APPLIED
        return outcome

    return Unit(name, changes, run)


async def cancelled_replan() -> Plan:
    task = asyncio.current_task()
    assert task is not None
    task.cancel()  # Ctrl-C: asyncio cancels the command's task while the verifying read runs
    await asyncio.sleep(60)
    raise AssertionError("not cancelled")


def test_an_apply_interrupted_during_its_verifying_read_reports_every_unit_it_ran() -> None:
    plan = plans.plan(plans.change("dam-a", Action.CREATE, "new"))
    raised = interrupted_apply(plan, lambda: {"dam-a": applied("dam-a")}, cancelled_replan)
    report = raised.report
    assert isinstance(report, ApplyResult)
    assert [(o.connection, o.status, o.calls) for o in report.outcomes] == [("dam-a", Status.APPLIED, 1)]
    assert (report.stopped, report.verify_error, report.after) == ("interrupted", VERIFY_INTERRUPTED, None)
    assert str(raised).startswith(
        "interrupted: 1 applied, 0 in flight (outcome unknown), 0 not started, 0 failed; "
        "not verified: interrupted during the verifying read."
    )
    text = render_apply_text(
        report.outcomes, None, report.stopped, color=False, unverified=report.verify_error
    )
    assert text.endswith(
        "Apply interrupted: 1 change applied; 1 request sent.\n"
        "Not verified: interrupted during the verifying read.\n"
    )
