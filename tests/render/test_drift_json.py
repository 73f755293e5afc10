"""The JSON drift report reads back whole (what `iotplan show` relies on), and a 1.0 report still reads."""

from __future__ import annotations

import json

import pytest

from iotplan.plan.drift import Severity, Status
from iotplan.render.drift import render_drift_text
from iotplan.render.drift_json import drift_from_dict, render_drift_json
from tests.render.drifts import SCENARIOS


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_saved_report_reads_back_to_the_same_report(scenario: str) -> None:
    report = SCENARIOS[scenario]()
    again = drift_from_dict(json.loads(render_drift_json(report)))
    assert again.entries == report.entries and again.locations == report.locations
    assert render_drift_text(again, color=False) == render_drift_text(report, color=False)


def test_a_1_0_report_reads_with_severities_from_its_statuses() -> None:
    document = json.loads(render_drift_json(SCENARIOS["fleet"]()))
    document["format_version"] = "1.0"
    for entry in document["entries"]:
        for added in ("severity", "below", "name", "serial"):
            del entry[added]
    for site in document["sites"]:
        for added in ("severity", "status", "location"):
            del site[added]
    report = drift_from_dict(document)
    severities = {entry.status: entry.severity for entry in report.entries}
    assert severities[Status.MODIFIED] is Severity.MEDIUM and severities[Status.PENDING] is Severity.LOW
    assert severities[Status.IN_SYNC] is Severity.NONE


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"kind": "iotplan-plan"}, "not an iotplan drift report"),
        ({"kind": "iotplan-drift", "format_version": "2.0"}, "drift format_version '2.0'"),
    ],
)
def test_what_is_not_a_drift_report_it_reads_is_refused(document: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        drift_from_dict(document)
