"""Under `serial-update-ignored` a `moved` rename is answered but not made: its entities are never
reported applied, in text or JSON, but as of unknown outcome (the next plan shows which)."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

RENAMED = [
    "dam-a/logger-x",
    "dam-a/logger-x/pz-1",
    "dam-a/logger-x/crack-1",
    "dam-a/logger-x/tilt-1",
]


@pytest.fixture
def renamed(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "serial-update-ignored")
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    manifest = workspace.path / QUICKSTART
    text = manifest.read_text().replace("key: logger-1", "key: logger-x", 1)
    manifest.write_text(text + "\nmoved:\n  - {from: dam-a/logger-1, to: dam-a/logger-x}\n")
    return workspace


def test_the_json_report_lists_the_renames_as_of_unknown_outcome(renamed: Workspace) -> None:
    result = renamed.run("apply", QUICKSTART, "--auto-approve", "--format", "json")
    assert result.exit_code == 1, result.output
    (outcome,) = json.loads(result.stdout)["outcomes"]
    assert "is not found made" in outcome["message"]
    assert not set(RENAMED) & set(outcome["applied"])
    assert sorted(outcome["outcome_unknown"]) == sorted(RENAMED)


def test_the_text_report_says_no_rename_was_applied(renamed: Workspace) -> None:
    result = renamed.run("apply", QUICKSTART, "--auto-approve")
    assert result.exit_code == 1, result.output
    assert not [line for line in result.output.splitlines() if line.strip().startswith("applied:")]
    assert "0 changes applied" in result.output
    assert "may or may not be applied: dam-a/logger-x" in result.output
