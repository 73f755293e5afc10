"""`IOTPLAN_ENDPOINT=https://iiot.example... IOTPLAN_API_URL=https://staging...
IOTPLAN_API_KEY=... iotplan plan` goes to the endpoint given: IOTPLAN_API_URL is like no name
iotplan reads, so it may be another tool's and is not refused, even holding an address, where the
endpoint is given; the target line says it was ignored, beside the platform it did not change,
never with its value."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_unknown_variable_is_said_ignored_on_the_target_line(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_ENDPOINT", "https://iiot.example.invalid")
    monkeypatch.setenv("IOTPLAN_API_URL", "https://staging.example.invalid")
    monkeypatch.setenv("IOTPLAN_API_KEY", "real-key-123")
    requests_sent(monkeypatch)
    result = workspace.run("plan", QUICKSTART)
    target = next(line for line in result.stderr.splitlines() if line.startswith("Target: "))
    assert target.startswith("Target: https://iiot.example.invalid (")
    assert target.endswith("; IOTPLAN_API_URL ignored: iotplan reads no such variable)")
    assert "staging" not in result.output and "real-key-123" not in result.output
