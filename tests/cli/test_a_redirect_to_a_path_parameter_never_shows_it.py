"""A platform's redirect whose Location holds a path parameter (`;jsessionid=...`, as Java servers
send) is named with that parameter's value masked, as the target line masks it: the error line's
`a redirect to ...` and the endpoint to give never show the session id, with or without `--debug` or
`--format json`."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

SESSION = "abcdefabcdef1234"
OUTPUTS = {"text": [], "json": ["--format", "json"], "debug": ["--debug"]}


@pytest.mark.parametrize("output", OUTPUTS)
def test_a_redirect_to_a_path_parameter_never_shows_it(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")

    def moved(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": f"/app;jsessionid={SESSION}{request.url.path}"})

    # The platform's transport, as iotplan builds it for --endpoint (clients/target.py), answers 302.
    monkeypatch.setattr(httpx, "AsyncHTTPTransport", lambda **_: httpx.MockTransport(moved))
    result = workspace.run("plan", QUICKSTART, "--endpoint", "http://127.0.0.1:9", *OUTPUTS[output])
    assert result.exit_code == 1, result.output
    assert SESSION not in result.stdout + result.stderr
    assert "a redirect to http://127.0.0.1:9/app;jsessionid=(sensitive)/api/" in result.stderr
    assert "the URL the server answers at (http://127.0.0.1:9/app;jsessionid=(sensitive))" in result.stderr
