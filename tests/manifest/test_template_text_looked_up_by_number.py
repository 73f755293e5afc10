"""A lookup table keyed by numbers (`{1: 'north', 2: 'south'}`) is an ordinary template idiom: a CSV cell
'1' is never one of its keys. `site.zone in zones` dropped every site moved from YAML to CSV, and
`zone_names.get(site.zone, 'unassigned')` wrote the default, both with exit 0. A value looked for in a
list or a mapping holding no item of its kind is refused, naming the list or mapping as the line reads it;
mixed kinds, and keys of the value's kind, are Jinja2's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

LOOP = (
    "{% set zones = {1: 'north', 2: 'south'} %}{% set named = {'1': 'north'} %}"
    "{% for site in sites %}\nx: {{ EXPRESSION }}\n{% endfor %}\n"
)


def rendered(
    tmp_path: Path, expression: str, sites: str = "site,zone\ns1,1\n", name: str = "sites.csv"
) -> str:
    (tmp_path / name).write_text(sites)
    (tmp_path / "vars.yaml").write_text("active: [101, 102]\nwords: ['a', 'b']\n")
    variables = template_variables(str(tmp_path / "vars.yaml"), str(tmp_path / name))
    result = render_template(LOOP.replace("EXPRESSION", expression), "t.j2", variables)
    return result.placeholders.expander()(result.text).strip()  # each value in place of its placeholder


@pytest.mark.parametrize(
    ("expression", "refusal"),
    [
        (
            "site.zone in zones",
            "site.zone is the text '1' (a CSV cell), compared with the keys [1, 2] (never equal, whatever "
            "they read): write `site.zone | int in zones`",
        ),
        ("site.zone not in zones", "write `site.zone | int not in zones`"),
        ("site.zone in zones.keys()", "compared with the keys [1, 2]"),
        ("site.zone is in zones", "compared with the keys [1, 2]"),
        (
            "zones.get(site.zone, 'unassigned')",
            "the site's zone is the text '1' (a CSV cell), looked up in a mapping with the keys [1, 2] "
            "(never found, whatever it reads): write `(...) | int` as the key",
        ),
        ("zones[site.zone] | default('unassigned')", "looked up in a mapping with the keys [1, 2]"),
    ],
)
def test_a_csv_cell_looked_for_among_number_keys_is_refused(
    tmp_path: Path, expression: str, refusal: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, expression)
    assert str(caught.value).startswith("t.j2:2:")
    assert refusal in str(caught.value)
    assert str(caught.value).endswith(f"(site s1, {tmp_path / 'sites.csv'}:2)")


def test_a_yaml_number_looked_for_among_text_keys_is_refused(tmp_path: Path) -> None:
    with pytest.raises(
        TemplateError, match=r"site\.zone is the number 1 \(from --sites\), compared with the keys"
    ):
        rendered(tmp_path, "site.zone in named", "- {site: s1, zone: 1}\n", name="sites.yaml")
    with pytest.raises(TemplateError, match=r"the number 1, looked up in a mapping with the keys \['1'\]"):
        rendered(tmp_path, "named.get(site.zone, 'none')", "- {site: s1, zone: 1}\n", name="sites.yaml")


@pytest.mark.parametrize(
    ("expression", "refusal"),
    [
        (
            "site.zone in active",
            "site.zone is the text '1' (a CSV cell), compared with the list [101, 102] (never equal, "
            "whatever they read): write `site.zone | int in active`",
        ),
        ("site.zone in range(20)", "compared with the list [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, ...] "),
    ],
)
def test_a_csv_cell_in_a_list_of_numbers_names_the_list(
    tmp_path: Path, expression: str, refusal: str
) -> None:
    """Not its first item, with advice that would match that one value only."""
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, expression)
    assert refusal in str(caught.value)


def test_a_csv_cell_tested_divisibleby_says_it_is_text(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, "site.zone is divisibleby 3")
    assert "a CSV cell is text: convert it there, `... | int` or `... | float`" in str(caught.value)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("site.zone | int in zones", "True"),  # the advice, followed
        ("zones.get(site.zone | int, 'unassigned')", "north"),
        ("zones[site.zone | int]", "north"),
        ("site.zone in named", "True"),  # text keys: found
        ("named.get(site.zone, 'none')", "north"),
        ("named[site.zone]", "north"),
        ("site.site in named", "False"),  # text missed among text keys: Jinja2's
        ("named.get(site.site, 'none')", "none"),
        ("site.zone in {'x': 1, 2: 2}", "False"),  # mixed keys: Jinja2's
        ("site.zone in words", "False"),
        ("site.zone in 'a1b'", "True"),  # in a text
        ("site.zone | int is divisibleby 1", "True"),
        ("{}.get(site.zone, 'none')", "none"),
    ],
)
def test_a_lookup_of_the_keys_kind_or_among_mixed_keys_is_jinja2s(
    tmp_path: Path, expression: str, expected: str
) -> None:
    assert rendered(tmp_path, expression) == f"x: {expected}"
