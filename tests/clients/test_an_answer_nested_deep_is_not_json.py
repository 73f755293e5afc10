"""A 2xx answer nested 100,000 deep (a broken proxy's or a hostile server's `[[[...`) ended the
command `Error: unexpected RecursionError`: orjson stops at 1,024 levels, and the json module it
falls back to (as httpx's `response.json()` does) recurses past the recursion limit, raising
RecursionError where only a ValueError was caught. On `apply` the integrate write was already sent,
and nothing said so. Such an answer is one iotplan cannot read: told as a body that is not JSON
(a write's outcome unknown), or as the gateway's or token endpoint's answer of no documented shape."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from iotplan.clients.auth import ClientCredentials
from iotplan.clients.edge import EdgeClient
from iotplan.clients.retry import RetryPolicy
from iotplan.errors import IotplanError, PlatformError
from tests.clients.test_platform_client import run

# One unbroken word of 200,000 characters: its excerpt is withheld, as any word cut might be a secret.
DEEP = b"[" * 100_000 + b"]" * 100_000


def deep(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, headers={"content-type": "application/json"}, content=DEEP)


def test_a_read_answered_nested_deep_names_the_request() -> None:
    with pytest.raises(PlatformError) as caught:
        run(deep, lambda client: client.list_nodes("p"))
    message = str(caught.value)
    assert message.startswith("GET /api/nodes/all?projectIds=p&pageNumber=0")
    assert "answered 200 with a body that is not JSON (application/json)" in message
    assert not caught.value.outcome_unknown and len(message) < 400


def test_a_write_answered_nested_deep_has_an_unknown_outcome() -> None:
    with pytest.raises(PlatformError) as caught:
        run(deep, lambda client: client.integrate("p", {}))
    assert caught.value.outcome_unknown  # a 2xx: the server acted, and what it did is unread
    message = str(caught.value)
    assert message.startswith(
        "POST /api/integrations/integrate?projectIds=p answered 200 with a body that is not"
    )
    assert "may or may not have been applied" in message


def test_a_token_answered_nested_deep_names_the_token_request() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return deep(request) if request.url.path == "/connect/token" else httpx.Response(200, json={})

    credentials = ClientCredentials("id", "secret", "https://ims.test/connect/token")
    with pytest.raises(IotplanError) as caught:
        run(handler, lambda client: client.get_project("p"), auth=credentials)
    assert "POST /connect/token answered 200 with a body that is not JSON (application/json)" in str(
        caught.value
    )


def test_a_gateways_answer_nested_deep_is_one_of_no_documented_shape() -> None:
    async def nap(seconds: float) -> None:
        pass

    async def read() -> object:
        async with httpx.AsyncClient(transport=httpx.MockTransport(deep)) as http:
            return await EdgeClient(
                http, "10.0.0.7", retry=RetryPolicy(attempts=1, sleep=nap)
            ).get_port_config(1)

    with pytest.raises(IotplanError) as caught:
        asyncio.run(read())
    message = str(caught.value)
    assert message.startswith("the gateway at 10.0.0.7 answered GET /api/configure?port=1 with ")
    assert "where its API gives an object of the port's properties" in message
