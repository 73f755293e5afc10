"""`--detail` lists a plan's identical updates; a drift report folds none, so `show` refuses it
there rather than ignore it."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from iotplan.cli.main import cli
from iotplan.render.drift import render_drift_json
from tests.render import drifts


def test_show_refuses_detail_for_a_drift_report(tmp_path: Path) -> None:
    saved = tmp_path / "drift.json"
    saved.write_text(render_drift_json(drifts.SCENARIOS["fleet"]()))
    shown = CliRunner().invoke(cli, ["show", str(saved), "--detail"])
    assert shown.exit_code != 0 and "a drift report folds none" in shown.stderr
