"""A value read from --sites or --vars compared with a literal of another kind (text with a number, a
boolean or a date) is never equal to it: `site.piezometers == 3` on the CSV cell '3' is false, and the
entities under that `{% if %}` would vanish from the render. Refused at the template's line, saying how
to compare; a comparison of two values, of two literals, or of the same kinds is Jinja2's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

LOOP = "{% for site in sites %}\nx: {{ 1 if CONDITION else 0 }}\n{% endfor %}\n"


def rendered(tmp_path: Path, condition: str, sites: str, name: str = "sites.csv", **kwargs: str) -> str:
    (tmp_path / name).write_text(sites)
    variables = template_variables(kwargs.get("vars_file"), str(tmp_path / name), kwargs.get("var", ()))
    return render_template(LOOP.replace("CONDITION", condition), "t.j2", variables).text.strip()


@pytest.mark.parametrize(
    ("condition", "refusal"),
    [
        (
            "site.piezometers == 3",
            "site.piezometers is the text '3' (a CSV cell), compared with the number 3",
        ),
        (
            "3 != site.piezometers",
            "site.piezometers is the text '3' (a CSV cell), compared with the number 3",
        ),
        (
            "site.piezometers == -3.5",
            "compared with the number -3.5 (never equal, whatever they read): write ",
        ),
        (
            "site['piezometers'] in [1, 2, 3]",
            "site['piezometers'] is the text '3' (a CSV cell), compared with ",
        ),
        ("site.piezometers not in (1, 2)", "`site.piezometers | int not in [1, 2]`"),
        ("site.piezometers is eq 3", "`site.piezometers | int == 3`"),
        ("site.active == true", "site.active is the text 'yes' (a CSV cell), compared with the boolean true"),
    ],
)
def test_a_csv_cell_compared_with_a_number_or_a_boolean_is_refused_at_its_line(
    tmp_path: Path, condition: str, refusal: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, condition, "site,piezometers,active\ns1,3,yes\n")
    assert str(caught.value).startswith("t.j2:2:")
    assert refusal in str(caught.value)
    assert str(caught.value).endswith(f"(site s1, {tmp_path / 'sites.csv'}:2)")


def test_the_refusal_says_how_to_read_the_cell(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, "site.piezometers == 3", "site,piezometers\ns1,3\n")
    assert str(caught.value).startswith(
        "t.j2:2:4: site.piezometers is the text '3' (a CSV cell), compared with the number 3 "
        "(never equal, whatever they read): write `site.piezometers | int == 3`"
    )


def test_a_yaml_boolean_compared_with_the_text_true_is_refused(tmp_path: Path) -> None:
    sites = "- {site: s1, weather_station: true}\n"
    with pytest.raises(TemplateError, match=r"write `site\.weather_station == true`"):
        rendered(tmp_path, "site.weather_station == 'true'", sites, name="sites.yaml")


def test_a_yaml_number_or_date_compared_with_text_is_refused(tmp_path: Path) -> None:
    sites = "- {site: s1, piezometers: 3, installed: 2024-01-01}\n"
    with pytest.raises(TemplateError, match=r"the number 3 \(from --sites\), compared with the text '3'"):
        rendered(tmp_path, "site.piezometers == '3'", sites, name="sites.yaml")
    with pytest.raises(TemplateError, match=r"write `site.installed \| string == '2024-01-01'`"):
        rendered(tmp_path, "site.installed == '2024-01-01'", sites, name="sites.yaml")


def test_a_var_compared_with_a_number_names_the_option(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"^t\.j2:2:4: count is the text '2' \(a --var value\)"):
        rendered(tmp_path, "count == 2", "site\ns1\n", var=(("count", "2"),))


@pytest.mark.parametrize(
    ("condition", "spelled", "advised"),
    [
        ("site.piezometers | trim == 3", "site.piezometers | trim", "site.piezometers | trim | int == 3"),
        ("site.piezometers.strip() == 3", "site.piezometers.strip()", "site.piezometers.strip() | int == 3"),
        (
            "site.piezometers | replace(' ', '') == 3",
            "site.piezometers | replace(' ', '')",
            "site.piezometers | replace(' ', '') | int == 3",
        ),
        ("site.piezometers | first == 3", "site.piezometers | first", "site.piezometers | first | int == 3"),
        (
            "3 != site.piezometers | string",
            "site.piezometers | string",
            "site.piezometers | string | int != 3",
        ),
        ("(site.piezometers ~ '') == 3", "this expression", "(...) | int == 3"),
    ],
)
def test_text_made_by_a_filter_or_a_method_compared_with_a_number_is_refused(
    tmp_path: Path, condition: str, spelled: str, advised: str
) -> None:
    """Plain text, no longer the cell: it is the comparison with the literal that refuses it."""
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, condition, "site,piezometers\ns1,3\n")
    assert str(caught.value) == (
        f"t.j2:2:4: {spelled} is the text '3', compared with the number 3 (never equal, whatever they "
        f"read): write `{advised}` (site s1, {tmp_path / 'sites.csv'}:2)"
    )


@pytest.mark.parametrize(
    ("condition", "refusal"),
    [
        (
            "site.active | lower == true",
            "site.active | lower is the text 'yes', compared with the boolean true",
        ),
        (
            "site.piezometers | int == '3'",
            "site.piezometers | int is the number 3, compared with the text '3'",
        ),
    ],
)
def test_an_expression_compared_with_a_boolean_or_a_literal_text_is_checked_by_its_kind(
    tmp_path: Path, condition: str, refusal: str
) -> None:
    with pytest.raises(TemplateError, match=r"^t\.j2:2:4: ") as caught:
        rendered(tmp_path, condition, "site,piezometers,active\ns1,3,yes\n")
    assert refusal in str(caught.value)


def test_two_literals_compare_as_jinja2_compares_them(tmp_path: Path) -> None:
    assert rendered(tmp_path, "'3' == 3", "site\ns1\n") == "x: 0"


@pytest.mark.parametrize(
    "condition",
    [
        "site.piezometers | int == 3",  # converted: the same kinds
        "site.piezometers | trim | int == 3",
        "site.piezometers | trim == '3'",
        "site.piezometers | trim != none",
        "site.piezometers | trim == site.other | trim",  # two texts
        "site.piezometers == '3'",
        "site.piezometers in ['3', 4]",  # one item of the cell's kind: the list is meant mixed
        "site.piezometers != none",
        "site.absent == none",  # a YAML null of --vars, laid over every row
        "site.piezometers == site.other",  # two values: Jinja2's own comparison
        "3 == 3.0",  # two literals
        "site.piezometers | length == 1",  # computed, not read
    ],
)
def test_comparisons_of_one_kind_of_two_values_or_of_literals_are_jinja2s(
    tmp_path: Path, condition: str
) -> None:
    (tmp_path / "vars.yaml").write_text("absent: null\n")
    sites = "site,piezometers,other\ns1,3,4\n"
    expected = "x: 0" if "other" in condition else "x: 1"
    assert rendered(tmp_path, condition, sites, vars_file=str(tmp_path / "vars.yaml")) == expected


def test_a_yaml_boolean_in_a_list_of_texts_is_advised_a_comparison_that_finds_it(tmp_path: Path) -> None:
    """`| string` writes a boolean as 'True': advised so, the site was dropped without a word."""
    sites = "- {site: s1, flag: true}\n"
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, "site.flag in ['true', 'yes']", sites, name="sites.yaml")
    advised = re.search(r"write `(.*)`", str(caught.value))
    assert advised is not None
    assert rendered(tmp_path, advised.group(1), sites, name="sites.yaml") == "x: 1"


@pytest.mark.parametrize(
    ("condition", "unnamed", "fixed"),
    [
        ("(site.piezometers or 0) == 3", "(site.piezometers or 0)", "ADVICE"),
        ("[site.piezometers] | first == 3", "([site.piezometers] | first)", "ADVICE"),
        ("(site.piezometers or 0) in [1, 3]", "(site.piezometers or 0)", "ADVICE"),
        (
            "{3: 'north'}[site.piezometers] == 'north'",
            "(site.piezometers)",
            "{3: 'north'}[ADVICE] == 'north'",
        ),
    ],
)
@pytest.mark.parametrize(
    ("name", "sites"),
    [("sites.csv", "site,piezometers\ns1,3\n"), ("sites.yaml", "- {site: s1, piezometers: '3'}\n")],
)
def test_the_advice_for_a_site_value_the_line_does_not_name_renders_in_its_place(
    tmp_path: Path, condition: str, unnamed: str, fixed: str, name: str, sites: str
) -> None:
    """The advice named the bare column (`piezometers | int == 3`), which the template cannot read: a row
    is reached through the loop variable only. It says the column and writes `(...)` for the expression."""
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, condition, sites, name=name)
    assert "the site's piezometers is the text '3'" in str(caught.value)
    advice = re.search(r"write `([^`]+)`", str(caught.value))
    assert advice is not None, caught.value
    followed = fixed.replace("ADVICE", advice[1].replace("(...)", unnamed))
    assert rendered(tmp_path, followed, sites, name=name) == "x: 1"
