"""A secret the platform echoes back in its own words (not as `AUTH_TOKEN: ...`, where a pattern
finds it) is masked too: iotplan knows every secret value it holds (iotplan/secrets.py), and every
text from the platform passes `redact`, for REST, the token endpoint and JSON-RPC alike."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from iotplan.clients.auth import ApiKey, ClientCredentials
from iotplan.clients.errors import redact
from iotplan.errors import AuthError, PlatformError
from iotplan.secrets import lookup_secret, remember
from tests.clients.test_platform_client import run

API_KEY = "real-key-ABC123"
CLIENT_SECRET = "client-secret-Q8"
TOKEN = 'ctok-SECRET-7777 & "more", too}'


def echo(status: int, words: str) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": "Refused", "message": words}})


def test_an_api_key_echoed_in_a_401_is_masked() -> None:
    with pytest.raises(AuthError) as caught:
        run(
            lambda r: echo(401, f"The key {API_KEY} is not valid"),
            lambda c: c.list_nodes("p"),
            ApiKey(API_KEY),
        )
    assert API_KEY not in str(caught.value)
    assert "Refused: The key (sensitive) is not valid" in str(caught.value)


def test_a_client_secret_echoed_by_the_token_endpoint_is_masked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            400, json={"error": "invalid_client", "detail": f"secret {CLIENT_SECRET} unknown"}
        )

    credentials = ClientCredentials("id", CLIENT_SECRET, "https://ims.test/connect/token")
    with pytest.raises(AuthError) as caught:
        run(handler, lambda client: client.list_nodes("p"), credentials)
    assert CLIENT_SECRET not in str(caught.value) and "secret (sensitive) unknown" in str(caught.value)


def test_an_access_token_echoed_back_is_masked() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/connect/token":
            return httpx.Response(200, json={"access_token": "bought-token-55", "expires_in": 3600})
        return echo(403, "token bought-token-55 may not read this project")

    credentials = ClientCredentials("id", CLIENT_SECRET, "https://ims.test/connect/token")
    with pytest.raises(AuthError) as caught:
        run(handler, lambda client: client.list_nodes("p"), credentials)
    assert "bought-token-55" not in str(caught.value)


@pytest.mark.parametrize(
    "answer",
    [
        lambda token: echo(422, f"AUTH_TOKEN value {token} is too short"),
        lambda token: httpx.Response(400, text=str({"AUTH_TOKEN": token})),  # a Python dict, single quotes
        lambda token: httpx.Response(400, json={"invalid": {"props": {"TOKEN": token}}}),  # JSON-escaped
    ],
)
def test_a_resolved_auth_token_echoed_by_integrate_is_masked(answer) -> None:
    resolved = lookup_secret("${env:C_TOKEN}", {"C_TOKEN": TOKEN})
    assert resolved == TOKEN
    with pytest.raises(PlatformError) as caught:
        run(
            lambda request: answer(TOKEN),
            lambda client: client.integrate("p", {"props": {"AUTH_TOKEN": TOKEN}}),
        )
    message = str(caught.value)
    assert "ctok" not in message and "SECRET" not in message and "(sensitive)" in message


def test_a_secret_in_a_request_body_is_masked_as_json_spells_it() -> None:
    lookup_secret("${env:C_TOKEN}", {"C_TOKEN": TOKEN})
    body = json.dumps({"name": "feed", "comment": f"was {TOKEN}"})
    assert "ctok" not in redact(body) and "SECRET" not in redact(body)


def test_a_value_shorter_than_a_credential_masks_no_word() -> None:
    remember("abc")  # an API key that short (a feed token is refused: tests/manifest/test_secret_lookup.py)
    assert redact("the abc of it") == "the abc of it"


LONG_KEY = "k3y-Zr4mW9pLk2Tj-xq7Q0aB1cD2eF3"


@pytest.mark.parametrize(
    "echoed",
    [
        LONG_KEY[:14] + "...",  # a key "id": its first characters
        base64.b64encode(LONG_KEY.encode()).decode(),  # the request echoed encoded
        LONG_KEY.encode().hex(),
        base64.b64encode(f"client:{LONG_KEY}".encode()).decode(),  # an Authorization header echoed
    ],
)
def test_an_api_key_echoed_cut_short_or_encoded_in_a_401_cannot_be_read(echoed: str) -> None:
    with pytest.raises(AuthError) as caught:
        run(lambda r: echo(401, f"unknown key {echoed}"), lambda c: c.list_nodes("p"), ApiKey(LONG_KEY))
    assert echoed not in str(caught.value) and "(sensitive)" in str(caught.value)
