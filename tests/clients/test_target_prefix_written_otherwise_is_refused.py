"""The prefix written with `-`, `.` or a blank (Docker, compose and systemd take such names), one edit
from IOTPLAN beside a second difference, or as IOT and PLAN, was read past: `IOTPLAN-API-KEY=...` or
`IOTPALN_APIKEY=...` applied to the embedded demo platform, `IOTPALN_API_URL=https://staging...` beside
a key planned on https://iiot.bentley.com, and `IOTPLAN-TOKEN-URL` beside staging client credentials
sent them to Bentley's token URL. Each is refused, named, never its value."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clients.refused_target import refused

KEY = "real-key-123"
CREDENTIALS = [
    "IOTPLAN-API-KEY",
    "iotplan-api-key",
    "IOTPLAN-CLIENT-ID",
    "IOTPLAN.API.KEY",
    "IOTPLAN API KEY",
    "IOTPALN_APIKEY",
    "IOTPLAN-KEY",
    "IOTPALN_ACCESS_TOKEN",
    "IOTPLN_ACCESS_TOKEN",
    "IOTPLAM_TOKN",
]
ADDRESSES = [
    "IOTPLAN-API-URL",
    "IOTPALN_API_URL",
    "IOTPLNA_ENDPIONT",
    "IOT_PLAN_ENDPOINT_URL",
    "IOTPLN_API_URL",
]


@pytest.mark.parametrize("name", CREDENTIALS)
def test_a_credential_under_the_prefix_written_otherwise_is_refused_not_the_demo(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = refused({name: KEY}, tmp_path, monkeypatch)
    assert name in said and "embedded demo platform" in said and KEY not in said


@pytest.mark.parametrize("name", ADDRESSES)
def test_an_address_under_the_prefix_written_otherwise_is_refused_not_production(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = refused({name: "https://staging.example.invalid", "IOTPLAN_API_KEY": KEY}, tmp_path, monkeypatch)
    assert name in said and "staging.example.invalid" not in said


def test_a_token_url_written_with_hyphens_is_refused_not_bentleys_token_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    environ = {
        "IOTPLAN_ENDPOINT": "https://staging.example.invalid",
        "IOTPLAN_CLIENT_ID": "a",
        "IOTPLAN_CLIENT_SECRET": "staging-secret",
        "IOTPLAN-TOKEN-URL": "https://ims-staging.example.invalid/connect/token",
    }
    said = refused(environ, tmp_path, monkeypatch)
    assert said.startswith("'IOTPLAN-TOKEN-URL' (did you mean IOTPLAN_TOKEN_URL?) is set")
