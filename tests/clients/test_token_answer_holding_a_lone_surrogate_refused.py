"""A token endpoint answering an access_token holding a lone surrogate (`"\\ud800"` in its JSON), which no
header can carry, is refused naming the token answer, never the token: it ended in an unexpected
UnicodeEncodeError as the first request was sent."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.auth import ClientCredentials
from iotplan.errors import IotplanError
from tests.clients.test_platform_client import run

CANARY = "CANARYtok9f3e"


def test_a_token_answer_holding_a_lone_surrogate_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/connect/token":
            body = f'{{"access_token": "{CANARY}\\ud800tail-7777", "expires_in": 3600}}'.encode()
            return httpx.Response(200, content=body, headers={"Content-Type": "application/json"})
        return httpx.Response(200, json=[])

    credentials = ClientCredentials("id", "client-secret-Q8xx", "https://ims.test/connect/token")
    with pytest.raises(IotplanError) as caught:
        run(handler, lambda client: client.list_nodes("p"), credentials)
    assert "access_token holding a lone surrogate" in str(caught.value)
    assert CANARY not in str(caught.value)
