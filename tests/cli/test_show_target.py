"""iotplan show says on stderr which target a saved plan or drift report was made against, as the
run that saved it did; stdout stays the view that run showed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.render import plan_to_json, render_text
from iotplan.render.drift import render_drift_json
from tests.render import drifts, plans

STAGING = "https://staging.example (API key; JSON-RPC wss://staging.example:4201)"


def test_a_saved_plan_names_its_target_on_stderr(tmp_path: Path) -> None:
    plan = dataclasses.replace(plans.update(), target=STAGING)
    saved = tmp_path / "plan.json"
    saved.write_text(plan_to_json(plan))
    result = CliRunner().invoke(cli, ["show", str(saved)])
    assert result.exit_code == 0 and result.stdout == render_text(plan, color=False)
    assert result.stderr.splitlines()[0] == f"Target (saved): {STAGING}"


def test_a_saved_drift_report_names_its_target_on_stderr(tmp_path: Path) -> None:
    saved = tmp_path / "drift.json"
    saved.write_text(render_drift_json(dataclasses.replace(drifts.ranked(), target=STAGING)))
    result = CliRunner().invoke(cli, ["show", str(saved), "--format", "junit"])
    assert result.exit_code == 0 and result.stderr.splitlines()[0] == f"Target (saved): {STAGING}"
