"""`IOTPLAN_ACCESS_TOKEN=... iotplan apply --auto-approve` applied to the embedded demo platform and
exited 0, having written nowhere real: a first cut refused only names close to one iotplan reads.
A credential under a name of its own is refused, before the demo database is made."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

QUICKSTART = str(ROOT / "examples" / "quickstart" / "site.yaml")


@pytest.mark.parametrize(
    "name",
    [
        "IOTPLAN_ACCESS_TOKEN",
        "IOTPLAN_BEARER_TOKEN",
        "IOTPLAN_PASSWORD",
        "IOTPLAN_PAT",
        "IOTPLAN_CREDENTIALS",
    ],
)
def test_a_credential_under_an_invented_name_applies_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["apply", QUICKSTART, "--auto-approve"], env={name: "tok-123-secret"})
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: {name} is set, but iotplan reads no such variable, so with no ")
    assert "embedded demo platform" in result.stderr and "tok-123-secret" not in result.output
    assert not (tmp_path / ".iotplan").exists()
