"""A setting read back as neither what iotplan wrote nor what its plan read was set by someone between
the write and the read-back (another iotplan run, a person or a script): the apply says so, as the
verifying plan does, and never advises running it again, which would write over that value."""

from __future__ import annotations

from typing import Any

from iotplan.apply.outcome import Status
from tests.apply.test_edge import push, setting
from tests.live.fakegateway import FakeGateway

BAUD_RATE = "thread-north/edge/port2.baud_rate"


class AnotherWriterMeanwhile(FakeGateway):
    """Takes port 2's write; then someone else sets its baud rate before iotplan reads it back."""

    async def put_port_config(self, port: int, props: dict[str, Any]) -> None:
        await super().put_port_config(port, props)
        self.ports[port]["BAUD_RATE"] = 57600


def test_a_setting_read_back_as_a_third_value_is_said_changed_by_another_writer_meanwhile() -> None:
    outcome = push(AnotherWriterMeanwhile(), setting("port2.baud_rate", 38400, 9600))
    assert outcome.status is Status.FAILED and outcome.unsure == [BAUD_RATE]
    assert outcome.message == (
        "verification failed: port2.baud_rate: wrote 38400, read back 57600: another writer changed what "
        "this apply wrote meanwhile (another iotplan run, a person or a script), or the gateway keeps "
        "another value than it accepted"
    )


def test_its_next_step_is_a_plan_to_see_why_never_a_rerun() -> None:
    outcome = push(AnotherWriterMeanwhile(), setting("port2.baud_rate", 38400, 9600))
    assert outcome.first_step == (
        "run `iotplan plan` to see why port2.baud_rate reads back otherwise before applying again: "
        "applying again would write over another writer's value"
    )


def test_a_write_read_back_as_the_plan_read_it_keeps_its_wording_and_no_step() -> None:
    outcome = push(FakeGateway(ignore_writes=True), setting("port1.comm_type", "RS485", "RS232"))
    assert outcome.message == "verification failed: port1.comm_type: wrote 'RS485', read back 'RS232'"
    assert outcome.first_step == ""


class TwoChangedMeanwhile(AnotherWriterMeanwhile):
    async def put_port_config(self, port: int, props: dict[str, Any]) -> None:
        await super().put_port_config(port, props)
        self.ports[port]["PARITY_BIT"] = "ODD"


def test_each_setting_changed_meanwhile_is_named_in_the_step() -> None:
    written = setting("port2.baud_rate", 38400, 9600), setting("port2.parity", "EVEN", "NONE")
    outcome = push(TwoChangedMeanwhile(), *written)
    assert outcome.first_step.startswith(
        "run `iotplan plan` to see why port2.baud_rate, port2.parity read back otherwise before applying"
    )
