"""On a THREAD whose local API answers 429, --on-device says it is rate limited: it answered, so it is
not told as "no THREAD answers", nor sent to look for another --gateway-url."""

from __future__ import annotations

import asyncio
import dataclasses

import httpx
import pytest

from iotplan.clients.edge import EDGE_RETRY, EdgeClient
from iotplan.clients.local_gateway import LocalGateway
from iotplan.commands.on_device import plan_on_device
from iotplan.errors import IotplanError
from iotplan.plan.model import PlanOptions
from tests.plan.test_thread import desired

URL = "http://localhost"


def test_a_thread_answering_429_is_said_to_be_rate_limited_and_to_be_run_again_later() -> None:
    async def no_wait(seconds: float) -> None:
        pass

    async def go() -> None:
        busy = httpx.MockTransport(lambda request: httpx.Response(429, json={"error": {"message": "slow"}}))
        async with httpx.AsyncClient(transport=busy) as http:
            client = EdgeClient(http, URL, retry=dataclasses.replace(EDGE_RETRY, sleep=no_wait))
            await plan_on_device(LocalGateway(client, URL, "the THREAD"), desired(), PlanOptions())

    with pytest.raises(IotplanError) as raised:
        asyncio.run(go())
    said = str(raised.value)
    assert said.startswith(f"the gateway at {URL} is rate limited (429): GET /api/serialNumber answered 429")
    assert said.endswith("nothing was read or written; run again later")
