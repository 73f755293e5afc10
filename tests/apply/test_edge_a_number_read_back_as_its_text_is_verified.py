"""A gateway that keeps a port's number as text (writes 38400, reads back "38400") keeps the value
written: the reference types BAUD_RATE and DATA_BITS integers, and PORT both ways, so digits as text
name the same number. The write verifies, and the next plan finds the setting in sync."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.apply.outcome import Status
from iotplan.live.gateways import PORT_PROPS, read_gateway
from iotplan.plan.address import Address
from iotplan.plan.edge import EdgeContext, edge_changes
from iotplan.plan.model import Action
from tests.apply.test_edge import push, setting
from tests.live.fakegateway import FakeGateway

PROP_OF = {setting: prop for prop, setting in PORT_PROPS.items()}  # baud_rate → BAUD_RATE
WRITTEN = [("port2.baud_rate", 38400, 9600), ("port2.data_bits", 7, 8), ("port1.usb_port", 1212, None)]


class KeepsNumbersAsText(FakeGateway):
    async def put_port_config(self, port: int, props: dict[str, Any]) -> None:
        await super().put_port_config(port, props)
        self.ports[port].update({k: str(v) for k, v in props.items() if isinstance(v, int)})


@pytest.mark.parametrize(("name", "after", "before"), WRITTEN)
def test_a_number_written_and_read_back_as_its_digits_is_verified(name: str, after: int, before: Any) -> None:
    outcome = push(KeepsNumbersAsText(), setting(name, after, before))
    assert (outcome.status, outcome.message) == (Status.APPLIED, "")
    assert outcome.applied == [f"thread-north/edge/{name}"] and outcome.unsure == []


@pytest.mark.parametrize(("name", "after", "_before"), WRITTEN)
def test_the_next_plan_finds_a_number_held_as_its_digits_in_sync(name: str, after: int, _before: Any) -> None:
    gateway = FakeGateway()
    port, port_setting = name.split(".")  # port2.baud_rate
    gateway.ports[int(port.removeprefix("port"))][PROP_OF[port_setting]] = str(after)
    live = asyncio.run(read_gateway(gateway, "192.0.2.10", "4A1B2C", {name}))
    context = EdgeContext(Address("thread-north"), "project-1", "/fn/4A1B2C")
    [change], _ = edge_changes(context, {name: after}, live)
    assert (change.action, change.before) == (Action.NOOP, {"value": after})


@pytest.mark.parametrize("held", ["fast", "38400.5", " 38400", True])
def test_what_is_no_number_s_digits_is_left_as_answered_and_shown_changing(held: Any) -> None:
    gateway = FakeGateway()
    gateway.ports[2]["BAUD_RATE"] = held
    live = asyncio.run(read_gateway(gateway, "192.0.2.10", "4A1B2C", {"port2.baud_rate"}))
    assert live.settings["port2.baud_rate"] == held
