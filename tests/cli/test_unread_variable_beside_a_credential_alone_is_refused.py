"""`IOTPLAN_API_URL=https://staging... IOTPLAN_API_KEY=... iotplan plan` planned on
https://iiot.bentley.com, the default platform: iotplan does not read IOTPLAN_API_URL, and a first
cut refused it only where its value looked like an address. It is refused for its name, before any
request, saying where the run would have gone, never its value (here a user name and password in
it)."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_unread_variable_beside_a_credential_alone_is_refused(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_API_URL", "https://ops:hunter2@staging.example.invalid")
    monkeypatch.setenv("IOTPLAN_API_KEY", "real-key-123")
    sent = requests_sent(monkeypatch)
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        "Error: IOTPLAN_API_URL is set, but iotplan reads no such variable, so with no endpoint given the "
        "run would go to the default platform, https://iiot.bentley.com: rename it, or unset it if it is "
        "not meant for iotplan, or name it without the IOTPLAN_ prefix (`unset IOTPLAN_API_URL`)"
    ]
    assert sent == []
    assert "hunter2" not in result.output and "staging" not in result.output
