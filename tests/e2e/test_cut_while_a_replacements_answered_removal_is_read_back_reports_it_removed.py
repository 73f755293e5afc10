"""Ctrl-C or SIGTERM while a replacement's removal call, answered 200, is read back: the platform
confirmed the removal (A3+), so the device is reported removed, not created again, its history gone
and counted destroyed; only its creation, never sent, is not applied. Before, the answered removal
was "in flight when interrupted: outcome unknown": `applied: []`, `outcome_unknown` holding it,
`removed_not_recreated: []`, `observations_destroyed: 0`, "1 removal of unknown outcome (a
replacement's too), history possibly gone", while the next plan showed the device gone (fz94)."""

from __future__ import annotations

import json
import signal
from typing import Any

import pytest

from iotplan.apply import execute
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_interrupt_report import STOPS, stopped_at_call
from tests.e2e.test_ownership_and_fences import observe

WEATHER = "dam-a/weather"  # replaced, with its two sensors
SENSORS = [f"{WEATHER}/air-temp", f"{WEATHER}/battery"]
GONE = "1 replacement removed and not created again, its history gone: dam-a/weather"

pytestmark = pytest.mark.usefixtures("python_sigint_handler", "default_sigterm_handler")


def cut_while_the_removal_is_read_back(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals, *flags: str
) -> Any:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/weather/air-temp", 5)
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    # The first integrate call removes the weather station, answered 200; its read back is cut short.
    monkeypatch.setattr(execute, "_not_gone", stopped_at_call(1, stop, execute._not_gone))
    return workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy", "--no-color", *flags)


@STOPS
def test_json_reports_the_answered_removal_made_and_its_history_destroyed(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, stop: signal.Signals, code: int
) -> None:
    result = cut_while_the_removal_is_read_back(workspace, monkeypatch, stop, "--format", "json")
    assert result.exit_code == code, result.output
    report = json.loads(result.stdout)
    [outcome] = [outcome for outcome in report["outcomes"] if outcome["connection"] == "dam-a"]
    assert outcome["removed_not_recreated"] == [WEATHER], outcome
    assert (outcome["outcome_unknown"], outcome["removed_recreation_unknown"]) == ([], [])
    assert {WEATHER, *SENSORS} <= set(outcome["not_applied"])
    counts = report["applied_counts"]
    assert (counts["removed_not_recreated"], counts["observations_destroyed"]) == (1, 5)
    said = " ".join(result.stderr.split())
    assert "removal of unknown outcome" not in said
    assert GONE in said, said


def test_text_reports_the_answered_removal_made_and_nothing_in_flight(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = cut_while_the_removal_is_read_back(workspace, monkeypatch, signal.SIGINT)
    assert result.exit_code == 130, result.output
    report = " ".join(result.stdout.split())
    assert "may or may not be applied" not in report and "outcome unknown" not in report, report
    assert "Removed, not created again (the next plan creates it): dam-a/weather." in report, report
    assert "5 observations destroyed" in report, report
    assert GONE in " ".join(result.stderr.split()), result.stderr
