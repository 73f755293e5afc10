"""IOTPLAN_LOG set to a value iotplan does not know is said on stderr, not ignored silently: only
`debug` turns the debug log on, and `IOTPLAN_LOG=verbose` read as if it did something."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_an_unknown_log_level_is_warned_on_stderr_and_stdout_stays_data(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_LOG", "verbose")
    result = workspace.run("plan", QUICKSTART, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "Warning: IOTPLAN_LOG='verbose' is not a level iotplan knows" in result.stderr
    assert json.loads(result.stdout)
