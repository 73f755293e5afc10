"""Text compared with a number where neither side is a literal the template writes: `site.x | trim ==
count` with `count` a --vars number, or `sites | map(attribute='x') | map('trim') | select('eq', 3)`.
Python calls them unequal whatever they read, so the entities under that `{% if %}` or that loop would
vanish from the render without a word: refused at the template's line, as a comparison with a literal is."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

SITES = "site,piezometers\ns1,3\n"


def rendered(tmp_path: Path, template: str, var: tuple[str, ...] = ()) -> str:
    (tmp_path / "sites.csv").write_text(SITES)
    (tmp_path / "vars.yaml").write_text("count: 3\nlabel: '3'\nnothing: null\n")
    sites = str(tmp_path / "sites.csv") if "sites" in template else None  # refused where never read
    variables = template_variables(str(tmp_path / "vars.yaml"), sites, var)
    return render_template(template, "t.j2", variables).text.strip()


@pytest.mark.parametrize(
    "template",
    [
        "{% for site in sites %}x: {{ 1 if site.piezometers | trim == count else 0 }}\n{% endfor %}",
        "{% for site in sites %}x: {{ 1 if count != site.piezometers.strip() else 0 }}\n{% endfor %}",
        "x: {{ sites | map(attribute='piezometers') | map('trim') | select('eq', 3) | list | length }}\n",
        "x: {{ sites | map(attribute='piezometers') | map('trim') | reject('==', count) | list | length }}\n",
        "x: {{ [3] | select('equalto', sites[0].piezometers | trim) | list | length }}\n",
    ],
)
def test_text_compared_with_a_number_where_no_literal_stands_is_refused(
    tmp_path: Path, template: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, template)
    assert "is the text '3'" in str(caught.value) and "compared with the number 3" in str(caught.value)
    assert str(caught.value).startswith("t.j2:")


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "{% for site in sites %}x: {{ 1 if site.piezometers | trim == label else 0 }}\n{% endfor %}",
            "x: 1",
        ),
        ("{% for site in sites %}x: {{ 1 if site.piezometers | int == count else 0 }}\n{% endfor %}", "x: 1"),
        ("{% for site in sites %}x: {{ 1 if site.site != label else 0 }}\n{% endfor %}", "x: 1"),
        (
            "{% for site in sites %}x: {{ 1 if nothing == site.piezometers | trim else 0 }}\n{% endfor %}",
            "x: 0",
        ),
        ("x: {{ [1, 2, 3] | select('eq', count) | list | length }}\n", "x: 1"),
        ("x: {{ sites | map(attribute='piezometers') | select('eq', label) | list | length }}\n", "x: 1"),
        ("x: {{ ['ab'] | select('in', 'abc') | list | length }}\n", "x: 1"),
    ],
)
def test_values_of_one_kind_or_a_null_compare_as_jinja_compares_them(
    tmp_path: Path, template: str, expected: str
) -> None:
    assert rendered(tmp_path, template) == expected
