"""TLS: a certificate that fails verification fails at once, naming the server; `--insecure`
reaches the platform and THREAD gateways served over https alike. Loopback only."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from iotplan.clients.auth import ApiKey
from iotplan.clients.jsonrpc import JsonRpcClient
from iotplan.clients.jsonrpc_transport import WebSocketTransport
from iotplan.clients.platform import PlatformClient
from iotplan.clients.retry import RetryPolicy
from iotplan.clients.target import TargetOptions, open_target
from iotplan.errors import GatewayUnavailable, TransportError
from tests.clients.tls_server import https_server


def test_a_certificate_that_fails_verification_is_not_retried_and_names_the_server() -> None:
    sleeps: list[float] = []

    async def nap(seconds: float) -> None:
        sleeps.append(seconds)

    async def go() -> tuple[str, list[str]]:
        async with https_server() as (url, answered):
            async with httpx.AsyncClient(base_url=url, auth=ApiKey("k")) as http:
                client = PlatformClient(http, retry=RetryPolicy(sleep=nap))
                with pytest.raises(TransportError) as caught:
                    await client.get_project("p")
            return str(caught.value), answered

    message, answered = asyncio.run(go())
    port = message.split("127.0.0.1:")[1].split(" ")[0]
    assert message.startswith(f"GET /api/projects/p: the TLS certificate of 127.0.0.1:{port} was refused")
    assert "certificate verify failed" in message and "--insecure" in message
    assert sleeps == [] and answered == []  # one attempt, and nothing got through


def opened(insecure: bool, call: Any) -> Any:
    async def go() -> Any:
        async with https_server() as (url, _):
            options = TargetOptions(endpoint=url, insecure=insecure)
            async with open_target(options, {"IOTPLAN_API_KEY": "k"}) as target:
                return await call(target, url)

    return asyncio.run(go())


def test_insecure_reaches_the_platform_and_a_gateway_over_https() -> None:
    async def both(target: Any, url: str) -> tuple[Any, str]:
        return await target.client.get_project("p"), await target.open_gateway(url).serial_number()

    assert opened(True, both) == ({"id": "p"}, "4A1B2C")


def test_without_insecure_a_gateway_with_a_bad_certificate_is_unavailable_with_the_reason() -> None:
    async def serial(target: Any, url: str) -> str:
        with pytest.raises(GatewayUnavailable) as caught:
            await target.open_gateway(url).serial_number()
        return str(caught.value)

    message = opened(False, serial)
    assert "the TLS certificate of 127.0.0.1:" in message and "certificate verify failed" in message


def test_the_gateways_transport_is_made_by_the_first_gateway_request_and_only_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Making a transport loads the system's certificates: a run that reads no gateway makes none."""
    made: list[object] = []
    make = httpx.AsyncHTTPTransport.__init__

    def counted(self: httpx.AsyncHTTPTransport, *args: Any, **kwargs: Any) -> None:
        made.append(self)
        make(self, *args, **kwargs)

    monkeypatch.setattr(httpx.AsyncHTTPTransport, "__init__", counted)

    async def platform_then_gateway(target: Any, url: str) -> tuple[int, int, int]:
        await target.client.get_project("p")
        before = len(made)
        await target.open_gateway(url).serial_number()
        once = len(made)
        await target.open_gateway(url).serial_number()
        return before, once - before, len(made) - once

    before, first, second = opened(True, platform_then_gateway)
    assert before >= 1  # the platform's own
    assert (first, second) == (1, 0)


def test_a_json_rpc_certificate_that_fails_verification_is_not_retried_and_hints_insecure() -> None:
    sleeps: list[float] = []

    async def nap(seconds: float) -> None:
        sleeps.append(seconds)

    async def go() -> tuple[str, str]:
        async with https_server() as (url, _):
            websocket = url.replace("https://", "wss://")
            transport = WebSocketTransport(websocket, proxy=None)
            async with JsonRpcClient(transport, "k", retry=RetryPolicy(sleep=nap)) as client:
                with pytest.raises(TransportError) as caught:
                    await client.get_nodes(["/fn/A/node"])
            return str(caught.value), websocket.removeprefix("wss://")

    message, server = asyncio.run(go())
    assert message.startswith(f"JSON-RPC to wss://{server}: the TLS certificate of {server} was refused")
    assert "certificate verify failed" in message and "use --insecure against a test platform only" in message
    assert sleeps == []  # one attempt: no retry mends a certificate
