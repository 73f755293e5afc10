"""A --sites CSV row short of cells is told of an unclosed quote only where a quote took a line break
into one of its cells: `site-02,Benmore dam,-42.5` (two cells left off, no quote) was told "(an
unclosed quote swallows the rows after it)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template_data import template_variables


def refusal(tmp_path: Path, text: str) -> str:
    (tmp_path / "sites.csv").write_text(text)
    with pytest.raises(TemplateError) as refused:
        template_variables(None, str(tmp_path / "sites.csv"))
    return str(refused.value)


def test_a_row_missing_its_last_cells_is_not_told_of_a_quote(tmp_path: Path) -> None:
    said = refusal(tmp_path, "site,name,lat,lon\ns1,Aoraki,-39.2,169.5\ns2,Benmore,-42.5\n")
    assert said.endswith("sites.csv:3:1: --sites: this row has 3 cells, the header 4"), said


def test_a_row_a_quote_ran_over_lines_is_told_of_it(tmp_path: Path) -> None:
    said = refusal(tmp_path, 'site,name,lat,lon\ns1,"Aoraki\ns2,Benmore",-42.5\n')
    assert said.endswith("this row has 3 cells, the header 4 (an unclosed quote swallows the rows after it)")
