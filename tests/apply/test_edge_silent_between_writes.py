"""A gateway that gives no serial at the check before its next write leaves the writes sent since it
last gave one of unknown outcome, as the check after its last write does (cr54 #1): the write that
may have cut it off, or restarted it, is never counted applied unread."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.apply.edge import Gateway, apply_gateway
from iotplan.apply.outcome import Outcome, Status
from iotplan.errors import GatewayUnavailable
from iotplan.plan.model import Change
from tests.live.fakegateway import FakeGateway
from tests.plan.edgebuilder import setting_change

GATEWAY = Gateway("thread-north", "192.0.2.10", "4A1B2C")
UPDATE = setting_change("thread-north", "app_version", "7.17.0", "7.18.0")


class SilentAfter(FakeGateway):
    """Answers nothing once a write of `request` (a client method's name) has arrived."""

    def __init__(self, request: str) -> None:
        super().__init__()
        self.request = request

    def _request(self, name: str, *args: Any) -> None:
        if any(write[0] == self.request for write in self.writes):
            raise GatewayUnavailable("GET /api/serialNumber got no answer")
        super()._request(name, *args)


def push(fake: FakeGateway, *changes: Change) -> Outcome:
    return asyncio.run(apply_gateway(fake, GATEWAY, list(changes), allow_disconnect=True))


@pytest.mark.parametrize(
    ("name", "before", "after", "request_name"),
    [
        ("interface_priority", "cellular", "ethernet", "put_interface_priority"),
        ("cloud_connection", True, False, "put_cloud_connection"),
        ("port1.mode", None, "RS485", "set_interface_mode"),
    ],
)
def test_a_write_after_which_the_gateway_says_nothing_before_the_next_is_of_unknown_outcome(
    name: str, before: Any, after: Any, request_name: str
) -> None:
    written = setting_change("thread-north", name, before, after)
    fake = SilentAfter(request_name)
    outcome = push(fake, written, UPDATE)
    assert outcome.status is Status.PENDING
    assert outcome.applied == [] and outcome.unsure == [f"thread-north/edge/{name}"]
    assert outcome.message.startswith(
        "the gateway's serial, asked before the next write, was not confirmed: "
        "GET /api/serialNumber got no answer"
    )
    assert ("update", "7.18.0") not in fake.calls


def test_a_setting_that_may_have_cut_the_gateway_off_is_still_named_the_likely_cause() -> None:
    priority = setting_change("thread-north", "interface_priority", "cellular", "ethernet")
    outcome = push(SilentAfter("put_interface_priority"), priority, UPDATE)
    assert outcome.message.endswith(
        "unreachable after interface_priority was written, which may have cut the gateway off: reach it "
        "over its other interface"
    )
