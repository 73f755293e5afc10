"""With `--format json` the report goes to stdout and a CI log shows stderr alone: the error there
names the connections whose writes went wrong and says where their outcomes are, never "above"."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace


def test_writes_answered_unreadably_are_named_on_stderr_not_seen_above(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "write-then-empty-200")
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--format", "json")
    assert result.exit_code == 1, result.output
    failed = [o["connection"] for o in json.loads(result.stdout)["outcomes"] if o["status"] == "failed"]
    assert failed == ["dam-a"]
    error = result.stderr[result.stderr.index("Error: ") :]
    assert "writes to dam-a were answered with an error or unreadably" in error
    assert "above" not in error and "JSON report" in error
