"""`validate - --sites -` (or --vars -): stdin is read once, so the second reader would find it empty
and call that file empty; refused before either read, as `validate - -` is."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

TEMPLATE = (ROOT / "examples/multi-site/site.yaml.j2").read_text(encoding="utf-8")
ONCE = "- (stdin) can be read once: give it one time"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["validate", "-", "--sites", "-"], "the manifest and --sites are each -"),
        (["render", "-", "--vars", "-"], "the manifest and --vars are each -"),
        (["render", "-", "--vars", "-", "--sites", "-"], "the manifest, --vars and --sites are each -"),
    ],
)
def test_stdin_given_to_the_manifest_and_an_option_is_refused(args: list[str], named: str) -> None:
    result = CliRunner().invoke(cli, args, input=TEMPLATE)
    assert result.exit_code == 1
    assert f"{named}: {ONCE}" in result.stderr
    assert "empty" not in result.stderr
