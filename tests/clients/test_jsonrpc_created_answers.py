"""A JSON-RPC create answered with something other than the documented created entity object (reviewer
fz2, finding 6): the platform may have made it, so it is read back by its id; found, it was made,
and otherwise its outcome is unknown, never "not applied"."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from iotplan.errors import PlatformError
from tests.clients.test_jsonrpc import DEVICE, FakePlatform, Responses, run

SENSOR = f"{DEVICE}/tilt/sensor"
UNDOCUMENTED = [None, [], "ok", 1, True, [{"id": DEVICE}], {}, {"id": 12345}, {"type": "DEMO", "props": {}}]
CREATES = [
    ("createDevice", "getDevices", DEVICE, lambda c: c.create_device(DEVICE, "DEMO", {"NAME": "d"})),
    ("createSensor", "getSensors", SENSOR, lambda c: c.create_sensor(SENSOR, "T", "T", {"NAME": "s"})),
]


def entity(entity_id: str) -> dict[str, Any]:
    return {"id": entity_id, "type": "DEMO", "props": {"NAME": "made"}}


@pytest.mark.parametrize(("create", "read", "made", "call"), CREATES, ids=["device", "sensor"])
@pytest.mark.parametrize("answer", UNDOCUMENTED, ids=repr)
def test_a_create_answered_otherwise_and_read_back_found_was_made(
    caplog: pytest.LogCaptureFixture, answer: Any, create: str, read: str, made: str, call: Any
) -> None:
    platform = FakePlatform(**{create: lambda r: answer, read: lambda r: [entity("/other"), entity(made)]})
    assert run(platform, call) == entity(made)
    assert [r["method"] for r in platform.received[1:]] == [create, read]
    assert platform.received[-1]["params"][read.removeprefix("get").lower()] == [made]
    [warning] = caplog.messages
    assert warning.startswith(f"JSON-RPC {create} answered ") and warning.endswith(
        "not the documented created entity object; read back by its id, it is there: taken as made"
    )


def not_found(request: dict[str, Any]) -> Any:
    return []


def refused(request: dict[str, Any]) -> Any:
    return Responses([{"jsonrpc": "2.0", "id": request["id"], "error": {"code": -32004, "message": "no"}}])


@pytest.mark.parametrize(
    ("read_back", "said"),
    [
        (not_found, "read back by its id (getDevices), it is not found in this project"),
        (refused, "reading it back by its id (getDevices) failed: JSON-RPC getDevices to"),
        (lambda r: "x", 'reading it back by its id (getDevices) failed: JSON-RPC getDevices answered "x"'),
    ],
    ids=["not-found", "refused", "unreadable"],
)
def test_a_create_answered_otherwise_and_not_read_back_may_or_may_not_have_been_made(
    caplog: pytest.LogCaptureFixture, read_back: Any, said: str
) -> None:
    platform = FakePlatform(createDevice=lambda r: None, getDevices=read_back)
    with caplog.at_level(logging.WARNING), pytest.raises(PlatformError) as raised:
        run(platform, CREATES[0][3])
    assert raised.value.outcome_unknown
    message = str(raised.value)
    assert message.startswith(
        "JSON-RPC createDevice answered null, not the documented created entity object; "
    )
    assert said in message and "may or may not have been applied" in message
    assert caplog.messages == []  # nothing said to be made
