"""`iotplan import --project <a real project's id>` with no endpoint nor credential set read the
embedded demo, chosen because nothing was set, and ended with the bare "GET /api/nodes/all?... answered
404": unlike plan's, the error neither said the target was the demo nor how to give the platform
meant. It names --project and both ways out, as plan's does."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli

UNKNOWN_PROJECT = "11111111-1111-1111-1111-111111111111"


def test_import_of_a_project_not_on_the_implicit_demo_names_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["import", "--project", UNKNOWN_PROJECT])
    assert result.exit_code == 1, result.output
    said = result.stderr.splitlines()[-1]
    assert said.startswith(
        f"Error: import --project (project {UNKNOWN_PROJECT}) was not found on the embedded demo platform, "
        "the target when no endpoint nor credential is set (GET /api/nodes/all?"
    )
    assert "answered 404: ResourceNotFound" in said
    assert "): set the credential as IOTPLAN_API_KEY, " in said
    assert said.endswith("or give --sim-db .iotplan/sim.db if the embedded demo is meant")
