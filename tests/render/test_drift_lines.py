"""A saved drift report read line by line (`drift_from_lines`), as `show` and `merge` read it: the
same Report as a whole read, without the whole decoded document in memory; a report in any other
layout (the indented one iotplan wrote before, one reformatted by a tool) is left to the whole read."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from iotplan.commands.apply import read_saved_plan
from iotplan.commands.saved_plans import read_saved_lines
from iotplan.commands.show import read_saved
from iotplan.errors import IotplanError
from iotplan.plan.drift import Report
from iotplan.render.drift_json import drift_from_dict, drift_from_lines, drift_to_dict, render_drift_json
from iotplan.render.json_plan import NotLaidOutHere
from tests.render.drifts import SCENARIOS
from tests.render.saved_files import lines_of, peak_bytes_reading


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_saved_report_reads_line_by_line_as_it_reads_whole(scenario: str) -> None:
    text = render_drift_json(SCENARIOS[scenario]())
    assert drift_from_lines(lines_of(text)) == drift_from_dict(json.loads(text))


def test_a_report_file_is_read_line_by_line_and_is_no_plan(tmp_path: Path) -> None:
    path = tmp_path / "drift.json"
    path.write_text(render_drift_json(SCENARIOS["fleet"]()), encoding="utf-8")
    assert read_saved_lines(str(path)) == drift_from_dict(json.loads(path.read_text()))
    with pytest.raises(IotplanError, match="is a drift report"):  # `apply` takes plans only
        read_saved_plan(str(path))


def other_layouts(report: Report) -> dict[str, str]:
    document = drift_to_dict(report)
    text = render_drift_json(report)
    return {
        "indented, as iotplan wrote reports before": json.dumps(document, indent=2, ensure_ascii=False)
        + "\n",
        "one line": json.dumps(document, ensure_ascii=False),
        "windows line ends": text.replace("\n", "\r\n"),
        "keys sorted (jq -S)": json.dumps(document, indent=2, sort_keys=True) + "\n",
        "two entries on one line": text.replace("},\n    {", "}, {", 1),
    }


@pytest.mark.parametrize("layout", list(other_layouts(SCENARIOS["ranked"]())))
def test_any_other_layout_is_left_to_the_whole_read_which_reads_the_same_report(
    layout: str, tmp_path: Path
) -> None:
    report = SCENARIOS["ranked"]()
    other = other_layouts(report)[layout]
    assert json.loads(other) == json.loads(render_drift_json(report)), "the test must change the layout only"
    with pytest.raises(NotLaidOutHere):
        drift_from_lines(lines_of(other))
    path = tmp_path / "drift.json"
    path.write_text(other, encoding="utf-8", newline="")
    assert read_saved_lines(str(path)) is None
    assert read_saved(str(path)) == drift_from_dict(json.loads(render_drift_json(report)))


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (lambda text: text[: text.rindex("},\n    {") + 3], r"drift\.json:[0-9]+:[0-9]+: not JSON"),  # cut
        (lambda text: text.replace("  ],\n", "  ]\n", 1), r"drift\.json:[0-9]+:[0-9]+: not JSON"),  # comma
        (
            lambda text: text.replace('"status":"IN_SYNC","reason"', '"status":"SYNCED","reason"', 1),
            "not a drift report",
        ),
        (lambda text: text.replace('  "entries": [', '  "entriez": [', 1), "missing field 'entries'"),
    ],
)
def test_a_damaged_report_gets_the_whole_reads_answer(
    damage: Callable[[str], str], said: str, tmp_path: Path
) -> None:
    path = tmp_path / "drift.json"
    path.write_text(damage(render_drift_json(SCENARIOS["ranked"]())), encoding="utf-8")
    assert read_saved_lines(str(path)) is None
    with pytest.raises(IotplanError, match=said):
        read_saved(str(path))


def test_the_decoded_document_is_never_whole_in_memory(tmp_path: Path) -> None:
    entries = SCENARIOS["fleet"]().entries
    many = Report(
        target="t",
        entries=[dataclasses.replace(e, address=f"{e.address}-{n}") for n in range(200) for e in entries],
    )
    path = tmp_path / "drift.json"
    path.write_text(render_drift_json(many), encoding="utf-8")
    whole = peak_bytes_reading(lambda: drift_from_dict(json.loads(path.read_text(encoding="utf-8"))))
    streamed = peak_bytes_reading(lambda: read_saved_lines(str(path)))
    assert streamed < 0.6 * whole, (streamed, whole)
