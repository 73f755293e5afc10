"""A --sites file is CSV by a .csv name in any case; with no .csv, .yaml or .yml name (stdin, a pipe
such as `<(grep north sites.csv)`, sites.txt) it is YAML when its first line starts as YAML does
(`-`, `[`, `{`, `%`, `key:`), CSV otherwise, and an error says which way it was read."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template_data import template_variables

CSV = "site,name\nsite-01,Aoraki\nsite-02,Benmore\n"
YAML = "# exported\n- {site: site-01, name: Aoraki}\n- {site: site-02, name: Benmore}\n"


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> str:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    return "-"


def _pipe(text: str) -> str:
    """A path as `<(...)` gives one: /dev/fd/N, a pipe that can be read once."""
    read, write = os.pipe()
    os.write(write, text.encode())
    os.close(write)
    return f"/dev/fd/{read}"


def _sites(path: str) -> list[str]:
    return [str(row["site"]) for row in template_variables(None, path)["sites"]]


def test_csv_on_stdin_is_read_as_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    variables = template_variables(None, _stdin(monkeypatch, CSV))
    assert [str(row["site"]) for row in variables["sites"]] == ["site-01", "site-02"]
    assert variables.text_from == ("a CSV cell",)


def test_yaml_on_stdin_is_read_as_yaml_once(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _sites(_stdin(monkeypatch, YAML)) == ["site-01", "site-02"]


@pytest.mark.parametrize("text", [CSV, YAML])
def test_a_pipe_is_read_by_its_first_line(text: str) -> None:
    path = _pipe(text)
    try:
        assert _sites(path) == ["site-01", "site-02"]
    finally:
        os.close(int(path.rsplit("/", 1)[1]))


@pytest.mark.parametrize("name", ["sites.CSV", "sites.Csv", "sites.txt"])
def test_a_csv_named_otherwise_is_read_as_csv(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(CSV)
    assert _sites(str(tmp_path / name)) == ["site-01", "site-02"]


def test_a_yaml_mapping_on_stdin_says_it_was_read_as_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = r"^-:1:1: --sites must be .* \(read as YAML: .*'region: north' starts as YAML does\)$"
    with pytest.raises(TemplateError, match=expected):
        template_variables(None, _stdin(monkeypatch, "region: north\n"))


def test_a_csv_error_on_stdin_says_it_was_read_as_csv(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(TemplateError, match=r"^-:2:1: --sites: a quote .*\(read as CSV: "):
        template_variables(None, _stdin(monkeypatch, 'site,name\n"site-01,Aoraki\n'))
