"""An update the platform answers 200 and does not keep (`metrics-update-ignored` for a sensor's metrics,
`connection-props-ignored` for a connection's name) is not reported applied: the unit fails, the
closing line is not "Apply complete", and the closing error names the update answered but not kept
with the check-platform lines that probe it, as a removal answered but not made is told. Before,
each run said "dam-a: applied (1 change)" and "Apply complete: 1 change applied", then only that
the platform still differed, maybe "another writer"."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

TILT_C = "                  - {custom_metric: tilt_c, unit: mm}\n"


def _a_metric_added_to_tilt_1(workspace: Workspace) -> None:
    tilt_b = "                  - {custom_metric: tilt_b, unit: mm}\n"
    workspace.edit(QUICKSTART, tilt_b, tilt_b + TILT_C)


def test_a_metric_update_answered_but_not_kept_fails_its_unit_and_names_a8(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "metrics-update-ignored")
    _a_metric_added_to_tilt_1(workspace)
    for _run in range(2):  # the second run is answered, and ignored, the same way
        result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-data-model-change")
        assert result.exit_code == 1, result.output
        assert "Apply complete" not in result.output
        assert (
            "  dam-a: failed\n    the update was answered as made, but a fresh read shows it not kept\n"
            in (result.output)
        )
        said = " ".join(result.stderr.split())
        assert (
            "Error: the platform answered the update of dam-a/logger-1/tilt-1 as made, but a fresh read "
            "shows it not kept"
        ) in said
        assert "Run `iotplan check-platform`: its A8 line says whether it keeps a change of metrics" in said
        # Another writer setting it back leaves the same read: said as maybe, never blamed alone.
        assert "the platform ignores what the update sent" in said
        assert "or another writer changed it back meanwhile" in said


def test_a_metric_update_not_kept_is_failed_in_the_json_report_too(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "metrics-update-ignored")
    _a_metric_added_to_tilt_1(workspace)
    result = workspace.run(
        "apply", QUICKSTART, "--auto-approve", "--allow-data-model-change", "--format", "json"
    )
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    [outcome] = report["outcomes"]
    assert outcome["status"] == "failed"
    assert outcome["applied"] == []
    assert outcome["outcome_unknown"] == ["dam-a/logger-1/tilt-1"]
    assert report["applied_counts"]["change"] == 0
    assert "answered the update of dam-a/logger-1/tilt-1 as made" in " ".join(result.stderr.split())


def test_a_connection_rename_answered_but_not_kept_names_the_a4_lines(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "connection-props-ignored")
    workspace.edit(QUICKSTART, "name: Lake Ellen dam - datalogger feed\n", "name: Lake Ellen dam feed\n")
    result = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert result.exit_code == 1, result.output
    assert "Apply complete" not in result.output
    assert "  dam-a: failed\n    the update was answered as made, but a fresh read shows it not kept\n" in (
        result.output
    )
    said = " ".join(result.stderr.split())
    assert "the platform answered the update of dam-a as made, but a fresh read shows it not kept" in said
    assert "its A4 lines say whether it keeps a connection's props" in said


def test_a_metric_update_whose_maps_the_platform_lost_is_told_lost_once_not_also_not_kept(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where updates replace props too, the update empties the maps (apply/metrics_lost.py): the unit
    fails as for an update not kept, and the closing error names the sensor once, as lost."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces,metrics-update-ignored")
    _a_metric_added_to_tilt_1(workspace)
    result = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-data-model-change")
    assert result.exit_code == 1, result.output
    assert "Apply complete" not in result.output
    assert (
        "  dam-a: failed\n    the update was answered as made, but a fresh read shows its metrics and units "
        "lost\n" in result.output
    )
    closing = " ".join(result.stderr[result.stderr.index("Error: ") :].split())
    assert closing.startswith(
        "Error: the platform lost the metrics and units of dam-a/logger-1/tilt-1 on this update"
    )
    assert closing.count("dam-a/logger-1/tilt-1") == 1
    assert "answered the update" not in closing
