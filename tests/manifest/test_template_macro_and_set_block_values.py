"""A macro's output and a `{% set %}` block's text are values a template compares, filters and slices:
each expression sees the text plain Jinja2 gives, never iotplan's placeholders for the values printed
inside; a `{% call %}` still writes its macro's text as the template's own."""

from __future__ import annotations

import jinja2
import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.template import render_template

SITE = {"site": "n1", "region": "north", "piezometers": "3"}
MACROS = (
    "{% macro region(s) %}{{ s.region }}{% endmacro %}{% macro count(s) %}{{ s.piezometers }}{% endmacro %}"
)
SETS = (
    "{% set r %}{{ site.region }}{% endset %}"
    "{% set shouted | upper %}{{ site.region }}{% endset %}"
    "{% set trimmed | trim | capitalize %} {{ site.region }} {% endset %}"
)
EXPRESSIONS = [
    "region(site) == 'north'",
    "region(site) | upper",
    "region(site) | length",
    "region(site) | tojson",
    "'nor' in region(site)",
    "region(site)[0:3]",
    "count(site) | int + 1",
    "r == 'north'",
    "r | length",
    "r | capitalize",
    "r | replace('north', 'N')",
    "r[0:3]",
    "'north' in r",
    "shouted",
    "trimmed",
]


def plain_jinja(expression: str) -> str:
    environment = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined)
    return environment.from_string(MACROS + SETS + "{{ " + expression + " }}").render(site=SITE)


def rendered_value(expression: str) -> str:
    template = (
        MACROS + "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
        "    nodes:\n{%- for site in sites %}" + SETS + "\n      - key: {{ site.site }}\n"
        '        notes: "{{ ' + expression + ' }}"\n{%- endfor %}\n'
    )
    rendered = render_template(template, "t.yaml.j2", {"sites": [SITE]})
    notes = parse_rendered(rendered).manifest.projects[0].nodes[0].notes
    assert notes is not None
    return notes


@pytest.mark.parametrize("expression", EXPRESSIONS)
def test_an_expression_sees_the_text_plain_jinja_gives(expression: str) -> None:
    assert rendered_value(expression) == plain_jinja(expression)


def test_a_condition_on_a_macro_keeps_the_entities_it_guards() -> None:
    template = (
        "{% macro region(s) %}{{ s.region }}{% endmacro %}"
        "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
        "    nodes:\n{%- for site in sites %}\n      - key: {{ site.site }}\n        devices:\n"
        "          - key: logger\n{%- if region(site) == 'north' %}\n          - key: north-extra\n"
        "{%- endif %}\n{%- endfor %}\n"
    )
    sites = [SITE, {**SITE, "site": "s1", "region": "south"}]
    nodes = (
        parse_rendered(render_template(template, "t.yaml.j2", {"sites": sites})).manifest.projects[0].nodes
    )
    assert [[device.key for device in node.devices] for node in nodes] == [
        ["logger", "north-extra"],
        ["logger"],
    ]


def test_a_refused_conversion_of_a_macro_names_its_text_not_a_placeholder() -> None:
    template = "{% macro count(s) %}{{ s.piezometers }}{% endmacro %}a: {{ count(sites[0]) | int }}\n"
    with pytest.raises(TemplateError, match=r"'three' is not a whole number \(\| int\)"):
        render_template(template, "t.yaml.j2", {"sites": [{**SITE, "piezometers": "three"}]})


def test_a_printed_macro_is_still_one_value() -> None:
    template = (
        "{% macro pair(s) %}{{ s.site }}: {{ s.region }}{% endmacro %}"
        "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
        "    nodes:\n      - key: n1\n        notes: {{ pair(sites[0]) }}\n"
    )
    rendered = render_template(template, "t.yaml.j2", {"sites": [SITE]})
    assert parse_rendered(rendered).manifest.projects[0].nodes[0].notes == "n1: north"


def test_a_call_block_keeps_each_value_it_prints_one_value() -> None:
    template = (
        "{% macro node(key) %}\n      - key: {{ key }}\n        notes: {{ caller() }}\n{%- endmacro %}"
        "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
        "    nodes:\n{%- call node('n1') %}{{ 'a: b' }}{% endcall %}\n"
    )
    [node] = parse_rendered(render_template(template, "t.yaml.j2", {})).manifest.projects[0].nodes
    assert (node.key, node.notes) == ("n1", "a: b")


def test_a_template_cannot_pass_iotplans_call_block_keyword() -> None:
    with pytest.raises(TemplateError, match="names starting with iotplan_ are iotplan's own"):
        render_template(
            "{% macro m() %}x{% endmacro %}a: {{ m(iotplan_call_block=true) }}\n", "t.yaml.j2", {}
        )
