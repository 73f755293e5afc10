"""cr81: `ITWIN_API_KEY=... iotplan apply site.yaml --auto-approve` applied to the embedded demo platform
and exited 0, so a CI pipeline was green having written nowhere real. It exits 1 naming the variable,
before the demo database is made; `plan` and `drift` stop alike (a green nightly drift against the
demo is as wrong)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

QUICKSTART = str(ROOT / "examples" / "quickstart" / "site.yaml")


@pytest.mark.parametrize("command", [["apply", "--auto-approve"], ["plan"], ["drift"]])
def test_a_run_beside_a_platform_credential_under_another_name_applies_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    verb, *flags = command
    result = CliRunner().invoke(cli, [verb, QUICKSTART, *flags], env={"ITWIN_API_KEY": "key-of-the-tenant"})
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ITWIN_API_KEY is set, but iotplan reads no credential under ")
    assert "key-of-the-tenant" not in result.output
    assert not (tmp_path / ".iotplan").exists()
