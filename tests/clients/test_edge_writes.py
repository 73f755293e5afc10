"""A THREAD write whose answer is a server error, or is lost, may have been made: its outcome is
unknown, never "asleep" or "not written". Only a connection never made leaves the gateway pending."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from iotplan.clients.edge import EdgeClient
from iotplan.clients.errors import unknown_outcome
from iotplan.clients.retry import RetryPolicy
from iotplan.errors import GatewayUnavailable, IotplanError, refuses_credential

HOST = "10.0.0.5"


def answered(respond: Callable[[httpx.Request], httpx.Response]) -> EdgeClient:
    async def nap(seconds: float) -> None:
        pass

    http = httpx.AsyncClient(transport=httpx.MockTransport(respond))
    return EdgeClient(http, HOST, retry=RetryPolicy(attempts=2, sleep=nap))


def status(code: int) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(code, json={"error": {"message": "busy"}})


def raising(error: type[httpx.TransportError]) -> Callable[[httpx.Request], httpx.Response]:
    def respond(request: httpx.Request) -> httpx.Response:
        raise error("no answer", request=request)

    return respond


def power_error(respond: Callable[[httpx.Request], httpx.Response]) -> IotplanError:
    with pytest.raises(IotplanError) as raised:
        asyncio.run(answered(respond).set_port_power(1, 2))
    return raised.value


@pytest.mark.parametrize(
    "respond",
    [status(503), status(500), raising(httpx.RemoteProtocolError), raising(httpx.ReadTimeout)],
    ids=["503", "500", "dropped", "timed-out"],
)
def test_a_write_answered_a_server_error_or_no_answer_may_or_may_not_have_been_made(
    respond: Callable[[httpx.Request], httpx.Response],
) -> None:
    error = power_error(respond)
    assert not isinstance(error, GatewayUnavailable)
    assert getattr(error, "outcome_unknown", False) is True
    assert "POST /api/deviceVoltage" in str(error) and "may or may not have been applied" in str(error)


def test_a_write_whose_connection_was_refused_certainly_wrote_nothing_and_is_pending() -> None:
    error = power_error(raising(httpx.ConnectError))
    assert isinstance(error, GatewayUnavailable) and not getattr(error, "outcome_unknown", False)


def test_a_read_answered_503_is_a_gateway_asleep_or_unavailable() -> None:
    """Pending as asleep (A11), yet told as either: the reference documents `POST /api/sleep`, not
    what a sleeping THREAD answers, and a server's 503 is "unavailable" (fz76 #3)."""
    with pytest.raises(GatewayUnavailable) as raised:
        asyncio.run(answered(status(503)).serial_number())
    assert raised.value.asleep and str(raised.value) == (
        f"the gateway at {HOST} is asleep or unavailable: "
        "GET /api/serialNumber answered 503 after 2 attempts: busy"
    )


def test_a_write_the_gateway_refuses_certainly_wrote_nothing() -> None:
    error = power_error(status(400))
    assert not isinstance(error, GatewayUnavailable) and not getattr(error, "outcome_unknown", False)


def test_a_client_on_a_thread_names_that_threads_own_plan_for_a_write_of_unknown_outcome() -> None:
    hint = unknown_outcome("`iotplan plan site.yaml --on-device` on this THREAD")
    for respond in (status(503), raising(httpx.ReadTimeout)):
        with pytest.raises(IotplanError) as raised:
            asyncio.run(answered(respond).telling(hint).set_port_power(1, 2))
        assert str(raised.value).endswith(hint) and "run `iotplan plan` " not in str(raised.value)


def test_a_write_answered_a_redirect_is_never_taken_for_done() -> None:
    error = power_error(lambda request: httpx.Response(302, headers={"Location": "https://10.0.0.6/api/x"}))
    assert "answered 302, a redirect to https://10.0.0.6/api/x: iotplan does not follow redirects" in str(
        error
    )
    assert "give the gateway's `host` (or --gateway-url)" in str(error) and "unencrypted" not in str(error)
    assert getattr(error, "outcome_unknown", False)


def test_a_gateway_refusing_a_write_401_refuses_no_credential_of_the_users() -> None:
    """A THREAD's own API carries none of the platform's credentials: its 401 (an authenticating proxy
    before one box) says nothing of IOTPLAN_API_KEY, so it must not stop every other unit of the apply."""
    error = power_error(status(401))
    assert not refuses_credential(error)
    assert "answered 401" in str(error)
