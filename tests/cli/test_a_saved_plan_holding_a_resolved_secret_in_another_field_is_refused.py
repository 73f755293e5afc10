"""A plan saved by a build that did not look for an `${env:NAME}` value in other fields records such a
field as `(sensitive)`, and its apply writes the field from the manifest: `apply p.json` refuses it as
`apply` of the manifest does, in any spelling masking reads, before anything is written."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.cli.secret_in_another_field import notes_naming, planned

TOKEN = "Xk29Pq&Lm7vB3wzR5tYa"  # 16 characters or more: a saved plan records a digest of it
SPELLINGS: dict[str, Callable[[str], str]] = {
    "as written": str,
    "base64": lambda token: base64.b64encode(token.encode()).decode(),
}


@pytest.mark.parametrize("spelling", SPELLINGS.values(), ids=SPELLINGS.keys())
def test_a_plan_saved_before_the_check_is_refused_by_its_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: Callable[[str], str]
) -> None:
    manifest, database, saved = tmp_path / "site.yaml", tmp_path / "sim.db", tmp_path / "p.json"
    manifest.write_text(notes_naming(spelling(TOKEN)))
    runner, env = CliRunner(), {"TOKEN_01": TOKEN}
    # The build before the check: the plan is saved, its notes recorded as `(sensitive)`.
    monkeypatch.setattr("iotplan.commands.plan.refuse_secrets_held_elsewhere", lambda *_: None)
    made = runner.invoke(
        cli, ["plan", str(manifest), "--sim-db", str(database), "--out", str(saved)], env=env
    )
    assert made.exit_code == 0, made.output
    assert json.loads(saved.read_text())["changes"][0]["after"]["notes"] == "(sensitive)"
    monkeypatch.undo()

    result = runner.invoke(cli, ["apply", str(saved), "--auto-approve", "--sim-db", str(database)], env=env)
    assert result.exit_code == 1, result.output
    assert "site-01: notes holds the value ${env:TOKEN_01} gives" in result.output, result.output
    assert TOKEN not in result.output and spelling(TOKEN) not in result.output
    # Nothing was written: the node is still to add.
    _, again = planned(manifest, database, "x" * 20)
    assert "+ node site-01" in again, again
