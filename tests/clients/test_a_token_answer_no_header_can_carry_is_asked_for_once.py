"""A token endpoint answering an access_token no Authorization header can carry (a character beyond
ASCII, a lone surrogate) is refused before the token is sent, but the refusal did not mark the
credential refused as a 401 from the token endpoint does: each read already waiting for the token
asked the token endpoint once more, for the same answer (eight reads, eight token requests). Now the
first answer refuses them all, one token request, one message."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from iotplan.clients.auth import ClientCredentials
from iotplan.clients.platform import PlatformClient
from iotplan.errors import AuthError
from tests.clients.test_platform_client import run

CANARY = "CANARYtok7e1d"


@pytest.mark.parametrize(
    "answer",
    [
        f'{{"access_token": "{CANARY}\\u00a0k", "token_type": "Bearer", "expires_in": 3600}}',
        f'{{"access_token": "{CANARY}\\ud800", "token_type": "Bearer", "expires_in": 3600}}',
    ],
    ids=["beyond-ascii", "lone-surrogate"],
)
def test_a_token_answer_no_header_can_carry_is_asked_for_once(answer: str) -> None:
    token_requests: list[httpx.Request] = []
    platform_requests: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/connect/token":
            token_requests.append(request)
            await asyncio.sleep(0.01)  # the other reads queue behind this one
            return httpx.Response(200, headers={"content-type": "application/json"}, content=answer.encode())
        platform_requests.append(request)
        return httpx.Response(200, json={})

    async def eight_reads(client: PlatformClient) -> list[BaseException]:
        return await asyncio.gather(*(client.get_project(f"p{n}") for n in range(8)), return_exceptions=True)

    credentials = ClientCredentials("id", "client-secret-Q8xx", "https://ims.test/connect/token")
    results = run(handler, eight_reads, auth=credentials)
    assert all(isinstance(result, AuthError) for result in results), results
    messages = {str(result) for result in results}
    assert len(messages) == 1, messages
    assert CANARY not in messages.pop()
    assert len(token_requests) == 1
    assert platform_requests == []
