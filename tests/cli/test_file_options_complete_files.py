"""A file option refusing an empty value (`NotEmpty`) still completes file names in a shell."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from iotplan.cli.options import NotEmpty


def test_a_file_option_completes_the_files_its_type_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.yaml").write_text("")
    command = click.Command("x")
    param = click.Option(["--f"], type=NotEmpty(click.Path()))
    context = click.Context(command)
    completed = NotEmpty(click.Path()).shell_complete(context, param, "si")
    assert [item.type for item in completed] == [
        item.type for item in click.Path().shell_complete(context, param, "si")
    ]
    assert completed and completed[0].type == "file"
