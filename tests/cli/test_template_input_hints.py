"""Input mistakes around templates and stdin, told with what to do."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT


def test_stdin_given_twice_is_refused_before_either_read() -> None:
    manifest = (ROOT / "examples/quickstart/site.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "-", "-"], input=manifest)
    assert result.exit_code == 1
    assert "- (stdin) can be read once: give it one time" in result.stderr


def test_a_template_reading_sites_without_sites_says_to_pass_them() -> None:
    template = str(Path(ROOT, "examples/multi-site/site.yaml.j2"))
    result = CliRunner().invoke(cli, ["validate", template])
    assert result.exit_code == 1
    assert "'sites' is undefined: pass --sites FILE (a CSV file, or a YAML list of mappings)" in result.stderr
