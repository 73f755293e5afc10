"""A box that answers GET /api/serialNumber with a client error (an authenticating proxy's 401)
did answer: it is said to, not taken for silence, and it is no THREAD's serial either. A busy box
(408) may well be a THREAD: it has not answered yet (the edge client tells a 429 as rate limited,
tests/live/test_gateway_answers.py)."""

from __future__ import annotations

import asyncio

import httpx

from iotplan.errors import PlatformError
from iotplan.live.gateways import read_gateway
from iotplan.live.model import GatewayStatus
from tests.live.fakegateway import FakeGateway

HOST = "192.0.2.10"


def refused(status: int, said: str) -> PlatformError:
    request = httpx.Request("GET", f"http://{HOST}/api/serialNumber")
    response = httpx.Response(status, request=request)
    return PlatformError(
        f"GET /api/serialNumber answered {status}: {said}", request=request, response=response
    )


def test_a_401_to_the_serial_is_said_as_answered_and_not_a_threads_serial() -> None:
    gateway = FakeGateway(fail={"serial_number": refused(401, "Unauthorized")})
    live = asyncio.run(read_gateway(gateway, HOST, "4A1B2C", {"cloud_connection"}))
    assert live.status is GatewayStatus.UNREADABLE  # it answered: nothing read or written, it waits
    assert live.message == (
        f"{HOST} answered, but not with a THREAD's serial: GET /api/serialNumber answered 401: Unauthorized"
    )


def test_a_busy_box_is_said_not_to_answer_yet_never_not_a_thread() -> None:
    gateway = FakeGateway(fail={"serial_number": refused(408, "Request Timeout")})
    live = asyncio.run(read_gateway(gateway, HOST, "4A1B2C", {"cloud_connection"}))
    assert live.status is GatewayStatus.UNREACHABLE
    assert live.message == f"no THREAD answers at {HOST}: GET /api/serialNumber answered 408: Request Timeout"
