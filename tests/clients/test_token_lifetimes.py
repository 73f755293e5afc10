"""The lifetime a token endpoint gives its token (expires_in): a short one is used for its first
half, not bought again for every request, and one that is no positive number is refused, naming
the field and what is wrong with it."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from iotplan.clients.auth import ClientCredentials
from iotplan.clients.platform import PlatformClient
from iotplan.errors import AuthError
from tests.clients.test_platform_client import Recorder, run

TOKEN_URL = "https://ims.test/connect/token"


def token_url_answering(expires_in: Any) -> Recorder:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/connect/token":
            return httpx.Response(
                200, json={"access_token": "t", "token_type": "Bearer", "expires_in": expires_in}
            )
        return httpx.Response(200, json=[])

    return Recorder(handler)


async def three_reads(client: PlatformClient) -> None:
    for _ in range(3):
        await client.list_nodes("p")


def token_requests(recorder: Recorder) -> int:
    return sum(request.url.path == "/connect/token" for request in recorder.requests)


def test_a_token_living_under_a_minute_serves_more_than_one_request() -> None:
    """Renewed a fixed minute before it expired, a 30 s token was bought again for every request."""
    recorder = token_url_answering(30)
    run(recorder, three_reads, auth=ClientCredentials("id", "client-secret", TOKEN_URL))
    assert token_requests(recorder) == 1


@pytest.mark.parametrize(
    ("expires_in", "said"),
    [
        (0, "with expires_in 0 (a token expired as it arrives)"),
        (-5, "with expires_in -5 (a token expired as it arrives)"),
        (None, "with expires_in null, not a finite positive number, where OAuth's token answer carries"),
    ],
    ids=["zero", "negative", "null"],
)
def test_a_lifetime_that_is_no_positive_number_is_refused_naming_it(expires_in: Any, said: str) -> None:
    """Before, 0 and -5 were taken silently (a token request for every request), and null was
    refused with "it carries: access_token, token_type, expires_in", naming the field as present."""
    recorder = token_url_answering(expires_in)
    with pytest.raises(AuthError) as caught:
        run(recorder, three_reads, auth=ClientCredentials("id", "client-secret", TOKEN_URL))
    assert str(caught.value).startswith(f"POST /connect/token answered 200 {said}"), str(caught.value)
    assert token_requests(recorder) == 1 and len(recorder.requests) == 1  # no read sent with it
