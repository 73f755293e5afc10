"""A gateway's writes count applied only once the read-back shows them made: one it contradicts, or
that a failed read-back could not verify, may or may not be made. The read-back holds each port
written to against all the plan expects of it, the serial settings it left as read included, so a
gateway that takes a write meant for another port (one ignoring `?port=`) is caught."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from iotplan.apply.edge import apply_gateway, gateway_units
from iotplan.apply.outcome import Status
from iotplan.errors import GatewayAnswerError
from iotplan.plan.model import Action
from tests.apply.test_edge import GATEWAY, NODE, push, setting
from tests.live.fakegateway import FakeGateway
from tests.plan.edgebuilder import setting_change
from tests.render import plans

COMM_TYPE, BAUD_RATE = "thread-north/edge/port1.comm_type", "thread-north/edge/port2.baud_rate"


class IgnoringPort(FakeGateway):
    """A gateway that configures and reads port 1 whatever `?port=` asks for."""

    async def put_port_config(self, port: int, props: dict[str, Any]) -> None:
        await super().put_port_config(1, props)

    async def get_port_config(self, port: int) -> dict[str, Any]:
        return await super().get_port_config(1)


def test_writes_the_read_back_contradicts_are_not_listed_applied() -> None:
    outcome = push(FakeGateway(ignore_writes=True), setting("port1.comm_type", "RS485", "RS232"))
    assert outcome.status is Status.FAILED
    assert outcome.message == "verification failed: port1.comm_type: wrote 'RS485', read back 'RS232'"
    assert outcome.applied == [] and outcome.unsure == [COMM_TYPE]


def test_only_the_writes_the_read_back_contradicts_are_unconfirmed() -> None:
    outcome = asyncio.run(
        apply_gateway(
            FakeGateway(ignore_writes=True, voltages={1: 12.1, 2: 0.0, 3: 0.2}),
            GATEWAY,
            [setting("port1.comm_type", "RS485", "RS232"), setting("port1.power", "12V", "off")],
            False,
        )
    )
    assert outcome.applied == ["thread-north/edge/port1.power"] and outcome.unsure == [COMM_TYPE]


def test_a_read_back_answered_with_nonsense_leaves_every_write_it_was_to_verify_unconfirmed() -> None:
    html = GatewayAnswerError(
        "the gateway at 192.0.2.10 answered GET /api/configure?port=1 with '<html>' where its API gives an "
        "object of the port's properties: its settings cannot be read, and nothing is written to it"
    )
    outcome = push(
        FakeGateway(fail={"get_port_config": html}),
        setting("port1.comm_type", "RS485", "RS232"),
        setting("port1.mode", "RS485"),  # never read back: as written
    )
    assert outcome.status is Status.PENDING and outcome.message.startswith("read-back failed: ")
    assert outcome.message.endswith(  # not "nothing is written to it": its writes were made
        "its settings cannot be read, so the writes made before it are not verified"
    )
    assert outcome.applied == ["thread-north/edge/port1.mode"] and outcome.unsure == [COMM_TYPE]


def test_a_gateway_that_writes_another_port_than_asked_fails_and_counts_none_of_those_writes() -> None:
    written = [setting("port1.comm_type", "RS485", "RS232"), setting("port2.baud_rate", 19200, 9600)]
    left = [
        setting_change(NODE, "port1.baud_rate", 9600, 9600, Action.NOOP),
        setting_change(NODE, "port2.comm_type", "RS232", "RS232", Action.NOOP),
    ]
    outcome = asyncio.run(apply_gateway(IgnoringPort(), GATEWAY, written, False, left=left))
    assert outcome.status is Status.FAILED
    assert (
        "port1.baud_rate: not written, read 9600 when planned, read back 19200: the gateway changed a "
        "setting of port 1 iotplan did not write (a write meant for another port may have reached it), "
        "so none of port 1's writes is seen made" in outcome.message
    )
    assert "port2.comm_type: not written, read 'RS232' when planned, read back 'RS485'" in outcome.message
    assert outcome.applied == [] and sorted(outcome.unsure) == [COMM_TYPE, BAUD_RATE]


def test_a_gateway_unit_holds_the_ports_written_to_against_the_settings_its_plan_left() -> None:
    plan = dataclasses.replace(
        plans.update(),
        changes=(
            setting_change(NODE, "port2.baud_rate", 9600, 19200),
            setting_change(NODE, "port2.comm_type", "RS232", "RS232", Action.NOOP),
            setting_change(NODE, "port1.comm_type", "RS232", "RS232", Action.NOOP),
        ),
    )
    fake = IgnoringPort()
    fake.ports[1]["COMM_TYPE"] = "RS485"  # port 1 is what port 2's reads answer
    [unit] = gateway_units(lambda host: fake, {NODE: GATEWAY}, plan, allow_disconnect=False)
    outcome = asyncio.run(unit.run())
    assert outcome.status is Status.FAILED and "port2.comm_type: not written" in outcome.message
    assert outcome.unsure == [BAUD_RATE]
