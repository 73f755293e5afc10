"""A THREAD's `version:` without `register: true` is never sent: validate warns, at its line (fz13 #6)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from iotplan.cli.main import cli
from tests.conftest import ROOT

THREAD_SITE = (ROOT / "examples" / "thread" / "site.yaml").read_text()
NODE_ID = "        id: /fn/6C7D8E/node\n"
WARNING = (
    "tunnel-thread: 'version' is sent only by createNode, which `register: true` asks for: without it, it "
    "does nothing; delete it, or set register: true to create the THREAD's connection\n"
)


def _line_of_version(text: str) -> int:
    return text.splitlines().index('        version: "7.17.0"') + 1


@pytest.mark.parametrize("register", ["", "        register: false\n"])
def test_a_version_without_register_is_valid_and_warned_about_at_its_line(
    register: str, tmp_path: Path
) -> None:
    text = THREAD_SITE.replace(NODE_ID, f'{NODE_ID}{register}        version: "7.17.0"\n')
    path = tmp_path / "site.yaml"
    path.write_text(text)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0 and ": valid" in result.stdout
    assert result.stderr == f"Warning: {path}:{_line_of_version(text)}:18: {WARNING}"


def test_from_stdin_a_version_is_warned_about_at_its_line_unless_registered() -> None:
    registered = THREAD_SITE.replace(NODE_ID, f'{NODE_ID}        register: true\n        version: "7.17.0"\n')
    assert CliRunner().invoke(cli, ["validate", "-"], input=registered).stderr == ""
    text = THREAD_SITE.replace(NODE_ID, f'{NODE_ID}        version: "7.17.0"\n')
    result = CliRunner().invoke(cli, ["validate", "-"], input=text)
    assert result.stderr == f"Warning: <stdin>:{_line_of_version(text)}:18: {WARNING}"
