"""A platform whose connection cannot be opened (refused, or a name no DNS server knows) is told with a
next step, the options that choose it; a name that does not resolve is not asked again six times over
7 s, while a DNS server that could not answer for now is."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace

import httpx
import pytest

from iotplan.clients.platform import PLATFORM_RETRY, PlatformClient
from iotplan.errors import TransportError

CHECK = ": check the address --endpoint or IOTPLAN_ENDPOINT gives, and that the platform runs there"


def failing(lost: OSError) -> tuple[list[str], str]:
    """What the platform was sent (each attempt) and the error said, every attempt failing with `lost`
    as httpcore raises it: its ConnectError from the socket's."""
    sent: list[str] = []

    def platform(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        try:
            raise lost
        except OSError as cause:
            raise httpx.ConnectError(str(cause), request=request) from cause

    async def read() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(platform), base_url="http://p") as http:
            retry = replace(PLATFORM_RETRY, sleep=lambda seconds: asyncio.sleep(0))
            await PlatformClient(http, retry=retry).metric_types()

    with pytest.raises(TransportError) as raised:
        asyncio.run(read())
    return sent, str(raised.value)


def test_a_name_no_dns_server_knows_is_asked_once_and_told_where_to_check() -> None:
    sent, said = failing(socket.gaierror(socket.EAI_NONAME, "Name or service not known"))
    assert len(sent) == 1
    assert said.endswith("got no answer (ConnectError: [Errno -2] Name or service not known)" + CHECK)


def test_a_dns_server_that_could_not_answer_for_now_is_asked_again() -> None:
    sent, said = failing(socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"))
    assert len(sent) == PLATFORM_RETRY.attempts
    assert said.endswith(f"after {PLATFORM_RETRY.attempts} attempts" + CHECK)


def test_a_refused_connection_is_asked_again_and_told_where_to_check() -> None:
    sent, said = failing(ConnectionRefusedError(111, "Connection refused"))
    assert len(sent) == PLATFORM_RETRY.attempts
    assert said.endswith(
        f"(ConnectError: [Errno 111] Connection refused) after {PLATFORM_RETRY.attempts} attempts" + CHECK
    )
