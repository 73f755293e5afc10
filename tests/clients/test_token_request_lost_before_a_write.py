"""A write whose OAuth token request got no answer was not made: that request goes before the write
is sent, or after the platform refused the write 401. Reported "may or may not have been applied",
it sent a CI user to investigate connections nothing had touched."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.auth import ClientCredentials
from iotplan.errors import TransportError
from tests.clients.test_platform_client import Recorder, run

TOKEN_URL = "https://ims.test/connect/token"
INTEGRATE = "/api/integrations/integrate"
EXPIRED = {"errors": [{"message": "Token has expired", "path": "Authorization"}]}


def token_url_dropping_after(tokens_answered: int, write_status: int) -> Recorder:
    """A token URL that answers `tokens_answered` token requests, then drops the connection; the
    platform answers each write `write_status`."""
    answered = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/connect/token":
            if answered[0] >= tokens_answered:
                raise httpx.RemoteProtocolError("Server disconnected without sending a response.")
            answered[0] += 1
            return httpx.Response(200, json={"access_token": f"t{answered[0]}", "expires_in": 3600})
        return httpx.Response(write_status, json=EXPIRED if write_status == 401 else {"integration": {}})

    return Recorder(handler)


@pytest.mark.parametrize(
    ("tokens_answered", "write_status", "writes_sent"),
    [(0, 200, 0), (1, 401, 1)],
    ids=["no-token-yet", "refresh-after-401"],
)
def test_a_write_whose_token_request_is_dropped_is_not_applied(
    tokens_answered: int, write_status: int, writes_sent: int
) -> None:
    recorder = token_url_dropping_after(tokens_answered, write_status)
    credentials = ClientCredentials("id", "client-secret", TOKEN_URL)
    with pytest.raises(TransportError) as caught:
        run(recorder, lambda client: client.integrate("p", {"integration": {}}), auth=credentials)
    assert [r.url.path for r in recorder.requests].count(INTEGRATE) == writes_sent
    error = caught.value
    assert not error.outcome_unknown, str(error)
    assert str(error).startswith("POST /connect/token got no answer (RemoteProtocolError")
    assert "may or may not" not in str(error) and "Nothing was written" in str(error)
