"""iotplan show: a saved plan or drift report, shown as the command that made it would have, and
without reading any platform."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from iotplan.cli.main import cli
from iotplan.render import plan_to_json, render_markdown, render_text
from iotplan.render.drift import render_drift_json, render_drift_markdown, render_drift_text
from tests.render import drifts, plans

# Were show to open a target, this endpoint without a credential would stop it with an error.
NO_PLATFORM = {"IOTPLAN_ENDPOINT": "https://platform.invalid", "IOTPLAN_API_KEY": ""}


def show(*args: str) -> Result:
    return CliRunner().invoke(cli, ["show", *args], env=NO_PLATFORM)


@pytest.mark.parametrize("scenario", plans.SCENARIOS)
def test_a_saved_plan_shows_as_plan_showed_it_in_every_format(scenario: str, tmp_path: Path) -> None:
    plan = plans.SCENARIOS[scenario]()
    saved = tmp_path / "plan.json"
    saved.write_text(plan_to_json(plan))
    assert show(str(saved)).stdout == render_text(plan, color=False)
    assert show(str(saved), "--format", "markdown").stdout == render_markdown(plan, saved_as=str(saved))
    assert show(str(saved), "--format", "json").stdout == plan_to_json(plan)


@pytest.mark.parametrize("scenario", ["fleet", "ranked", "missing", "unmanaged"])
def test_a_saved_drift_report_shows_in_every_format(scenario: str, tmp_path: Path) -> None:
    report = drifts.SCENARIOS[scenario]()
    saved = tmp_path / "drift.json"
    saved.write_text(render_drift_json(report))
    assert show(str(saved)).stdout == render_drift_text(report, color=False)
    assert show(str(saved), "--format", "markdown").stdout == render_drift_markdown(report)
    assert show(str(saved), "--format", "json").stdout == render_drift_json(report)
    html = show(str(saved), "--format", "html")
    assert html.exit_code == 0 and html.stdout.count("<circle") == len(report.locations)  # the map survives


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '{"format_version": "1.1", "target": "t"}',
            "not a plan saved by `iotplan plan --out` nor a drift report",
        ),
        ("[1, 2]", "not a plan saved by `iotplan plan --out` nor a drift report (not an object)"),
        ('{\n  "stack": "s",,\n}', ":2:16: not JSON"),
        ('{"stack": "s", "changes": [], "format_version": "9.0"}', "plan format_version '9.0'"),
        ('{"stack": "s", "changes": [], "format_version": "1.1"}', "missing field 'target'"),
        ('{"kind": "iotplan-drift", "format_version": "1.1", "target": "t"}', "missing field 'entries'"),
    ],
    ids=["other-json", "a-list", "broken-json", "future-plan", "half-a-plan", "half-a-report"],
)
def test_a_file_that_is_not_a_plan_is_one_line_and_exit_1(content: str, message: str, tmp_path: Path) -> None:
    saved = tmp_path / "x.json"
    saved.write_text(content)
    result = show(str(saved))
    assert result.exit_code == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {saved}") and message in line


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = show(str(tmp_path / "nowhere.json"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path / 'nowhere.json'}: cannot read it: No such file or directory"
    ]


def test_a_plan_does_not_pretend_to_be_a_drift_report(tmp_path: Path) -> None:
    saved = tmp_path / "plan.json"
    saved.write_text(plan_to_json(plans.update()))
    result = show(str(saved), "--format", "html")
    assert result.exit_code == 1
    assert "is a plan: it shows as text, json, markdown, not html" in result.stderr


def test_a_saved_plan_s_markdown_names_the_file_it_shows_in_its_apply(tmp_path: Path) -> None:
    """It named `plan.json` whatever the file was called."""
    saved = tmp_path / "q4.json"
    saved.write_text(plan_to_json(plans.SCENARIOS["update"]()))
    markdown = show(str(saved), "--format", "markdown").stdout
    assert f"(`iotplan apply {saved}` prints the digest it applies)" in markdown
