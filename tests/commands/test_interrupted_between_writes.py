"""A gateway push interrupted while iotplan reads the gateway between two writes (the serial
confirmed again before the next write) has no write in flight: it says so, its written settings stay
applied and the unsent ones not applied, and the error's count puts it apart from "in flight"."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from iotplan.apply.edge import Gateway, gateway_units
from iotplan.apply.outcome import Status
from iotplan.apply.units import Unit
from iotplan.commands.apply import ApplyResult
from iotplan.plan.model import Plan
from tests.commands.test_interrupted_apply import BAUD, NODE, POWER, interrupted_apply, no_replan
from tests.live.fakegateway import FakeGateway
from tests.render import plans


class InterruptedAtSecondConfirmation(FakeGateway):
    """A gateway whose serial, read again after the first write answered, is being read when
    Ctrl-C cancels the command."""

    main: asyncio.Task[Any] | None = None
    confirmations = 0

    async def serial_number(self) -> str:
        self.confirmations += 1
        if self.confirmations == 2:
            assert self.main is not None
            self.main.cancel()
            await asyncio.sleep(60)
        return await super().serial_number()


def test_a_gateway_interrupted_between_writes_has_nothing_in_flight() -> None:
    plan = dataclasses.replace(plans.update(), changes=(BAUD, POWER))
    gateway = InterruptedAtSecondConfirmation()
    gateways = {NODE: Gateway(NODE, "192.0.2.10", "4A1B2C")}
    [unit] = gateway_units(lambda host: gateway, gateways, plan, allow_disconnect=False)

    def units(_: Plan) -> dict[str, Unit]:
        gateway.main = asyncio.current_task()
        return {unit.name: unit}

    raised = interrupted_apply(plan, units, no_replan)
    assert isinstance(raised.report, ApplyResult)
    [outcome] = raised.report.outcomes
    assert [write[0] for write in gateway.writes] == ["put_port_config"]
    assert (outcome.status, outcome.calls) == (Status.INTERRUPTED, 1)
    assert (outcome.applied, outcome.unsure, outcome.pending) == ([BAUD.address], [], [POWER.address])
    assert outcome.message == "interrupted between writes: nothing in flight"
    assert str(raised).startswith(
        "interrupted: connections and gateways: 0 applied, 0 in flight (outcome unknown), "
        "1 between writes (nothing in flight), 0 not started, 0 failed."
    )
