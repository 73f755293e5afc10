"""Every command that reads a platform refuses a variable iotplan does not read before any request:
plan, apply, drift, import and check-platform alike."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import PROJECT, QUICKSTART, Workspace


@pytest.mark.parametrize(
    "command",
    [
        ("plan", QUICKSTART),
        ("apply", QUICKSTART, "--auto-approve"),
        ("drift", QUICKSTART),
        ("import", "--project", PROJECT),
        ("check-platform", "--project", PROJECT),
    ],
    ids=lambda command: command[0],
)
def test_an_unread_variable_is_refused_by_every_command(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.setenv("IOTPLAN_WIDGETS", "3")
    monkeypatch.setenv("IOTPLAN_API_KEY", "real-key-123")
    sent = requests_sent(monkeypatch)
    result = workspace.run(*command)
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: IOTPLAN_WIDGETS is set, but iotplan reads no such variable, so ")
    assert sent == []
