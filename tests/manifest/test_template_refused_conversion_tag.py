"""A value `| int` or `| float` refuses is told at the tag converting it, naming its expression."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables


@pytest.mark.parametrize(("cells", "column", "named"), [("1,2,abc", 83, "s.elev"), ("1,,3", 51, "s.lon")])
def test_a_refused_conversion_is_told_at_its_tag_naming_it(
    tmp_path: Path, cells: str, column: int, named: str
) -> None:
    (tmp_path / "n.csv").write_text(f"key,lat,lon,elev\nsite-01,{cells}\n")
    line = (
        "        location: {lat: {{ s.lat | float }}, lon: {{ s.lon | float }}, "
        "elevation: {{ s.elev | float }}}"
    )
    template = "{% for s in sites %}\n" + line + "\n{% endfor %}\n"
    refused = r"'.*' is not a finite number \(\| float\) \(site site-01, "
    expected = rf"^t\.yaml\.j2:2:{column}: {re.escape(named)}: {refused}"
    with pytest.raises(TemplateError, match=expected):
        render_template(template, "t.yaml.j2", template_variables(None, str(tmp_path / "n.csv")))
