"""A platform or THREAD URL ending in /api is refused, not stripped, before any request: iotplan
adds /api/... itself, so `--gateway-url http://host/api` asked `GET /api/api/serialNumber` and
showed its 404 (the apply help itself wrote the local API as http://localhost/api)."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace

EDGE = "examples/edge/site.yaml"


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/api", "http://127.0.0.1:9/API/"])
def test_a_platform_url_ending_in_api_is_refused(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")
    sent = requests_sent(monkeypatch)
    result = workspace.run("apply", QUICKSTART, "--endpoint", url, "--auto-approve")
    assert result.exit_code == 1, result.output
    assert "--endpoint ends in /api, which iotplan adds itself" in result.stderr
    assert sent == []


@pytest.mark.parametrize("variable", [False, True])
def test_a_gateway_url_ending_in_api_is_refused(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, variable: bool
) -> None:
    sent = requests_sent(monkeypatch)
    url = "http://127.0.0.1:9/api"
    if variable:
        monkeypatch.setenv("IOTPLAN_GATEWAY_URL", url)
    given = [] if variable else ["--gateway-url", url]
    result = workspace.run("apply", EDGE, "--on-device", *given, "--auto-approve")
    assert result.exit_code == 1, result.output
    name = "IOTPLAN_GATEWAY_URL" if variable else "--gateway-url"
    assert (
        f"{name} ends in /api, which iotplan adds itself: give the THREAD's URL without it" in result.stderr
    )
    assert sent == []
