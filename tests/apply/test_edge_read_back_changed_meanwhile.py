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


# --- read-backs the gateway makes itself: no other writer is blamed, and a rerun is not said to overwrite one
class DefaultOnRemoval(FakeGateway):
    """A DELETE of COMM_TYPE reverts it to the gateway's default."""

    async def delete_port_config(self, port: int, resources: list[str]) -> None:
        await super().delete_port_config(port, resources)
        if "COMM_TYPE" in resources:
            self.ports[port]["COMM_TYPE"] = "RS232"


class SagsUnderLoad(FakeGateway):
    """A 15 V supply measured at 13.2 V: power reads back as the voltage means (12V)."""

    async def set_port_power(self, port: int, value: int) -> None:
        await super().set_port_power(port, value)
        self.voltages[port] = 13.2


def test_a_removal_read_back_as_a_default_is_the_gateway_s_not_another_writer() -> None:
    outcome = push(DefaultOnRemoval(), setting("port2.comm_type", None, "RS485"))
    assert outcome.message == (
        "verification failed: port2.comm_type: wrote None, read back 'RS232': the gateway keeps another "
        "value than it accepted (a removed setting may read back as the gateway's default)"
    )
    assert "another writer" not in outcome.first_step
    assert outcome.first_step.startswith("run `iotplan plan` to see why port2.comm_type reads back otherwise")


def test_a_power_read_back_is_worded_as_measured_never_as_another_writer() -> None:
    outcome = push(SagsUnderLoad(), setting("port2.power", "15V", "off"))
    assert outcome.message == (
        "verification failed: port2.power: wrote '15V', read back '12V' as measured (power is inferred from "
        "the port's voltage): the gateway keeps another value than it accepted, or the port's supply "
        "measures otherwise under load"
    )
    assert "another writer" not in outcome.first_step and outcome.first_step


def test_another_writer_is_named_beside_a_setting_the_gateway_kept_otherwise() -> None:
    class Both(AnotherWriterMeanwhile, DefaultOnRemoval):
        pass

    written = setting("port2.baud_rate", 38400, 9600), setting("port2.comm_type", None, "RS485")
    outcome = push(Both(), *written)
    assert outcome.first_step == (
        "run `iotplan plan` to see why port2.baud_rate, port2.comm_type read back otherwise before applying "
        "again: applying again would write over another writer's value of port2.baud_rate"
    )
