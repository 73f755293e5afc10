"""`--sim-db ""` (an unset shell variable) is refused as an empty --endpoint is: read as "not given",
an apply meant for a sandbox database went to the platform IOTPLAN_ENDPOINT names, or to the
default embedded database when none was set."""

from __future__ import annotations

import pytest

from tests.cli.requests_refused import requests_sent
from tests.e2e.conftest import QUICKSTART, Workspace

UNREACHABLE = "http://127.0.0.1:9"  # the discard port: a request made would be seen before it fails


@pytest.mark.parametrize("empty", ["", " "])
def test_an_empty_sim_db_never_falls_back_to_the_platform_of_the_environment(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, empty: str
) -> None:
    monkeypatch.setenv("IOTPLAN_ENDPOINT", UNREACHABLE)
    monkeypatch.setenv("IOTPLAN_API_KEY", "key-7f3")
    sent = requests_sent(monkeypatch)
    result = workspace.run("apply", QUICKSTART, "--sim-db", empty, "--auto-approve")
    assert result.exit_code == 1, result.output
    assert "Invalid value for '--sim-db': it is empty" in result.stderr
    assert sent == []


def test_an_empty_sim_db_never_falls_back_to_the_default_database(workspace: Workspace) -> None:
    result = workspace.run("apply", QUICKSTART, "--sim-db", "", "--auto-approve")
    assert result.exit_code == 1, result.output
    assert "Invalid value for '--sim-db': it is empty" in result.stderr
    assert not (workspace.path / ".iotplan").exists()
