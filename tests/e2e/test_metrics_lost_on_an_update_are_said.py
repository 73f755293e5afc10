"""Where the platform replaces props on update and ignores metric maps in one (`update-replaces` with
`metrics-update-ignored`, docs/api-assumptions.md A2 and A8), a generic sensor only renamed lost its
metrics and units: apply said only that the sensor still differed, "another writer ... or a write the
platform accepted but did not keep", and the platform-dropped note stayed silent, as the maps were sent.
Each such sensor is now named, on stderr and in the closing error, with what its maps mean and what to
do."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import QUICKSTART, Workspace

PZ_1 = "quickstart:dam-a/logger-1/pz-1"


def test_a_sensor_whose_metrics_an_update_lost_is_named_with_what_to_do(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces,metrics-update-ignored")
    workspace.edit(QUICKSTART, "name: Piezometer PZ-1\n", "name: Piezometer PZ-1 (crest)\n")
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 1, applied.output
    assert "UNKNOWN_METRICS" not in workspace.live_entity(PZ_1)["props"]  # the platform's doing
    said = " ".join(caplog.text.split())
    lost = "dam-a/logger-1/pz-1: the platform lost its metrics and units on this update"
    assert lost in said
    assert "check-platform" in said and "A8" in said
    closing = " ".join(applied.output.split())
    assert "the platform lost the metrics and units of dam-a/logger-1/pz-1 on this update" in closing
    assert "another writer changed" not in closing


def test_metrics_an_update_does_not_change_where_the_platform_merges_are_not_said_lost(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "metrics-update-ignored")
    workspace.edit(QUICKSTART, "name: Piezometer PZ-1\n", "name: Piezometer PZ-1 (crest)\n")
    applied = workspace.run("apply", QUICKSTART, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    assert "lost" not in caplog.text


def test_metrics_the_manifest_clears_are_not_said_lost(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Gone because the update meant it: the manifest no longer declares them."""
    assert workspace.run("apply", QUICKSTART, "--auto-approve").exit_code == 0
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces")
    workspace.edit(
        QUICKSTART,
        "                metrics:\n"
        "                  - {custom_metric: pore_pressure, custom_unit: kPa_gauge}\n"
        "                  - {custom_metric: temperature_raw, custom_unit: digit}\n",
        "",
    )
    applied = workspace.run("apply", QUICKSTART, "--auto-approve", "--allow-data-model-change")
    assert "lost its metrics" not in caplog.text, applied.output
