"""A platform's redirect whose Location holds a path parameter named like no credential (`;sid=`,
`;s=`, or a bare `;value`) showed its value in clear in `a redirect to ...` and in the endpoint to
give, where a session id is as often named so as `jsessionid`. Every path parameter's value is
now shown "(sensitive)", its name kept, as a query is shown `?...` whatever its names."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import shown_url
from iotplan.clients.jsonrpc_transport import WebSocketTransport
from tests.e2e.conftest import QUICKSTART, Workspace

SESSION = "abcdefabcdef1234"


@pytest.mark.parametrize(
    ("parameter", "shown"),
    [(f"sid={SESSION}", "sid=(sensitive)"), (f"s={SESSION}", "s=(sensitive)"), (SESSION, "(sensitive)")],
)
def test_a_redirect_shows_no_path_parameters_value_whatever_its_name(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, parameter: str, shown: str
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")

    def moved(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": f"/app;{parameter}{request.url.path}"})

    monkeypatch.setattr(httpx, "AsyncHTTPTransport", lambda **_: httpx.MockTransport(moved))
    result = workspace.run("plan", QUICKSTART, "--endpoint", "http://127.0.0.1:9")
    assert result.exit_code == 1, result.output
    assert SESSION not in result.stdout + result.stderr
    assert f"a redirect to http://127.0.0.1:9/app;{shown}/api/" in result.stderr
    assert f"the URL the server answers at (http://127.0.0.1:9/app;{shown})" in result.stderr


def test_a_websocket_redirect_shows_no_path_parameters_value() -> None:
    transport = WebSocketTransport("ws://127.0.0.1:4201/rpc")
    redirect = str(transport._redirected(301, f"/other;sid={SESSION};v=2/rpc"))
    assert "a redirect to ws://127.0.0.1:4201/other;sid=(sensitive);v=(sensitive)/rpc: " in redirect


def test_a_url_shown_keeps_a_path_without_parameters_as_it_is() -> None:
    assert shown_url(httpx.URL("https://api.example/v1/iot?x=1#f")) == "https://api.example/v1/iot?...#..."
