"""validate with several files reports every file, even when one of them cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from iotplan.cli.main import cli
from tests.conftest import ROOT

QUICKSTART = str(ROOT / "examples" / "quickstart" / "site.yaml")


def validate(*paths: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["validate", *paths], input=stdin)


@pytest.fixture
def duplicate_key(tmp_path: Path) -> str:
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: iotplan/v1\nstack: a\nstack: b\n")
    return str(bad)


def test_a_missing_file_does_not_hide_the_other_files_results(tmp_path: Path, duplicate_key: str) -> None:
    missing = str(tmp_path / "nope.yaml")
    result = validate(QUICKSTART, duplicate_key, missing)
    assert result.exit_code == 1
    assert f"{QUICKSTART}: valid (stack quickstart)" in result.stdout
    assert f"{duplicate_key}:3:1: stack: duplicate key 'stack'" in result.stderr
    assert f"{missing}: cannot read the manifest" in result.stderr


def test_each_unreadable_file_is_named_in_the_order_given(tmp_path: Path) -> None:
    first, folder = str(tmp_path / "first.yaml"), str(tmp_path)
    result = validate(first, folder, QUICKSTART)
    assert result.exit_code == 1
    assert [line.split(": cannot read")[0] for line in result.stderr.splitlines()] == [first, folder]
    assert result.stdout.count(": valid") == 1


def test_a_missing_file_is_not_reported_as_a_run_error(tmp_path: Path) -> None:
    """One more problem among the files' problems, not the `Error:` that ends a command."""
    result = validate(QUICKSTART, str(tmp_path / "nope.yaml"))
    assert "Error:" not in result.stderr


def test_stdin_is_still_checked_beside_a_missing_file(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.yaml")
    result = validate("-", missing, stdin=Path(QUICKSTART).read_text())
    assert result.exit_code == 1
    assert "<stdin>: valid (stack quickstart)" in result.stdout
    assert f"{missing}: cannot read the manifest" in result.stderr


def test_every_file_readable_and_valid_still_exits_0() -> None:
    result = validate(QUICKSTART, QUICKSTART)
    assert result.exit_code == 0, result.output
    assert result.stdout.count(": valid") == 2
