"""Text of --sites, --var or --vars compared with a number or a boolean is refused wherever the comparison
happens, not only in a bare `site.x == 3`: Jinja2's filter idiom (`selectattr('x', 'eq', 3)`) and a value
passed through `| default` or `or` first were false without a word, and the sites they dropped out of the
render were planned for removal. The value itself refuses (template_data.DataText); text a filter makes of it
is plain text, refused where a line compares it with a number, and nothing of it reaches the manifest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.source import load_yaml
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

SITES = "site,piezometers,other\ndam-a,3,3\ndam-b,5,2\n"


def rendered(tmp_path: Path, line: str, overrides: tuple[tuple[str, str], ...] = ()) -> str:
    (tmp_path / "sites.csv").write_text(SITES)
    (tmp_path / "vars.yaml").write_text("regions: {north: {count: '3'}}\n")
    variables = template_variables(str(tmp_path / "vars.yaml"), str(tmp_path / "sites.csv"), overrides)
    result = render_template(f"# sites\n{line}\n", "t.j2", variables)
    return result.placeholders.expander()(result.text).strip()  # each value in place of its placeholder


COLUMN = ("the site's piezometers", "(...)")  # no name the line reads: the column said, `(...)` advised


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("{% for site in sites | selectattr('piezometers', 'eq', 3) %}x{% endfor %}", COLUMN),
        ("{% for site in sites | rejectattr('piezometers', 'equalto', 3) %}x{% endfor %}", COLUMN),
        (
            "{% for site in sites %}{{ [3] | select('equalto', site.piezometers) | list | length }}"
            "{% endfor %}",
            COLUMN,
        ),
        (
            "{% for site in sites %}{{ 1 if site.piezometers | default(0) == 3 else 0 }}{% endfor %}",
            ("site.piezometers | default(0)",) * 2,
        ),
        ("{% for site in sites %}{{ 1 if (site.piezometers or 0) == 3 else 0 }}{% endfor %}", COLUMN),
        (
            "{% for site in sites %}{{ 1 if site.get('piezometers') == 3 else 0 }}{% endfor %}",
            ("site.get('piezometers')",) * 2,
        ),
        # inside a list, a tuple or a dict Python compares the items itself: the cell must refuse it
        ("{% for site in sites %}{{ 1 if [site.piezometers] == [3] else 0 }}{% endfor %}", COLUMN),
        ("{% for site in sites %}{{ 1 if (site.piezometers, 1) == (3, 1) else 0 }}{% endfor %}", COLUMN),
        ("{% for site in sites %}{{ 1 if {'a': site.piezometers} == {'a': 3} else 0 }}{% endfor %}", COLUMN),
        ("{% for site in sites %}{{ [3].count(site.piezometers) }}{% endfor %}", COLUMN),
    ],
)
def test_a_csv_cell_compared_with_a_number_through_a_filter_or_an_expression_is_refused(
    tmp_path: Path, line: str, named: tuple[str, str]
) -> None:
    """Named as the line reads it where it can, else by its column; said to be a CSV cell either way."""
    spelled, subject = named
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, line)
    assert str(caught.value).startswith(
        f"t.j2:2:1: {spelled} is the text '3' (a CSV cell), compared with the number 3 (never equal, "
        f"whatever they read): write `{subject} | int == 3`"
    )
    assert str(caught.value).endswith(f"(site dam-a, {tmp_path / 'sites.csv'}:2)")


@pytest.mark.parametrize(
    ("line", "refusal"),
    [
        ("{{ 1 if (count or 0) != 2 else 0 }}", "count is the text '2' (a --var value), compared with "),
        ("{{ 1 if true == (flag or false) else 0 }}", "write `flag | bool == true`"),
        (
            "{{ 1 if regions.north.count | default(0) in [1, 3] else 0 }}",
            "regions.north.count | default(0) is the text",
        ),
        ("{{ [regions.north] | selectattr('count', 'ne', 3) | list | length }}", "(from --vars "),
    ],
)
def test_a_var_or_a_vars_text_compared_with_a_number_or_a_boolean_is_refused(
    tmp_path: Path, line: str, refusal: str
) -> None:
    with pytest.raises(TemplateError, match=r"^t\.j2:2:1: ") as caught:
        rendered(tmp_path, line, (("count", "2"), ("flag", "yes")))
    assert refusal in str(caught.value)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("{{ sites | selectattr('piezometers', 'eq', '3') | map(attribute='site') | join }}", "dam-a"),
        ("{{ sites | selectattr('piezometers', 'equalto', 'x') | list | length }}", "0"),
        ("{{ sites | rejectattr('piezometers', 'ne', none) | list | length }}", "0"),
        ("{{ sites | map(attribute='piezometers') | map('int') | select('eq', 3) | list | length }}", "1"),
        (
            "{% for site in sites %}{{ 1 if site.piezometers | default(0) | int == 3 else 0 }}{% endfor %}",
            "10",
        ),
        ("{% for site in sites %}{{ 1 if site.piezometers == site.other else 0 }}{% endfor %}", "10"),
        ("{% for site in sites %}{{ 1 if site.piezometers in ['3', 4] else 0 }}{% endfor %}", "10"),
    ],
)
def test_same_kinds_none_converted_values_and_two_values_compare_as_jinja2_does(
    tmp_path: Path, line: str, expected: str
) -> None:
    assert rendered(tmp_path, line).splitlines()[-1] == expected


def test_data_text_keys_sorts_and_writes_json_as_text(tmp_path: Path) -> None:
    line = (
        "{% set names = {'3': 'three', '5': 'five'} %}"
        "{% for site in sites %}{{ names[site.piezometers] }},{% endfor %};"
        "{{ sites | map(attribute='piezometers') | list | tojson }};"
        "{{ (sites | map(attribute='other') | list + ['3']) | unique | sort | join(',') }}"
    )
    assert rendered(tmp_path, line).splitlines()[-1] == 'three,five,;["3", "5"];2,3'


def strings_in(data: Any) -> list[Any]:
    if isinstance(data, dict):
        return [*data, *(text for value in data.values() for text in strings_in(value))]
    if isinstance(data, list):
        return [text for value in data for text in strings_in(value)]
    return [data] if isinstance(data, str) else []


def test_the_manifest_holds_plain_text_only(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text(SITES)
    template = (
        "{% macro label(site) %}{{ site.site }}{% endmacro %}"
        "{% for site in sites %}{% set block %}{{ site.other }}{% endset %}\n"
        "{{ site.site }}: [{{ site.piezometers }}, '{{ site.other }}-x', {{ label(site) }}, {{ block }}]\n"
        "{% endfor %}"
    )
    rendered = render_template(template, "t.j2", template_variables(None, str(tmp_path / "sites.csv")))
    data, _, _ = load_yaml(rendered.text, "t", rendered.hook())
    assert data == {"dam-a": ["3", "3-x", "dam-a", "3"], "dam-b": ["5", "2-x", "dam-b", "2"]}
    assert {type(text) for text in strings_in(data)} == {str}
