"""A --sites CSV quote left open never swallows the rows after it: read leniently, an unclosed quote made
every later row one cell of the last column, and those sites were planned for removal with exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template_data import template_variables


def sites_of(tmp_path: Path, text: str) -> list[dict[str, str]]:
    (tmp_path / "sites.csv").write_text(text)
    return template_variables(None, str(tmp_path / "sites.csv"))["sites"]


def test_a_quote_never_closed_in_the_last_column_is_refused_at_its_row(tmp_path: Path) -> None:
    text = 'site,name,comment\ns1,Alpha,"checked 5"" pipe\ns2,Beta,ok\ns3,Gamma,ok\n'
    with pytest.raises(
        TemplateError, match=r"sites.csv:2:1: --sites: a quote opened on this row is never closed"
    ):
        sites_of(tmp_path, text)


def test_text_after_a_closing_quote_is_refused_not_joined(tmp_path: Path) -> None:
    with pytest.raises(
        TemplateError, match=r"sites.csv:2:1: --sites: a quoted cell goes on after its closing"
    ):
        sites_of(tmp_path, 'site,name\ns1,"A"x\ns2,B\n')


def test_a_quote_closing_rows_later_then_followed_by_text_names_both_lines(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"sites.csv:3:1: .* \(its quote opened on line 2\)"):
        sites_of(tmp_path, 'site,name\ns1,"A""\ns2,"B"\n')


def test_a_quote_closing_rows_later_is_refused_when_it_holds_a_row(tmp_path: Path) -> None:
    text = 'site,name,comment\ns1,Alpha,"checked 5"" pipe\ns2,Beta,ok"\ns3,Gamma,ok\n'
    with pytest.raises(
        TemplateError, match=r"sites.csv:2:1: --sites: the quoted cell 'comment' .* reads as a row"
    ):
        sites_of(tmp_path, text)


def test_a_quoted_cell_spanning_lines_is_still_read(tmp_path: Path) -> None:
    rows = sites_of(tmp_path, 'site,name,notes\ns1,"Gate 3\nnorth side",x\ns2,Beta,y\n')
    assert [(row["site"], row["name"]) for row in rows] == [("s1", "Gate 3\nnorth side"), ("s2", "Beta")]


def test_a_multi_line_cell_of_prose_with_as_many_commas_as_columns_is_read(tmp_path: Path) -> None:
    """Written with Alt+Enter in a spreadsheet: prose puts a blank after its commas, a row never does."""
    text = 'site,name,comment\ns1,"Aoraki dam\nupper bay, west bank, level 2",ok\n'
    [site] = sites_of(tmp_path, text)
    assert site["name"] == "Aoraki dam\nupper bay, west bank, level 2"
