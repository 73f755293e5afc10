"""check-platform's A8 line, where an update adding a metric leaves the sensor with none at all
(`update-replaces` with `metrics-update-ignored`): it saw that, yet concluded as for metrics merely
kept ("a change of a sensor's metrics does not take"). On such a platform every update of a generic
sensor, a rename included, erases its metrics and units: the line now says so."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Workspace
from tests.e2e.test_check_platform import check


def metrics_line(workspace: Workspace) -> dict[str, Any]:
    _, report = check(workspace)
    [line] = [line for line in report["checks"] if line["key"] == "metrics-update"]
    return line


def test_a_sensor_left_with_no_metrics_after_an_update_is_told_as_every_update_erasing_them(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "update-replaces,metrics-update-ignored")
    line = metrics_line(workspace)
    assert line["verdict"] == "fails" and "no metrics" in line["saw"], line
    said = " ".join(line["iotplan"].split())
    assert "every update of a generic sensor" in said and "a rename" in said, line
    assert "a change of a sensor's metrics does not take" not in said


def test_metrics_kept_as_they_were_after_an_update_are_told_as_a_change_that_does_not_take(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOTPLAN_SIM_VARIANTS", "metrics-update-ignored")
    line = metrics_line(workspace)
    assert "does not take" in line["iotplan"] and "every update" not in line["iotplan"], line
