"""`IOTPLAN_ENDPONT=https://staging... IOTPLAN_API_KEY=... iotplan plan` planned against the default
platform, https://iiot.bentley.com: the endpoint meant was read past, and a credential for staging
was sent to production. The misspelling is refused before any request."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace


@pytest.mark.parametrize("command", [["plan"], ["apply", "--auto-approve"]])
def test_a_misspelt_endpoint_beside_a_credential_is_refused_before_any_request(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.setenv("IOTPLAN_ENDPONT", "https://staging.example.invalid")
    monkeypatch.setenv("IOTPLAN_API_KEY", "real-key-123")
    sent = requests_sent(monkeypatch)
    result = workspace.run(*command, QUICKSTART)
    assert result.exit_code == 1, result.output
    assert "IOTPLAN_ENDPONT (did you mean IOTPLAN_ENDPOINT?) is set" in result.stderr
    assert "real-key-123" not in result.output and "staging" not in result.output
    assert sent == []
