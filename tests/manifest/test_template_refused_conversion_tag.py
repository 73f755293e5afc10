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


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("a: {% if s.b | int > 0 %}1{% endif %} {{ s.c | int }}", 4),  # the CSV column, converted in {% %}
        ("{% set b = s.b | int %}a: {{ s.c | int }}", 1),
    ],
)
def test_a_conversion_no_printed_tag_names_is_told_at_its_line_naming_no_fine_value(
    tmp_path: Path, line: str, column: int
) -> None:
    (tmp_path / "n.csv").write_text("key,b,c\nsite-01,x,5\n")
    template = "{% for s in sites %}\n" + line + "\n{% endfor %}\n"
    expected = rf"^t\.yaml\.j2:2:{column}: 'x' is not a whole number \(\| int\) \(site site-01, "
    with pytest.raises(TemplateError, match=expected):
        render_template(template, "t.yaml.j2", template_variables(None, str(tmp_path / "n.csv")))


def test_a_value_of_no_csv_column_is_named_only_when_its_line_converts_once() -> None:
    template = "a: {% if v | int > 0 %}1{% endif %} {{ w | int }}\n"
    with pytest.raises(TemplateError, match=r"^t\.yaml\.j2:1:4: 'x' is not a whole number \(\| int\)$"):
        render_template(template, "t.yaml.j2", {"v": "x", "w": "5"})


@pytest.mark.parametrize(
    ("expression", "named"),
    [("(s.b | int) + 1", "s.b"), ("[s.b | int][0]", "s.b"), ("[1, s.b | int][1]", "s.b")],
)
def test_a_conversion_inside_brackets_names_what_it_converts(
    tmp_path: Path, expression: str, named: str
) -> None:
    (tmp_path / "n.csv").write_text("key,b\nsite-01,x\n")
    template = "{% for s in sites %}\na: {{ " + expression + " }}\n{% endfor %}\n"
    expected = rf"^t\.yaml\.j2:2:4: {re.escape(named)}: 'x' is not a whole number"
    with pytest.raises(TemplateError, match=expected):
        render_template(template, "t.yaml.j2", template_variables(None, str(tmp_path / "n.csv")))
