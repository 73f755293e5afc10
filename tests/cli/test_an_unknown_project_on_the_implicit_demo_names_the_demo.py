"""A manifest's project that is not on the embedded demo, run with no endpoint nor credential set,
stopped at the read with "Fix the id (copy it from the iTwin's page)": wrong advice, the id being
fine and the target the demo, chosen because nothing was set. The error says so, and how to give
the platform meant."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

QUICKSTART_PROJECT = "6ee68656-ce20-452c-a4e6-b6b3a3b55537"
UNKNOWN_PROJECT = "11111111-1111-1111-1111-111111111111"


def test_an_unknown_project_on_the_implicit_demo_names_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quickstart = (ROOT / "examples" / "quickstart" / "site.yaml").read_text()
    (tmp_path / "site.yaml").write_text(quickstart.replace(QUICKSTART_PROJECT, UNKNOWN_PROJECT))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["plan", "site.yaml"])
    assert result.exit_code == 1, result.output
    said = result.stderr.splitlines()[-1]
    assert said.startswith(
        f"Error: site.yaml: projects[0] (project {UNKNOWN_PROJECT}) was not found on the embedded demo "
        "platform, the target when no endpoint nor credential is set (GET /api/nodes/all?"
    )
    assert "answered 404: ResourceNotFound" in said
    assert "): set the credential as IOTPLAN_API_KEY, " in said
    assert said.endswith("or give --sim-db .iotplan/sim.db if the embedded demo is meant")
    assert "Fix the id" not in said
