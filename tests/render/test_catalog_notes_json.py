"""The names the catalog no longer lists that live entities hold, kept (plan/catalog.py): said on
stderr, and in the JSON of the plan and of drift's report, so that a machine reader sees them too;
both read back, and a document labelled older than the format that added them is refused."""

from __future__ import annotations

import dataclasses
import json

import pytest

from iotplan.plan.address import Address
from iotplan.plan.catalog import CatalogNote
from iotplan.plan.drift import Report
from iotplan.plan.model import Kind, Plan
from iotplan.render.drift_json import drift_from_dict, drift_from_lines, render_drift_json
from iotplan.render.json_plan import plan_from_dict, plan_from_lines, plan_to_json
from tests.render.drifts import report
from tests.render.plans import in_sync, plan

TEMPLATE = CatalogNote(Kind.SENSOR, ("template",), "TEMPERATURE_SDE", 2, Address("dam-a/weather/air-temp"))
METRIC = CatalogNote(
    Kind.SENSOR, ("metrics", 1, "metric"), "cum_distance", 1, Address("dam-a/logger-1/crack-1")
)


def noted_plan() -> Plan:
    return dataclasses.replace(plan(in_sync("dam-a/weather/air-temp")), catalog_notes=(TEMPLATE, METRIC))


def noted_report() -> Report:
    drift = report(("sites/dams.yaml", noted_plan()))
    drift.catalog_notes["sites/dams.yaml"] = (TEMPLATE, METRIC)
    return drift


def test_a_plans_json_holds_each_note_as_data_and_as_the_text_says_it() -> None:
    [template, metric] = json.loads(plan_to_json(noted_plan()))["catalog_notes"]
    assert template == {
        "kind": "sensor",
        "field": ["template"],
        "name": "TEMPERATURE_SDE",
        "held_by": 2,
        "first": "dam-a/weather/air-temp",
        "message": str(TEMPLATE),
    }
    assert metric["field"] == ["metrics", 1, "metric"] and metric["held_by"] == 1
    assert str(TEMPLATE).endswith(
        "but 2 entities (first: dam-a/weather/air-temp) on the platform already hold it: kept as it stands"
    )
    assert str(METRIC).startswith(
        "sensor metrics[1] metric 'cum_distance' is no longer in the platform's catalog"
    )


def test_a_saved_plan_reads_back_with_its_notes_whole_and_a_line_at_a_time() -> None:
    text = plan_to_json(noted_plan())
    assert plan_from_dict(json.loads(text)) == noted_plan()
    assert plan_from_lines(iter(text.encode().splitlines(keepends=True))) == noted_plan()


def test_a_plan_labelled_older_than_its_notes_is_refused_as_edited() -> None:
    document = json.loads(plan_to_json(noted_plan()))
    document["format_version"] = "1.7"
    with pytest.raises(ValueError, match=r"holds catalog_notes, which plans hold since 1\.8"):
        plan_from_dict(document)


def test_a_drift_reports_json_holds_each_manifests_notes_and_reads_back() -> None:
    text = render_drift_json(noted_report())
    [template, _] = json.loads(text)["catalog_notes"]
    assert template["manifest"] == "sites/dams.yaml" and template["name"] == "TEMPERATURE_SDE"
    assert drift_from_dict(json.loads(text)).catalog_notes == {"sites/dams.yaml": (TEMPLATE, METRIC)}
    read = drift_from_lines(iter(text.encode().splitlines(keepends=True)))
    assert read.catalog_notes == {"sites/dams.yaml": (TEMPLATE, METRIC)}
