"""A gateway that answers after a setting that can cut it off was written (asleep, rate limited, an
HTML page for its serial) was not cut off: only one that gives no answer is said to be, with the way
to reach it over its other interface (cr56 #3)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from iotplan.apply.edge import Gateway, apply_gateway
from iotplan.apply.outcome import Outcome, Status
from iotplan.errors import GatewayAnswerError, GatewayUnavailable
from iotplan.plan.model import Change
from tests.live.fakegateway import FakeGateway
from tests.plan.edgebuilder import setting_change

GATEWAY = Gateway("thread-north", "192.0.2.10", "4A1B2C")
CLOUD_OFF = setting_change("thread-north", "cloud_connection", True, False)
PRIORITY = setting_change("thread-north", "interface_priority", "ethernet", "cellular")
UPDATE = setting_change("thread-north", "app_version", "7.17.0", "7.18.0")
CUT_OFF = "which may have cut the gateway off: reach it over its other interface"

ANSWERS = {
    "asleep": GatewayUnavailable("the gateway at 192.0.2.10 is asleep", asleep=True),
    "rate-limited": GatewayUnavailable("the gateway at 192.0.2.10 answered 429", rate_limited=True),
    "html": GatewayAnswerError("the gateway at 192.0.2.10 answered GET /api/serialNumber with '<html>'"),
}
SILENCE = GatewayUnavailable("GET /api/serialNumber got no answer")


class AnswersAfter(FakeGateway):
    """Answers every request with `error` once a write of `request` (a client method's name) arrived."""

    def __init__(self, request: str, error: Exception) -> None:
        super().__init__()
        self.request, self.error = request, error

    def _request(self, name: str, *args: Any) -> None:
        if any(write[0] == self.request for write in self.writes):
            raise self.error
        super()._request(name, *args)


def push(fake: FakeGateway, *changes: Change) -> Outcome:
    return asyncio.run(apply_gateway(fake, GATEWAY, list(changes), allow_disconnect=True))


@pytest.mark.parametrize("error", ANSWERS.values(), ids=ANSWERS.keys())
def test_a_gateway_answering_before_the_next_write_is_not_said_cut_off(error: Exception) -> None:
    outcome = push(AnswersAfter("put_cloud_connection", error), CLOUD_OFF, UPDATE)
    assert outcome.status is Status.PENDING
    assert outcome.unsure == ["thread-north/edge/cloud_connection"]
    assert outcome.message.startswith("the gateway's serial, asked before the next write, was not confirmed")
    assert CUT_OFF not in outcome.message


@pytest.mark.parametrize("error", ANSWERS.values(), ids=ANSWERS.keys())
def test_a_gateway_answering_its_read_back_is_not_said_cut_off(error: Exception) -> None:
    outcome = push(AnswersAfter("put_interface_priority", error), PRIORITY)
    assert outcome.status is Status.PENDING
    assert outcome.unsure == ["thread-north/edge/interface_priority"]
    assert outcome.message.startswith("read-back failed: ")
    assert CUT_OFF not in outcome.message


@pytest.mark.parametrize(
    ("changes", "request_name"),
    [((CLOUD_OFF, UPDATE), "put_cloud_connection"), ((PRIORITY,), "put_interface_priority")],
    ids=["before-the-next-write", "read-back"],
)
def test_a_gateway_giving_no_answer_is_still_said_cut_off(
    changes: tuple[Change, ...], request_name: str
) -> None:
    outcome = push(AnswersAfter(request_name, SILENCE), *changes)
    assert outcome.status is Status.PENDING and outcome.message.endswith(CUT_OFF)
