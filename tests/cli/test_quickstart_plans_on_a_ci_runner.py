"""The README's quickstart is one command on any fresh machine, a CI runner too: with `CI=true` (as
GitHub Actions sets it) and no target, `iotplan plan examples/quickstart/site.yaml` plans against the
embedded demo platform, as at a terminal; it was refused, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

QUICKSTART = str(ROOT / "examples" / "quickstart" / "site.yaml")


def test_the_quickstart_plans_on_a_ci_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["plan", QUICKSTART], env={"CI": "true"})
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("Target: embedded platform (.iotplan/sim.db)")
