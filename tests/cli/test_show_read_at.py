"""iotplan show says on stderr when a saved plan's or drift report's read of the platform began, and
how long ago: a report saved a week ago must not read as today's. stdout stays the saved view."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.render import plan_to_json, render_text
from iotplan.render.drift import render_drift_json
from iotplan.render.read_time import read_time
from tests.render import drifts, plans


def _days_ago(days: int) -> datetime:
    """Now less `days` and an hour, to the second: well inside the day `show` rounds down to."""
    return (datetime.now(UTC) - timedelta(days=days, hours=1)).replace(microsecond=0)


def test_a_saved_plan_says_when_it_was_read_and_how_long_ago(tmp_path: Path) -> None:
    read_at = _days_ago(3)
    plan = dataclasses.replace(plans.update(), read_at=read_at)
    saved = tmp_path / "plan.json"
    saved.write_text(plan_to_json(plan))
    result = CliRunner().invoke(cli, ["show", str(saved)])
    assert result.exit_code == 0 and result.stdout == render_text(plan, color=False)
    assert result.stderr.splitlines()[1] == f"Read from the platform at {read_time(read_at)} (3 days ago)."


def test_a_saved_drift_report_says_when_it_was_read_and_how_long_ago(tmp_path: Path) -> None:
    read_at = _days_ago(7)
    saved = tmp_path / "drift.json"
    saved.write_text(render_drift_json(dataclasses.replace(drifts.ranked(), read_at=read_at)))
    result = CliRunner().invoke(cli, ["show", str(saved), "--format", "markdown"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[1] == f"Read from the platform at {read_time(read_at)} (7 days ago)."


def test_a_plan_saved_before_iotplan_recorded_its_read_says_so(tmp_path: Path) -> None:
    older = dataclasses.replace(plans.update(), format_version="1.5", read_at=None)
    saved = tmp_path / "plan.json"
    saved.write_text(plan_to_json(older))
    result = CliRunner().invoke(cli, ["show", str(saved)])
    assert result.exit_code == 0 and "read time not recorded" in result.stderr.splitlines()[1]
