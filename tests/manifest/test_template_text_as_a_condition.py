"""A cell reading `false`, `no` or `off` asked as a condition (`{% if %}`, `not`, `and`, `or`) is true to
Python, as any text but the empty one is: `{% if not site.retired %}` on the cell 'false' left the
entity out. Refused at the line, saying to read it with `| bool`; text that reads otherwise (a name, a
'0' count given a default with `or`) is Jinja2's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables


def rendered(tmp_path: Path, expression: str, cell: str) -> str:
    (tmp_path / "sites.csv").write_text(f"site,retired\ns1,{cell}\n")
    variables = template_variables(None, str(tmp_path / "sites.csv"), ())
    template = f"{{% for site in sites %}}x: {{{{ {expression} }}}}\n{{% endfor %}}\n"
    return render_template(template, "t.j2", variables).text.strip()


@pytest.mark.parametrize("cell", ["false", "False", "no", "OFF"])
@pytest.mark.parametrize(
    "expression", ["1 if not site.retired else 0", "1 if site.retired else 0", "site.retired and 1 or 0"]
)
def test_a_cell_reading_false_asked_as_a_condition_is_refused(
    tmp_path: Path, expression: str, cell: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, expression, cell)
    said = str(caught.value)
    assert said.startswith("t.j2:1:") and f"is the text '{cell}' (a CSV cell)" in said
    assert "(...) | bool" in said


@pytest.mark.parametrize(
    ("expression", "cell", "expected"),
    [
        ("1 if site.retired | bool else 0", "false", "x: 0"),
        ("1 if not site.retired | bool else 0", "no", "x: 1"),
        ("1 if site.retired else 0", "true", "x: 1"),
        ("1 if site.retired else 0", "", "x: 0"),
        ("(site.retired or 3) | int", "0", "x: 0"),
        ("1 if (site.retired or 'kept') == 'North' else 0", "North", "x: 1"),
    ],
)
def test_text_that_reads_no_boolean_or_is_read_with_bool_is_jinjas_own(
    tmp_path: Path, expression: str, cell: str, expected: str
) -> None:
    assert rendered(tmp_path, expression, cell) == expected


@pytest.mark.parametrize("cell", ["0", "n", "N"])
@pytest.mark.parametrize(
    "template",
    [
        "{% for site in sites %}x: {{ 1 if not site.retired else 0 }}\n{% endfor %}\n",
        "{% for site in sites %}{% if site.retired %}x: 1\n{% endif %}{% endfor %}\n",
        "{% for site in sites if not site.retired %}x: 1\n{% endfor %}\n",
        "{% for site in sites %}x: {{ 1 if site.retired or site.site == 'z' else 0 }}\n{% endfor %}\n",
        "{% for site in sites %}{% if site.site and site.retired %}x: 1\n{% endif %}{% endfor %}\n",
        "{% for site in sites %}x: {{ 1 if site.site == 'z' or site.retired else 0 }}\n{% endfor %}\n",
        "{% for site in sites %}{% if not (site.site and site.retired) %}x: 1\n{% endif %}{% endfor %}\n",
    ],
)
def test_a_0_or_n_flag_asked_as_a_condition_is_refused_too(tmp_path: Path, template: str, cell: str) -> None:
    """A 0/1 column under `{% if not site.retired %}`: the cell '0' is true to Python. Refused where the
    value is asked as a condition (if, not, a loop's filter, either side of and/or inside one);
    `(site.x or 3)`, which
    gives a default, still reads it (above)."""
    (tmp_path / "sites.csv").write_text(f"site,retired\ns1,{cell}\n")
    variables = template_variables(None, str(tmp_path / "sites.csv"), ())
    with pytest.raises(TemplateError) as caught:
        render_template(template, "t.j2", variables)
    assert f"is the text '{cell}' (a CSV cell)" in str(caught.value) and "| bool" in str(caught.value)


@pytest.mark.parametrize("cell", [" false", "no "])
@pytest.mark.parametrize("test", ["rejectattr", "selectattr"])
def test_a_padded_cell_reading_false_picked_by_its_truth_is_refused(
    tmp_path: Path, test: str, cell: str
) -> None:
    """`dam-a, false` written by hand keeps the blank after the comma; `rejectattr('retired')` asks the
    cell's truth with no condition around it, and ' false' is true to Python: the site would drop out of
    the render and be planned for removal."""
    (tmp_path / "sites.csv").write_text(f"site,retired\ns1,{cell}\n")
    variables = template_variables(None, str(tmp_path / "sites.csv"), ())
    template = f"{{% for site in sites | {test}('retired') %}}x: 1\n{{% endfor %}}\n"
    with pytest.raises(TemplateError) as caught:
        render_template(template, "t.j2", variables)
    assert f"is the text '{cell}' (a CSV cell)" in str(caught.value) and "| bool" in str(caught.value)
