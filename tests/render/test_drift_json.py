"""The JSON drift report: what it holds, laid out a line an entry and written as it is made; it
reads back whole (what `iotplan show` relies on), and a 1.0 report still reads."""

from __future__ import annotations

import dataclasses
import json
import math
import tracemalloc

import pytest

from iotplan.plan.drift import DRIFT_FORMAT_VERSION, Report, Severity, Status
from iotplan.plan.model import Action
from iotplan.render.drift import render_drift_text
from iotplan.render.drift_json import drift_from_dict, drift_json_chunks, drift_to_dict, render_drift_json
from tests.render import drifts, plans
from tests.render.drifts import SCENARIOS


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_file_holds_the_report_in_its_keys_order(scenario: str) -> None:
    report = SCENARIOS[scenario]()
    written = json.loads(render_drift_json(report))
    whole = drift_to_dict(report)
    assert written == whole and list(written) == list(whole)
    assert list(drift_to_dict(report, lists=False)) == [k for k in whole if k not in ("sites", "entries")]


def test_each_site_and_each_entry_is_one_line() -> None:
    report = SCENARIOS["fleet"]()
    lines = render_drift_json(report).splitlines()
    whole = drift_to_dict(report)
    for key in ("sites", "entries"):
        start = lines.index(f'  "{key}": [') + 1
        items = [
            json.loads(line.removeprefix("    ").removesuffix(","))
            for line in lines[start:][: len(whole[key])]
        ]
        assert items == whole[key]
        assert lines[start + len(whole[key])].startswith("  ]")


def test_a_large_report_is_written_without_the_whole_text_in_memory() -> None:
    entries = SCENARIOS["fleet"]().entries
    report = Report(
        target="t",
        entries=[dataclasses.replace(e, address=f"{e.address}-{n}") for n in range(300) for e in entries],
    )
    tracemalloc.start()
    try:
        written = 0
        for chunk in drift_json_chunks(report):
            written += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert written > 1_000_000
    assert peak < written / 4


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_saved_report_reads_back_to_the_same_report(scenario: str) -> None:
    report = SCENARIOS[scenario]()
    again = drift_from_dict(json.loads(render_drift_json(report)))
    assert again.entries == report.entries and again.locations == report.locations
    assert render_drift_text(again, color=False) == render_drift_text(report, color=False)


def test_a_1_0_report_reads_with_severities_from_its_statuses() -> None:
    document = json.loads(render_drift_json(SCENARIOS["fleet"]()))
    document["format_version"] = "1.0"
    del document["read_at"]  # 1.7's: a 1.0 report holding it is refused as relabelled
    del document["unread"]  # 1.12's
    for entry in document["entries"]:
        for added in ("severity", "below", "name", "serial", "project_id"):
            del entry[added]
        entry.pop("unread", None)  # 1.12's
    for site in document["sites"]:
        for added in ("severity", "status", "location"):
            del site[added]
    report = drift_from_dict(document)
    severities = {entry.status: entry.severity for entry in report.entries}
    assert severities[Status.MODIFIED] is Severity.MEDIUM and severities[Status.PENDING] is Severity.LOW
    assert severities[Status.IN_SYNC] is Severity.NONE


def test_a_1_7_report_saved_before_entries_carried_their_project_is_written_back_without_it() -> None:
    """Its format did not change when they did (1.7 added read_at first): shown or merged again, it
    said `"project_id": null` for every entry, an unknown project written as a known one."""
    document = json.loads(render_drift_json(SCENARIOS["fleet"]()))
    document["format_version"] = "1.7"
    del document["catalog_notes"]  # 1.8's
    del document["unread"]  # 1.12's
    for entry in document["entries"]:
        del entry["project_id"]
        entry.pop("unread", None)  # 1.12's
    again = json.loads(render_drift_json(drift_from_dict(document)))
    assert not any("project_id" in entry for entry in again["entries"])


def test_an_entrys_project_is_written_back_as_read() -> None:
    document = json.loads(render_drift_json(SCENARIOS["fleet"]()))
    again = json.loads(render_drift_json(drift_from_dict(document)))
    assert [entry["project_id"] for entry in again["entries"]] == [
        entry["project_id"] for entry in document["entries"]
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"kind": "iotplan-plan"}, "not an iotplan drift report"),
        ({"kind": "iotplan-drift", "format_version": "2.0"}, "drift format_version '2.0'"),
        ({"kind": "iotplan-drift", "format_version": "1.99"}, "format_version 1.99 is newer than this"),
    ],
)
def test_what_is_not_a_drift_report_it_reads_is_refused(document: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        drift_from_dict(document)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
def test_a_live_value_json_has_no_word_for_is_written_as_the_json_module_writes_it(value: float) -> None:
    """orjson writes NaN and infinities as null; the platform's answer said otherwise (the json module
    reads `NaN`), and a drift report says what the platform holds."""
    report = SCENARIOS["modified"]()
    entry = next(e for e in report.entries if e.differences)
    difference = dataclasses.replace(entry.differences[0], actual={"lat": value})
    report.entries[report.entries.index(entry)] = dataclasses.replace(entry, differences=(difference,))
    [written] = [e for e in json.loads(render_drift_json(report))["entries"] if e["address"] == entry.address]
    lat = written["differences"][0]["actual"]["lat"]
    assert isinstance(lat, float) and (math.isnan(lat) if math.isnan(value) else lat == value)


def test_a_count_nobody_read_is_null_not_zero_and_reads_back_as_unknown() -> None:
    """As in the plan's JSON 1.4: a 0 there read as "the next apply destroys nothing"."""
    owned = "removed from the manifest"
    report = drifts.report(
        (
            "sites/dams.yaml",
            plans.plan(
                plans.change("dam-a/old", Action.REMOVE, owned, observations_unknown=True),
                plans.change("dam-a/part", Action.REMOVE, owned, observations=5, observations_unknown=True),
                plans.change("dam-a/empty", Action.REMOVE, owned),
            ),
        )
    )
    document = json.loads(render_drift_json(report))
    assert document["format_version"] == DRIFT_FORMAT_VERSION
    written = {e["address"]: (e["observations"], e["observations_unknown"]) for e in document["entries"]}
    assert written == {"dam-a/old": (None, True), "dam-a/part": (5, True), "dam-a/empty": (0, False)}
    assert drift_from_dict(document).entries == report.entries
