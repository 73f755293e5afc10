"""A write answered 2xx with the reference's error shape and no answer: its outcome is unknown."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from iotplan.apply.execute import apply_connection
from iotplan.apply.outcome import Status
from iotplan.clients.auth import ApiKey
from iotplan.clients.platform import PlatformClient
from iotplan.errors import PlatformError
from tests.plan.livebuilder import empty
from tests.plan.test_diff import load, plan_for

ERROR = {"error": {"code": "InternalError", "message": "Something went wrong"}}
ERRORS = {"errors": [{"message": "device type unknown", "path": "devices[0]"}]}


async def _with_client(body: dict[str, Any], call: Any) -> Any:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    async with httpx.AsyncClient(transport=transport, base_url="https://iiot.test", auth=ApiKey("k")) as http:
        return await call(PlatformClient(http))


@pytest.mark.parametrize(
    ("body", "said"),
    [(ERROR, "InternalError: Something went wrong"), (ERRORS, "device type unknown (devices[0])")],
)
def test_the_write_is_of_unknown_outcome_and_carries_the_platforms_message(body: dict, said: str) -> None:
    with pytest.raises(PlatformError) as caught:
        asyncio.run(_with_client(body, lambda client: client.integrate("p", {})))
    assert caught.value.outcome_unknown
    message = str(caught.value)
    assert message.startswith("POST /api/integrations/integrate?projectIds=p answered 200 with an error")
    assert said in message
    assert "may or may not have been applied" in message


def test_no_change_of_the_write_is_reported_applied() -> None:
    plan = plan_for(load(), empty(load()))
    changes = [change for change in plan.changes if change.connection == "dam-a"]
    outcome = asyncio.run(
        _with_client(ERROR, lambda client: apply_connection(client, "dam-a", changes, lambda ref: "x"))
    )
    assert outcome.status is Status.FAILED
    assert not outcome.applied
    assert outcome.unsure == [change.address for change in changes if change.action.writes]
    assert "Something went wrong" in outcome.message
    assert "accepted the write" not in outcome.message
