"""A read-back that another box answers leaves the writes it was to verify of unknown outcome, as one
that falls silent does; and when it heard this THREAD's serial before that box answered, the writes
before it stay applied: that serial says this THREAD took them (cr56 #1, #2)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.apply.edge import Gateway, apply_gateway
from iotplan.apply.outcome import Outcome, Status
from iotplan.errors import GatewayUnavailable
from tests.live.fakegateway import FakeGateway
from tests.plan.edgebuilder import setting_change

GATEWAY = Gateway("thread-north", "192.0.2.10", "4A1B2C")
BAUD_RATE = setting_change("thread-north", "port1.baud_rate", 9600, 19200)
UPDATE = setting_change("thread-north", "app_version", "7.17.0", "7.18.0")
# The requests of this push: 0 serial, 1 port1's /configure, 2 serial, 3 update, then the read-back:
# 4 serial, 5-7 each port's /configure, 8 serial.
READ_BACK_SERIAL, READ_BACK_READS, READ_BACK_LAST_SERIAL = 4, 5, 8


class AnotherBoxFrom(FakeGateway):
    """Another THREAD (999999) answers from request number `at` (the first is 0) on."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at = at

    def _request(self, name: str, *args: Any) -> None:
        if len(self.calls) >= self.at:
            self.serial = "999999"
        super()._request(name, *args)


def push(fake: FakeGateway) -> Outcome:
    return asyncio.run(apply_gateway(fake, GATEWAY, [BAUD_RATE, UPDATE], allow_disconnect=False))


@pytest.mark.parametrize("at", [READ_BACK_READS, READ_BACK_LAST_SERIAL], ids=["reads", "last-serial"])
def test_a_read_back_that_heard_this_thread_before_another_box_leaves_the_update_applied(at: int) -> None:
    outcome = push(AnotherBoxFrom(at))
    assert outcome.status is Status.FAILED
    assert outcome.applied == ["thread-north/edge/app_version"]
    assert outcome.unsure == ["thread-north/edge/port1.baud_rate"]
    assert outcome.answered_by == ""  # nothing of unknown outcome may be that box's
    assert outcome.message == (
        "identity mismatch: the gateway at 192.0.2.10 reports serial 999999, not 4A1B2C: nothing more "
        "was written; port1.baud_rate not verified: that box answered the read-back"
    )


def test_a_read_back_another_box_answers_from_its_first_ask_leaves_every_write_unknown() -> None:
    outcome = push(AnotherBoxFrom(READ_BACK_SERIAL))
    assert outcome.applied == []
    assert outcome.unsure == ["thread-north/edge/port1.baud_rate", "thread-north/edge/app_version"]
    assert outcome.answered_by == "999999"
    assert outcome.message.endswith(
        "port1.baud_rate not verified: that box answered the read-back; app_version may have gone to the "
        "THREAD that answered (999999)"
    )


class AsleepFrom(AnotherBoxFrom):
    def _request(self, name: str, *args: Any) -> None:
        if len(self.calls) >= self.at:
            raise GatewayUnavailable("the gateway at 192.0.2.10 is asleep", asleep=True)
        super()._request(name, *args)


@pytest.mark.parametrize("at", [READ_BACK_SERIAL, READ_BACK_READS, READ_BACK_LAST_SERIAL])
def test_another_box_at_the_read_back_settles_the_writes_as_a_gateway_asleep_there(at: int) -> None:
    met, asleep = push(AnotherBoxFrom(at)), push(AsleepFrom(at))
    assert (met.applied, met.unsure) == (asleep.applied, asleep.unsure)
