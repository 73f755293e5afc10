"""`IOTPLAN_API_URL=https://staging... IOTPLAN_API_KEY=... iotplan plan` planned on
https://iiot.bentley.com, the default platform: IOTPLAN_API_URL is like no name iotplan reads, so it
was only said on the target line, and an apply wrote production. With no endpoint given, an unread
variable holding an address is refused before any request, naming it and the variable iotplan reads
for the endpoint, never its value (here a user name and password in it)."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_address_under_an_unread_name_beside_a_credential_is_refused(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_API_URL", "https://ops:hunter2@staging.example.invalid")
    monkeypatch.setenv("IOTPLAN_API_KEY", "real-key-123")
    sent = requests_sent(monkeypatch)
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        "Error: IOTPLAN_API_URL is set to an address, but iotplan reads no such variable, so with no "
        "endpoint given the run would go to the default platform, https://iiot.bentley.com: give the "
        "endpoint as IOTPLAN_ENDPOINT or --endpoint (https://iiot.bentley.com itself if it is meant), or "
        "unset it if it is not meant for iotplan (`unset IOTPLAN_API_URL`)"
    ]
    assert sent == []
    assert "hunter2" not in result.output and "staging" not in result.output
