"""A platform's redirect to a sign-on page whose path holds a token (a JWT as a path segment,
`/sso/eyJ...`) showed it in clear in `a redirect to ...` and in the URL to give, where other
messages show a token known by its shape "(sensitive)". A URL shown masks it too."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import shown_url
from iotplan.clients.jsonrpc_transport import WebSocketTransport
from tests.e2e.conftest import QUICKSTART, Workspace

JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlX3ZhbHVl"


def test_a_redirect_shows_no_token_in_its_path(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")

    def moved(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": f"https://login.example/sso/{JWT}/api/v1;sid=abc123"})

    monkeypatch.setattr(httpx, "AsyncHTTPTransport", lambda **_: httpx.MockTransport(moved))
    result = workspace.run("plan", QUICKSTART, "--endpoint", "http://127.0.0.1:9")
    assert result.exit_code == 1, result.output
    assert "eyJ" not in result.stdout + result.stderr
    assert "a redirect to https://login.example/sso/(sensitive)/api/v1;sid=(sensitive)" in result.stderr


def test_a_websocket_redirect_shows_no_token_in_its_path() -> None:
    transport = WebSocketTransport("ws://127.0.0.1:4201/rpc")
    redirect = str(transport._redirected(301, f"/sso/{JWT}/rpc"))
    assert "eyJ" not in redirect
    assert "a redirect to ws://127.0.0.1:4201/sso/(sensitive)/rpc" in redirect


def test_a_url_shown_keeps_a_path_of_words_as_it_is() -> None:
    assert shown_url(httpx.URL("https://api.example/v1/iot/sensors")) == "https://api.example/v1/iot/sensors"
