"""A first cut let a variable iotplan does not read through where the endpoint is given, saying it
ignored on the target line: IOTPLAN_TOKEN_ENDPOINT=https://ims-staging... beside IOTPLAN_ENDPOINT
and a client id posted the staging secret to Bentley's token URL. Refused with the endpoint given
too, saying where the run would go, before any request."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_unread_variable_beside_an_endpoint_is_refused(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_ENDPOINT", "https://iiot.example.invalid")
    monkeypatch.setenv("IOTPLAN_CLIENT_ID", "ci-runner")
    monkeypatch.setenv("IOTPLAN_CLIENT_SECRET", "real-secret-123")
    monkeypatch.setenv("IOTPLAN_IMS_URL", "https://ims-staging.example.invalid/connect/token")
    sent = requests_sent(monkeypatch)
    result = workspace.run("plan", QUICKSTART)
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [
        "Error: IOTPLAN_IMS_URL is set, but iotplan reads no such variable, so the run would go to "
        "https://iiot.example.invalid: rename it, or unset it if it is not meant for iotplan, "
        "or name it without the IOTPLAN_ prefix "
        "(`unset IOTPLAN_IMS_URL`)"
    ]
    assert sent == []
