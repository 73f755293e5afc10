"""`validate a.yaml.j2 b.yaml.j2 --sites -`: each template reads --sites itself and stdin is read once,
so the second found it empty ("--sites: the file is empty"). Refused before either read, naming both."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

SITE = ROOT / "examples/multi-site"
QUICKSTART = ROOT / "examples/quickstart/site.yaml"


@pytest.fixture
def templates(tmp_path: Path) -> list[str]:
    text = (SITE / "site.yaml.j2").read_text(encoding="utf-8")
    (tmp_path / "a.yaml.j2").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml.j2").write_text(text.replace("stack: ", "stack: b-", 1), encoding="utf-8")
    return [str(tmp_path / "a.yaml.j2"), str(tmp_path / "b.yaml.j2")]


def test_sites_from_stdin_to_two_templates_is_refused(templates: list[str]) -> None:
    rows = (SITE / "sites.csv").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", *templates, "--sites", "-"], input=rows)
    assert result.exit_code == 1, result.output
    assert (
        f"--sites - would be read by each of {templates[0]} and {templates[1]}, and - (stdin) can be read "
        "once: save it to a file and give --sites that file"
    ) in result.stderr
    assert "valid" not in result.stdout and "empty" not in result.stderr


def test_vars_from_stdin_to_two_manifests_is_refused() -> None:
    result = CliRunner().invoke(
        cli, ["validate", str(QUICKSTART), str(QUICKSTART), "--vars", "-"], input="a: 1\n"
    )
    assert result.exit_code == 1, result.output
    assert "--vars - would be read by each of" in result.stderr


def test_sites_from_stdin_read_by_one_template_alone_is_taken(templates: list[str]) -> None:
    rows = (SITE / "sites.csv").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", templates[0], str(QUICKSTART), "--sites", "-"], input=rows)
    assert result.exit_code == 0, result.output
