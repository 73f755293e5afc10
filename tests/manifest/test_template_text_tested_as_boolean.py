"""`is true`, `is false` and `is sameas` ask whether a value is that boolean (or number) itself: text of
--sites, --var or --vars never is, whatever it reads. `{% if site.weather_station is true %}` rendered
the weather device from YAML and, with the same rows moved to CSV, left it out without a word: the apply
removed it with exit 0. Refused at the line, as `== true` is; a real boolean is tested as Jinja2 tests it."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

LOOP = "{% for site in sites %}\nx: {{ 1 if CONDITION else 0 }}\n{% endfor %}\n"


def rendered(tmp_path: Path, template: str, sites: str, name: str = "sites.csv") -> str:
    (tmp_path / name).write_text(sites)
    variables = template_variables(None, str(tmp_path / name))
    return render_template(template, "t.j2", variables).text.strip()


@pytest.mark.parametrize(
    ("condition", "refusal"),
    [
        (
            "site.flag is true",
            "site.flag is the text 'true' (a CSV cell), tested `is true` (never true of text, whatever it "
            "reads): write `site.flag | bool is true`",
        ),
        ("site.flag is not true", "tested `is true` (never true of text, whatever it reads)"),
        ("site.flag is false", "write `site.flag | bool is false`"),
        ("site.flag is sameas true", "compared with the boolean true (never equal, whatever they read): "),
        ("site.flag is sameas true", "write `site.flag | bool is sameas true`"),
        ("site.count is sameas 3", "write `site.count | int == 3`"),
    ],
)
def test_a_csv_cell_tested_as_a_boolean_is_refused_at_its_line(
    tmp_path: Path, condition: str, refusal: str
) -> None:
    with pytest.raises(TemplateError) as caught:
        rendered(tmp_path, LOOP.replace("CONDITION", condition), "site,flag,count\ns1,true,3\n")
    assert str(caught.value).startswith("t.j2:2:4: ")
    assert refusal in str(caught.value)


@pytest.mark.parametrize(
    ("line", "refusal"),
    [
        (
            "{{ sites | selectattr('flag', 'true') | list | length }}",
            "flag is the text 'true' (a CSV cell), ",
        ),
        ("{{ sites | rejectattr('flag', 'false') | list | length }}", "tested `is false`"),
        (
            "{{ sites | selectattr('flag', 'sameas', true) | list | length }}",
            "compared with the boolean true",
        ),
        ("{{ true is sameas sites[0].flag }}", "compared with the boolean true"),
    ],
)
def test_a_csv_cell_tested_through_a_filter_refuses_itself(tmp_path: Path, line: str, refusal: str) -> None:
    with pytest.raises(TemplateError, match=r"^t\.j2:1:") as caught:
        rendered(tmp_path, line + "\n", "site,flag\ns1,true\n")
    assert refusal in str(caught.value)


def test_a_yaml_text_tested_is_true_is_refused_and_a_yaml_boolean_is_tested(tmp_path: Path) -> None:
    template = LOOP.replace("CONDITION", "site.weather_station is true")
    booleans = "- {site: s1, weather_station: true}\n- {site: s2, weather_station: false}\n"
    assert rendered(tmp_path, template, booleans, name="sites.yaml").split() == ["x:", "1", "x:", "0"]
    with pytest.raises(TemplateError, match=r"site\.weather_station is the text 'true' \(from --sites "):
        rendered(tmp_path, template, "- {site: s1, weather_station: 'true'}\n", name="sites.yaml")


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("site.flag | bool is true", "x: 1"),  # the advice, followed
        ("site.flag | bool is sameas true", "x: 1"),
        ("site.count | int is sameas 3", "x: 1"),
        ("site.flag is string", "x: 1"),
        ("site.flag is boolean", "x: 0"),  # text is no boolean: said as Jinja2 says it
        ("site.flag is sameas site.flag", "x: 1"),  # two texts
    ],
)
def test_a_converted_cell_or_a_test_of_its_kind_is_jinja2s(
    tmp_path: Path, condition: str, expected: str
) -> None:
    assert (
        rendered(tmp_path, LOOP.replace("CONDITION", condition), "site,flag,count\ns1,true,3\n") == expected
    )
