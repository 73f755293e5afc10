"""What an interrupted apply reports: a unit cut short keeps what its answered writes confirmed (one
that sends a write at a time, a THREAD's or a gateway's, also what it never sent, as not applied), and
an apply interrupted once every unit is done reports them all, unverified."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from iotplan.apply.edge import Gateway, gateway_units
from iotplan.apply.outcome import Outcome, Status
from iotplan.apply.thread import thread_groups, thread_units
from iotplan.apply.units import Unit
from iotplan.clients.jsonrpc_transport import Handler
from iotplan.commands.apply import ApplyRequest, ApplyResult, PreparedApply, apply_prepared, interrupted
from iotplan.errors import ApplyInterrupted
from iotplan.plan.desired import desired_state
from iotplan.plan.model import Action, Plan
from iotplan.render.apply_report import INTERRUPTED, VERIFY_INTERRUPTED, render_apply_text
from tests.apply.test_thread import Recorder, plan_against_nothing
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


def interrupted_apply(
    plan: Plan, units: Callable[[Plan], dict[str, Unit]], replan: Replan
) -> ApplyInterrupted:
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

    def units(_: Plan) -> dict[str, Unit]:
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
    assert "Apply interrupted: 1 change applied; 2 write requests sent." in text
    assert str(raised).startswith(
        "interrupted: connections and gateways: 0 applied, 1 in flight (outcome unknown)"
    )


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
    raised = interrupted_apply(plan, lambda _: {"dam-a": applied("dam-a")}, cancelled_replan)
    report = raised.report
    assert isinstance(report, ApplyResult)
    assert [(o.connection, o.status, o.calls) for o in report.outcomes] == [("dam-a", Status.APPLIED, 1)]
    assert (report.stopped, report.verify_error, report.after) == ("interrupted", VERIFY_INTERRUPTED, None)
    assert str(raised).startswith(
        "interrupted: connections and gateways: 1 applied, 0 in flight (outcome unknown), 0 not started, "
        "0 failed; not verified: interrupted during the verifying read."
    )
    text = render_apply_text(
        report.outcomes, None, report.stopped, color=False, unverified=report.verify_error
    )
    assert text.endswith(
        "Apply interrupted: 1 change applied; 1 write request sent.\n"
        "Not verified: interrupted during the verifying read.\n"
    )


POWER = setting_change(NODE, "port1.power", "off", "12V")
CONNECTED = setting_change(NODE, "port1.connected", False, True)


class InterruptedAtPower(FakeGateway):
    """A gateway whose port power write is in flight when Ctrl-C cancels the command."""

    main: asyncio.Task[Any] | None = None

    async def set_port_power(self, port: int, value: int) -> None:
        self._request("set_port_power", port, value)
        assert self.main is not None
        self.main.cancel()
        await asyncio.sleep(60)


def test_a_gateway_cut_short_reports_its_write_in_flight_as_unknown_and_the_unsent_ones_not_applied() -> None:
    plan = dataclasses.replace(plans.update(), changes=(BAUD, POWER, CONNECTED))
    gateway = InterruptedAtPower()
    gateways = {NODE: Gateway(NODE, "192.0.2.10", "4A1B2C")}
    [unit] = gateway_units(lambda host: gateway, gateways, plan, allow_disconnect=False)

    def units(_: Plan) -> dict[str, Unit]:
        gateway.main = asyncio.current_task()
        return {unit.name: unit}

    [outcome] = interrupted_report(plan, units).outcomes
    assert [write[0] for write in gateway.writes] == [
        "put_port_config",
        "set_port_power",
    ]  # connected: unsent
    assert (outcome.status, outcome.calls) == (Status.INTERRUPTED, 2)
    assert (outcome.applied, outcome.unsure, outcome.pending) == (
        [BAUD.address],
        [POWER.address],
        [CONNECTED.address],
    )


def interrupted_report(plan: Plan, units: Callable[[Plan], dict[str, Unit]]) -> ApplyResult:
    report = interrupted_apply(plan, units, no_replan).report
    assert isinstance(report, ApplyResult)
    return report


class CutAtCreateDevice(Recorder):
    """The emulator's JSON-RPC handler, Ctrl-C cancelling the command while createDevice is sent."""

    main: asyncio.Task[Any] | None = None

    def connection(self) -> Handler:
        handler = super().connection()

        async def answer(request: dict[str, Any]) -> list[dict[str, Any]]:
            if request["method"] != "createDevice":
                return await handler(request)
            self.methods.append(request["method"])
            assert self.main is not None
            self.main.cancel()
            await asyncio.sleep(60)
            raise AssertionError("not cancelled")

        return answer


def test_a_thread_cut_short_reports_its_request_in_flight_as_unknown_and_the_unsent_ones_not_applied() -> (
    None
):
    plan = plan_against_nothing()
    recorder = CutAtCreateDevice()
    client = recorder.client()

    def units(_: Plan) -> dict[str, Unit]:
        recorder.main = asyncio.current_task()
        return {unit.name: unit for unit in thread_units(client, thread_groups(plan))}

    [outcome] = interrupted_report(plan, units).outcomes
    node, device, *sensors = (change.address for change in plan.writes)
    assert recorder.methods == ["authenticate", "getNodes", "updateNode", "createDevice"]  # no createSensor
    assert (outcome.status, outcome.calls) == (Status.INTERRUPTED, 2)
    assert (outcome.applied, outcome.unsure, sorted(outcome.pending)) == ([node], [device], sorted(sensors))


def test_a_removal_of_unknown_outcome_is_said_to_have_possibly_taken_its_history() -> None:
    """A removal in flight when interrupted may have gone with its history: "nothing applied is lost"
    would tell CI logs otherwise (a removal call's answer not yet read back, say)."""
    plan = plans.destruction()
    unsure = Outcome("dam-a", Status.INTERRUPTED, unsure=["dam-a/logger-1/pz-3", "dam-a/logger-9"])
    told = interrupted(ApplyResult(plan, [unsure], stopped=INTERRUPTED)).args[0]
    assert "1 removal of unknown outcome, history possibly gone: dam-a/logger-1/pz-3" in told
    assert "a replacement" not in told  # pz-3 is removed, not replaced: no replacement is among them
    assert "nothing applied is lost" not in told.lower()  # dam-a/logger-9 held none: not named
