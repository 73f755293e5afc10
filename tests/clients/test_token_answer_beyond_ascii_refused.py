"""A token endpoint answering an access_token holding a character beyond ASCII (a no-break space) is
refused naming the token answer and the blank, never the token, before the token is sent anywhere:
an Authorization header carries ASCII, httpx sent the character's UTF-8 bytes, a server reads them one
byte a character (ISO-8859-1), and the platform answered 401 "Invalid token" to the token it gave, a
token bought again, sent again and refused again, the run saying only "Invalid token"."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.auth import ClientCredentials
from iotplan.errors import IotplanError
from tests.clients.test_platform_client import run

CANARY = "CANARYtok5b2c"
TOKEN = f"{CANARY}\u00a0k"
INVALID = {"errors": [{"message": "Invalid token", "path": "Authorization"}]}


def test_a_token_answer_beyond_ascii_is_refused_before_it_is_sent() -> None:
    paths: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        if request.url.path == "/connect/token":
            return httpx.Response(
                200, json={"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600}
            )
        sent = {name.lower(): value for name, value in request.headers.raw}.get(b"authorization", b"")
        if sent.decode("iso-8859-1") != f"Bearer {TOKEN}":  # as a server reads a header, one byte a character
            return httpx.Response(401, json=INVALID)
        return httpx.Response(200, json=[])

    credentials = ClientCredentials("id", "client-secret-Q8xx", "https://ims.test/connect/token")
    with pytest.raises(IotplanError) as caught:
        run(handler, lambda client: client.list_nodes("p"), credentials)
    message = str(caught.value)
    assert message.startswith(
        "POST /connect/token answered 200 with an access_token holding a no-break space (U+00A0)"
    ), message
    assert CANARY not in message
    assert paths == ["/connect/token"]
