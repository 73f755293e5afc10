"""What the platform answered that the client cannot use: a catalog answer that is not an object.
Each stops with a PlatformError naming the request, never another exception."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from iotplan.clients.platform import PlatformClient
from iotplan.errors import PlatformError
from tests.clients.fake_platform import run_client


@pytest.mark.parametrize("answer", [[{"id": "X"}], "deviceTypes", 5, None], ids=repr)
def test_a_catalog_answer_that_is_not_an_object_stops_naming_the_request(answer: Any) -> None:
    def answered(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=json.dumps(answer))  # null too, which json=None leaves out

    async def twice(client: PlatformClient) -> list[str]:
        refusals = []
        for _ in range(2):  # the answer is kept for the run: every reader is refused alike
            with pytest.raises(PlatformError) as raised:
                await client.device_types()
            refusals.append(str(raised.value))
        return refusals

    assert run_client(answered, twice) == 2 * [
        f"GET /api/devices/types answered {type(answer).__name__}, not the documented object: iotplan "
        "cannot check the manifest's templates, metrics and units against it"
    ]
