"""`--sim-db` chooses the embedded demo by name: a manifest's project not on it is then a wrong id
for the demo, and the error says "Fix the id" as on any platform, not that no target was set."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

QUICKSTART_PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
UNKNOWN_PROJECT = "11111111-1111-1111-1111-111111111111"


def test_an_unknown_project_on_the_demo_given_by_sim_db_says_fix_the_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quickstart = (ROOT / "examples" / "quickstart" / "site.yaml").read_text()
    (tmp_path / "site.yaml").write_text(quickstart.replace(QUICKSTART_PROJECT, UNKNOWN_PROJECT))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["plan", "site.yaml", "--sim-db", ".iotplan/sim.db"])
    assert result.exit_code == 1, result.output
    said = result.stderr.splitlines()[-1]
    assert said.startswith(f"Error: site.yaml: projects[0] (project {UNKNOWN_PROJECT}) cannot be read: ")
    assert "Fix the id" in said and "embedded demo" not in said
