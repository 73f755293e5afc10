"""An answer's body is freed once decoded, not at the next cyclic collection: httpx's response and
its stream refer to each other, and a 100,000-entity read held 20 MiB of decoded pages at its peak."""

from __future__ import annotations

import asyncio
import gc
import weakref
from typing import Any

import httpx

from iotplan.clients.auth import ApiKey
from iotplan.clients.platform import PlatformClient


def test_the_answer_is_gone_once_its_json_is_returned_with_no_collection() -> None:
    answered: list[weakref.ref[httpx.Response]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        response = httpx.Response(200, json={"integration": {"nodeId": "n1", "devices": []}})
        answered.append(weakref.ref(response))
        return response

    async def write() -> Any:
        transport = httpx.MockTransport(handler)
        async with httpx.AsyncClient(
            transport=transport, base_url="https://iiot.test", auth=ApiKey("k")
        ) as http:
            answer = await PlatformClient(http).integrate("p", {"nodeId": "n1"})
            return answer, [ref() is None for ref in answered]

    gc.disable()
    try:
        answer, freed = asyncio.run(write())
    finally:
        gc.enable()
    assert answer == {"integration": {"nodeId": "n1", "devices": []}}
    assert freed == [True]
