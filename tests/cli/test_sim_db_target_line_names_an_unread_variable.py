"""`--sim-db` chooses the embedded platform whatever IOTPLAN_* variables say, so one iotplan does not
read is not refused there; the target line names it ignored, never with its value."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_the_sim_db_target_line_names_an_unread_variable(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_API_URL", "https://staging.example.invalid")
    result = workspace.run("plan", QUICKSTART, "--sim-db", "bench.db")
    assert result.exit_code == 0, result.output
    assert (
        "Target: embedded platform (bench.db); IOTPLAN_API_URL ignored: iotplan reads no such variable\n"
    ) in result.stderr
    assert "staging" not in result.output
