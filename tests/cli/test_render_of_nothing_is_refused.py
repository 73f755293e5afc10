"""`render` of a template that renders nothing, or of an empty manifest, exited 0 printing nothing
(or only comments), so `render | validate -` failed one step later and `render > site.yaml` wrote a
manifest every other command refuses. It is refused now, as validate refuses it, and prints nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli

EMPTY = "the manifest is empty (nothing but blank lines, comments or a null), so nothing was printed"


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("site.yaml.j2", "{% if false %}apiVersion: iotplan/v1{% endif %}\n", "site.yaml.j2[rendered]"),
        ("site.yaml.j2", "# {{ region }}\n\n", "site.yaml.j2[rendered]"),
        ("site.yaml", "", "site.yaml"),
        ("site.yaml", "# only a comment\n---\n~\n", "site.yaml"),
    ],
)
def test_a_manifest_that_renders_nothing_is_refused(tmp_path: Path, name: str, text: str, said: str) -> None:
    template = tmp_path / name
    template.write_text(text)
    given = ["--var", "region=north"] if name.endswith(".j2") else []
    result = CliRunner().invoke(cli, ["render", str(template), *given])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert f"{tmp_path / said}:1:1: {EMPTY}" in result.stderr


def test_a_template_rendering_a_manifest_prints_it(tmp_path: Path) -> None:
    template = tmp_path / "site.yaml.j2"
    template.write_text("# {{ region }}\nstack: x\n")
    result = CliRunner().invoke(cli, ["render", str(template), "--var", "region=north"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "# north\nstack: x\n"
