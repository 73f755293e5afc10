"""--on-device reads no platform credential: IOTPLAN_APIKEY there is refused as a variable iotplan
does not read, not offered IOTPLAN_API_KEY, which the run would ignore as well."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

SITE = str(ROOT / "examples" / "thread" / "site.yaml")


def test_did_you_mean_names_only_what_on_device_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["plan", SITE, "--on-device"], env={"IOTPLAN_APIKEY": "real-key-123"})
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: IOTPLAN_APIKEY is set, but iotplan reads no such variable, so ")
    assert "IOTPLAN_API_KEY" not in result.stderr
