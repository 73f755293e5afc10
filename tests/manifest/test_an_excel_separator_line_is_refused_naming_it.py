"""Excel writes `sep=,` (or `sep=;`) as the first line of some CSV exports, to say which separator it
used: read as the header it has a column with no name (or one column looking `;`-separated). Refused
naming that line and what to do, not the column it seems to lack."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template_data import template_variables


@pytest.mark.parametrize("line", ["sep=,", "sep=;", "SEP=\t", "\ufeffsep=,"])
def test_an_excel_separator_line_is_refused_naming_it(tmp_path: Path, line: str) -> None:
    path = tmp_path / "sites.csv"
    path.write_text(f"{line}\r\nsite,name\r\ns1,A\r\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        template_variables(None, str(path))
    assert str(caught.value).startswith(f"{path}:1:1: --sites: the first line is Excel's separator line")
    assert "delete that line" in str(caught.value)


def test_a_column_named_like_a_separator_line_in_a_wider_header_is_a_column(tmp_path: Path) -> None:
    path = tmp_path / "sites.csv"
    path.write_text("sep=,name\ns1,A\n")
    [row] = template_variables(None, str(path))["sites"]
    assert row == {"sep=": "s1", "name": "A"}
