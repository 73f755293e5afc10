"""What `plan` prints of a platform's error holds no part of iotplan's API key, however the platform
quoted it (percent-encoded, or inside a `Basic` header's base64, cut short), nor a password the
platform names in its own words (`password: ...`)."""

from __future__ import annotations

import base64
import urllib.parse
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.clients.target import TARGET_VARIABLES
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "quickstart" / "site.yaml")
API_KEY = "Kq7v@W2/xZ9+pL4m Tj&feed=7"  # each of `@/+ &=` percent-encoded
BACKEND_PASSWORD = "hunter2backend"


def said_by_the_platform() -> str:
    header = base64.b64encode(f"feeduser:{API_KEY}".encode()).decode()
    return (
        f"key {urllib.parse.quote_plus(API_KEY)[4:30]} not valid; echoed Basic ...{header[14:34]}...; "
        f"upstream login failed, password: {BACKEND_PASSWORD}"
    )


def pieces(secret: str, shortest: int = 6) -> set[str]:
    return {secret[start : start + shortest] for start in range(len(secret) - shortest + 1)}


def test_a_platform_error_quoting_the_api_key_encoded_and_a_password_shows_neither(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def answered(self: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        body = {"error": {"code": "InvalidRequest", "message": said_by_the_platform()}}
        return httpx.Response(400, json=body, request=request)

    monkeypatch.setattr(httpx.AsyncClient, "send", answered)
    unset: dict[str, str | None] = dict.fromkeys(TARGET_VARIABLES)
    environ = {**unset, "IOTPLAN_API_KEY": API_KEY}
    result = CliRunner().invoke(cli, ["plan", SITE, "--endpoint", "http://127.0.0.1:9"], env=environ)
    assert result.exit_code == 1, result.output
    assert "answered 400: InvalidRequest: key (sensitive) not valid" in result.stderr
    assert "echoed Basic ...(sensitive)...; upstream login failed, password: (sensitive)" in result.stderr
    said = said_by_the_platform()
    encoded = [said.split()[1], said.split("...")[1]]
    leaked = [piece for text in [API_KEY, BACKEND_PASSWORD, *encoded] for piece in pieces(text)]
    assert not [piece for piece in leaked if piece in result.output], result.output
