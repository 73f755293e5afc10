"""`validate - --sites -` printed "the manifest and --sites are each -: ..." with no `Error:`, as a
manifest's problem line reads, where its sibling `validate a.yaml.j2 b.yaml.j2 --sites -` says `Error:
--sites - would be read by each of ...`, as render and plan say this one: refused before any manifest is
read, it is the run's error, not a manifest's."""

from __future__ import annotations

from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

TEMPLATE = (ROOT / "examples/multi-site/site.yaml.j2").read_text(encoding="utf-8")


def test_validate_of_stdin_given_to_the_manifest_and_sites_says_error_as_render_does() -> None:
    runner = CliRunner()
    validated = runner.invoke(cli, ["validate", "-", "--sites", "-"], input=TEMPLATE)
    rendered = runner.invoke(cli, ["render", "-", "--sites", "-"], input=TEMPLATE)
    assert validated.exit_code == rendered.exit_code == 1
    assert validated.stderr == rendered.stderr
    assert validated.stderr.startswith(
        "Error: the manifest and --sites are each -: - (stdin) can be read once"
    )
