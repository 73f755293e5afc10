"""Ctrl-C while a replacement's creation call is in flight, its removal call answered and read back
gone: the removal is known made, the history with it, and only the creation is of unknown outcome.
Before, the removal was dropped with the creation: `applied: []`, `removed_not_recreated: []`,
`observations_destroyed: 0`, and "1 removal of unknown outcome (a replacement's too), history
possibly gone", of a device the platform had removed with its 5 observations (fz81)."""

from __future__ import annotations

import json
import signal

import pytest

from iotplan.apply import execute
from tests.e2e.conftest import QUICKSTART, Workspace
from tests.e2e.test_interrupt_report import stopped_at_call
from tests.e2e.test_ownership_and_fences import observe

WEATHER = "dam-a/weather"  # replaced, with its two sensors
SENSORS = [f"{WEATHER}/air-temp", f"{WEATHER}/battery"]


@pytest.mark.usefixtures("python_sigint_handler", "default_sigterm_handler")
def test_ctrl_c_during_a_replacements_creation_reports_its_removal_made(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    observe(workspace, "quickstart:dam-a/weather/air-temp", 5)
    workspace.edit(QUICKSTART, "template: DEMO_DEVICE_SDE", "template: IMPORT_DEVICE_SDE")
    # The first integrate call removes the weather station (read back gone); the second creates it again.
    monkeypatch.setattr(execute, "_integrate", stopped_at_call(2, signal.SIGINT, execute._integrate))

    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-destroy", "--format", "json")

    assert result.exit_code == 130, result.output
    report = json.loads(result.stdout)
    [outcome] = [outcome for outcome in report["outcomes"] if outcome["connection"] == "dam-a"]
    assert outcome["removed_recreation_unknown"] == [WEATHER] and outcome["removed_not_recreated"] == []
    assert outcome["outcome_unknown"] == [WEATHER, *SENSORS]
    counts = report["applied_counts"]
    assert (counts["removed_recreation_unknown"], counts["observations_destroyed"]) == (1, 5)
    said = " ".join(result.stderr.split())
    assert "removal of unknown outcome" not in said
    assert (
        "1 replacement removed, its history gone, its creation again of unknown outcome: dam-a/weather; the "
        "next plan creates it again or finds it made"
    ) in said, said
