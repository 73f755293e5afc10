"""A --sites CSV separated by tabs (Excel's "Unicode Text"), '|' or ';' reads as one column whose name
holds the separators: refused at its header, naming the separator, not at the template's first
`site.site` ("a --sites row has no column 'site'")."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template_data import template_variables


@pytest.mark.parametrize(
    ("separator", "named"),
    [("\t", r"tabs \(a 'Unicode Text' export\)"), ("|", "'|'"), (";", "';'")],
)
def test_a_header_of_one_column_holding_another_separator_names_it(
    tmp_path: Path, separator: str, named: str
) -> None:
    path = tmp_path / "sites.csv"
    path.write_text(separator.join(["site", "name", "lat"]) + "\n" + separator.join(["s1", "A", "1"]) + "\n")
    expected = rf"^{path}:1:1: --sites: the header is one column .*: iotplan reads comma-separated CSV; "
    with pytest.raises(TemplateError, match=expected + rf"this file looks separated by {named} "):
        template_variables(None, str(path))


def test_tabs_on_stdin_are_named_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"site\tname\ns1\tA\n")))
    with pytest.raises(TemplateError, match=r"^-:1:1: .*looks separated by tabs .*\(read as CSV: "):
        template_variables(None, "-")


def test_a_one_column_file_is_read(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text("site\ns1\ns2\n")
    assert [row["site"] for row in template_variables(None, str(tmp_path / "sites.csv"))["sites"]] == [
        "s1",
        "s2",
    ]
