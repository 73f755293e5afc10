"""The box that took a gateway's last write is asked its serial even when nothing written reads back
(an application update, a port's mode): another THREAD answering, or none, leaves that write of
unknown outcome, never applied."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.apply.edge import Gateway, apply_gateway
from iotplan.apply.outcome import Outcome, Status
from iotplan.errors import GatewayAnswerError, GatewayUnavailable
from iotplan.plan.impact import impact_of
from iotplan.plan.model import Change
from tests.live.fakegateway import FakeGateway
from tests.plan.edgebuilder import setting_change
from tests.render import plans

GATEWAY = Gateway("thread-north", "192.0.2.10", "4A1B2C")


def setting(name: str, after: Any, before: Any = None) -> Change:
    return setting_change("thread-north", name, before, after)


def push(fake: FakeGateway, *changes: Change) -> Outcome:
    return asyncio.run(apply_gateway(fake, GATEWAY, list(changes), allow_disconnect=False))


class SwappedAfterWriting(FakeGateway):
    """Another THREAD (5D6E7F) answers once a write has arrived: it took the address between the
    serial apply asked and the write, so the write was its."""

    def _request(self, name: str, *args: Any) -> None:
        if self.writes:
            self.serial = "5D6E7F"
        super()._request(name, *args)


class SilentAfterUpdating(FakeGateway):
    """Answers nothing once an update has arrived: its API restarting."""

    def _request(self, name: str, *args: Any) -> None:
        if any(write[0] == "update" for write in self.writes):
            raise GatewayUnavailable("GET /api/serialNumber got no answer")
        super()._request(name, *args)


def test_an_update_that_another_thread_may_have_taken_is_of_unknown_outcome() -> None:
    outcome = push(SwappedAfterWriting(), setting("app_version", "7.18.0", "7.17.0"))
    assert outcome.status is Status.FAILED
    assert outcome.message == (
        "identity mismatch: the gateway at 192.0.2.10 reports serial 5D6E7F, not 4A1B2C: nothing more "
        "was written; app_version may have gone to the THREAD that answered (5D6E7F)"
    )
    assert outcome.applied == [] and outcome.unsure == ["thread-north/edge/app_version"]


def test_a_forced_mode_that_another_thread_may_have_taken_is_of_unknown_outcome() -> None:
    outcome = push(SwappedAfterWriting(), setting("port1.mode", "RS485"))
    assert outcome.status is Status.FAILED and outcome.message.endswith(
        "port1.mode may have gone to the THREAD that answered (5D6E7F)"
    )
    assert outcome.applied == [] and outcome.unsure == ["thread-north/edge/port1.mode"]


def test_an_update_after_which_the_gateway_says_nothing_is_of_unknown_outcome() -> None:
    outcome = push(SilentAfterUpdating(), setting("app_version", "7.18.0", "7.17.0"))
    assert outcome.status is Status.PENDING
    assert outcome.message == (
        "the gateway's serial, asked after the last write, was not confirmed: "
        "GET /api/serialNumber got no answer"
    )
    assert outcome.applied == [] and outcome.unsure == ["thread-north/edge/app_version"]


def test_an_update_after_writes_whose_read_back_fails_is_of_unknown_outcome_with_them() -> None:
    outcome = push(
        SilentAfterUpdating(), setting("port1.baud_rate", 19200), setting("app_version", "7.18.0", "7.17.0")
    )
    assert outcome.status is Status.PENDING
    assert outcome.unsure == ["thread-north/edge/port1.baud_rate", "thread-north/edge/app_version"]


def test_the_serial_is_asked_once_after_an_update_and_not_again_where_a_read_back_asks_it() -> None:
    fake = FakeGateway()
    assert push(fake, setting("app_version", "7.18.0", "7.17.0")).status is Status.APPLIED
    assert [call[0] for call in fake.calls] == ["serial_number", "update", "serial_number"]
    fake = FakeGateway()
    push(fake, setting("port2.connected", False), setting("app_version", "7.18.0", "7.17.0"))
    after = [call[0] for call in fake.calls][[call[0] for call in fake.calls].index("update") :]
    assert after.count("serial_number") == 2  # the read-back's, before and after it reads


def test_the_estimate_counts_the_serial_asked_after_an_update() -> None:
    update = setting("app_version", "7.18.0", "7.17.0")
    fake = FakeGateway()
    push(fake, update)
    assert impact_of(plans.plan(update)).write_requests == len(fake.calls) == 3


def test_an_update_after_writes_whose_read_back_heard_the_serial_first_is_applied() -> None:
    """The read-back's serial confirmed the box that took the update; a read after it failing says
    nothing of that box."""
    nonsense = GatewayAnswerError(
        "the gateway at 192.0.2.10 answered GET /api/configure?port=1 with '<html>'"
    )
    fake = FakeGateway(fail={"get_port_config": nonsense})
    outcome = push(fake, setting("port1.baud_rate", 19200), setting("app_version", "7.18.0", "7.17.0"))
    assert outcome.status is Status.PENDING
    assert outcome.applied == ["thread-north/edge/app_version"]
    assert outcome.unsure == ["thread-north/edge/port1.baud_rate"]


@pytest.mark.parametrize(
    "silence",
    [
        GatewayUnavailable("GET /api/configure?port=1 got no answer"),
        GatewayUnavailable("the gateway at 192.0.2.10 is asleep", asleep=True),
        GatewayUnavailable("the gateway at 192.0.2.10 is rate limited", rate_limited=True),
    ],
    ids=["unanswered", "asleep", "rate-limited"],
)
def test_an_update_whose_read_back_heard_the_serial_before_falling_silent_is_applied(
    silence: GatewayUnavailable,
) -> None:
    """Whatever stopped the read-back after its serial answered right (cr54 #2): that box, this
    THREAD, took the update; only the writes it was to verify are unconfirmed."""
    fake = FakeGateway(fail={"get_port_config": silence})
    outcome = push(fake, setting("port1.baud_rate", 19200), setting("app_version", "7.18.0", "7.17.0"))
    assert outcome.status is Status.PENDING
    assert outcome.applied == ["thread-north/edge/app_version"]
    assert outcome.unsure == ["thread-north/edge/port1.baud_rate"]


class NoSerialAfterUpdating(FakeGateway):
    """Answers its serial read with an HTML page once an update has arrived."""

    async def serial_number(self) -> str:
        if any(write[0] == "update" for write in self.writes):
            raise GatewayAnswerError("the gateway at 192.0.2.10 answered GET /api/serialNumber with '<html>'")
        return await super().serial_number()


def test_an_update_whose_read_back_heard_no_serial_is_of_unknown_outcome_with_the_writes() -> None:
    outcome = push(
        NoSerialAfterUpdating(),
        setting("port1.baud_rate", 19200),
        setting("app_version", "7.18.0", "7.17.0"),
    )
    assert outcome.status is Status.PENDING
    assert outcome.unsure == ["thread-north/edge/port1.baud_rate", "thread-north/edge/app_version"]
