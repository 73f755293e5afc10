"""An answer carrying both a `result` and an `error` breaks JSON-RPC 2.0, which allows one or the
other: whether the write was made, it does not say, so a write so answered is of unknown outcome,
never "not applied", even when the error is a documented refusal."""

from __future__ import annotations

from typing import Any

import pytest

from iotplan.errors import AlreadyExists, PlatformError
from tests.clients.test_jsonrpc import DEVICE, Answer, FakePlatform, Responses, run

SENSOR = f"{DEVICE}/s1/sensor"


def both(error: dict[str, Any]) -> Answer:
    def answer(request: dict[str, Any]) -> Responses:
        made = {"id": SENSOR, "type": "DEMO_SENSOR", "props": {"NAME": "s1"}}
        return Responses([{"jsonrpc": "2.0", "id": request["id"], "result": made, "error": error}])

    return answer


@pytest.mark.parametrize(
    "error",
    [
        {"code": -32602, "message": "bad params"},  # a refusal, alone
        {"code": -32009, "message": "The sensor already exists."},  # "already exists", alone
    ],
    ids=["refusal", "already-exists"],
)
def test_a_create_answered_a_result_and_an_error_may_or_may_not_be_made(error: dict[str, Any]) -> None:
    platform = FakePlatform(createSensor=both(error))
    with pytest.raises(PlatformError, match="both a result and an error") as raised:
        run(platform, lambda c: c.create_sensor(SENSOR, "DEMO_SENSOR", "DEMO_SENSOR", {"NAME": "s1"}))
    assert not isinstance(raised.value, AlreadyExists)
    assert raised.value.outcome_unknown and "may or may not have been applied" in str(raised.value)
    assert len(platform.sent("createSensor")) == 1
