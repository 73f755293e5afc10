"""Writes whose answer was lost (`write-then-503`: made, then answered 503) that the verifying read
shows made are counted applied, the history their removals destroyed included: fz64's apply said
`0 changes applied` and "nothing to run again" after destroying 1,000 observations."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_apply_says_what_it_destroyed import _drop_the_weather_station


def _dropped_with_answers_lost(workspace: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    _drop_the_weather_station(workspace)  # a removal holding 40 observations
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "write-then-503")


def test_the_json_report_counts_the_removal_and_its_history(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dropped_with_answers_lost(workspace, monkeypatch)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert report["converged"] is True
    counts = report["applied_counts"]
    assert (counts["destroy"], counts["observations_destroyed"]) == (1, 40)
    [outcome] = report["outcomes"]
    assert outcome["status"] == "failed" and outcome["outcome_unknown"] == []
    assert outcome["applied"] == outcome["confirmed_by_fresh_read"] == ["dam-a/weather"]


def test_the_text_report_and_the_error_name_the_history_gone(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    _dropped_with_answers_lost(workspace, monkeypatch)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy")
    assert result.exit_code == 1, result.output
    assert (
        "Apply incomplete: 1 change applied (0 added, 0 changed, 1 destroyed; 40 observations destroyed)"
        in (result.stdout)
    )
    assert "applied, its answer lost, shown in place by a fresh read: dam-a/weather" in result.stdout
    assert "(40 observations destroyed: dam-a/weather removed, its history gone)" in result.stderr
    assert "nothing to run again" in result.stderr
