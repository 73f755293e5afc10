"""Values that are no text, number or boolean: never written as Python's description of them.

A method not called, a filter's generator, `loop` or `self` printed by `{{ }}` would be written as
`<built-in method upper of str object at 0x7f...>`, an address that differs every run; a mapping or
a list joined into text as its repr; a null given to a text filter as 'None'. Each is refused,
named where it can be, at the template's line.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.source import load_yaml
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

VARIABLES = {
    "city": "Oslo",
    "suffix": None,
    "tags": ["north", "dam"],
    "loc": {"lat": 59.9, "lon": 10.7},
    "since": datetime.date(2026, 3, 1),
    "at": datetime.datetime(2026, 3, 1, 10, 0),
    "blob": b"hello",
}
ITERATOR = (
    "is an iterator over items (what | map, | select, | reverse or .items() give), which {{ }} cannot "
    "print as one value: end it with `| join(', ')` to print its items as one text, or `| list | tojson` "
    "to write them as JSON"
)
NULL = "is null: give it a value, or leave its line out with {% if ... is not none %}"
MAPPING = "is a mapping, which {{ }} cannot print as one value: print one field of it"
LIST = "is a list, which {{ }} cannot print as one value: print one item of it"


def refusal(printed: str, variables: dict[str, object] | None = None) -> str:
    text = f'stack: t\nname: "{printed}"\n'
    with pytest.raises(TemplateError) as caught:
        render_template(text, "t.yaml.j2", VARIABLES if variables is None else variables)
    message = str(caught.value)
    assert message.startswith("t.yaml.j2:2:8: ")
    assert not re.search(r"0x[0-9a-f]|<\w", message), message  # no Python description in the message
    return message.removeprefix("t.yaml.j2:2:8: ")


def test_a_method_printed_without_its_call_is_refused_naming_the_call_at_its_site(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text("site\nnorth\n")
    template = (
        "stack: s\nprojects:\n  - id: p\n    nodes:\n{%- for site in sites %}\n      - key: {{ site.site }}\n"
        "        name: Site {{ site.site.upper }}\n{%- endfor %}\n"
    )
    expected = (
        rf"t.yaml.j2:7:20: site.site.upper is a method, not a value: call it, `site.site.upper()` "
        rf"(site north, {sites}:2)"
    )
    with pytest.raises(TemplateError) as caught:
        render_template(template, "t.yaml.j2", template_variables(None, str(sites)))
    assert str(caught.value) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("{{ city.upper }}", "city.upper is a method, not a value: call it, `city.upper()`"),
        ("{{ city | attr('upper') }}", "a value printed here is a method, not a value: call it, with `()`"),
        ("{{ ''.join }}", "a value printed here is a method, not a value: call it, with `()`"),
        ("{{ '{}'.format }}", "a value printed here is a function, not a value: call it, with `()`"),
        ("{{ dict }}", "dict is a function, not a value: call it, `dict()`"),
        ("{{ joiner() }}", "a value printed here is a function, not a value: call it, with `()`"),
        ("{{ tags | map('upper') }}", f"a value printed here {ITERATOR}"),
        ("{{ tags | select }}", f"a value printed here {ITERATOR}"),
        ("{{ tags | reverse }}", f"a value printed here {ITERATOR}"),
        ("{{ loc | items }}", f"a value printed here {ITERATOR}"),
        ("{{ loc.items() }}", f"a value printed here {ITERATOR}"),
        ("{{ range(3) }}", f"a value printed here {ITERATOR}"),
        ("{{ self }}", "self is a TemplateReference object, not a value: Python would print its description"),
        ("{{ cycler(1) }}", "a value printed here is a Cycler object, not a value"),
        ("{{ namespace() }}", "a value printed here is a Namespace object, not a value"),
        (
            "{{ at }}",
            "at is an unquoted date and time, read as one (2026-03-01T10:00:00), not text: quote it",
        ),
        ("{{ blob }}", "blob is binary data (a !!binary tag), not text"),
    ],
)
def test_a_python_object_printed_is_refused_never_written_as_its_description(
    printed: str, expected: str
) -> None:
    assert refusal(printed).startswith(expected)


def test_the_loop_and_a_macro_printed_whole_are_refused() -> None:
    loop = "stack: t\n{% for x in [1] %}\nname: {{ loop }}\n{% endfor %}\n"
    with pytest.raises(
        TemplateError, match=r"^t\.yaml\.j2:3:7: loop is the loop itself, not a value: print one"
    ):
        render_template(loop, "t.yaml.j2", {})
    macro = "{% macro m() %}a{% endmacro %}stack: t\nname: {{ m }}\n"
    with pytest.raises(
        TemplateError, match=r"^t\.yaml\.j2:2:7: m is a macro, not a value: call it, `m\(\)`$"
    ):
        render_template(macro, "t.yaml.j2", {})


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("{{ 'Logger at ' ~ loc }}", f"a value joined with ~ {MAPPING}"),
        ("{{ 'x' ~ tags }}", f"a value joined with ~ {LIST}"),
        ("{{ 'x' ~ city.upper }}", "a value joined with ~ is a method"),
        ("{{ 'x' ~ tags | map('upper') }}", f"a value joined with ~ {ITERATOR}"),
        ("{{ [city, loc] | join(' ') }}", f"a value joined with | join {MAPPING}"),
        ("{{ [city, tags | reverse] | join(' ') }}", f"a value joined with | join {ITERATOR}"),
        ("{{ tags | join(suffix) }}", f"a value joined with | join {NULL}"),
        ("{{ '%s %s' | format(city, loc) }}", f"a value given to | format {MAPPING}"),
        ("{{ '%(a)s' | format(a=tags) }}", f"a value given to | format {LIST}"),
        ("{{ loc | string }}", f"a value given to | string {MAPPING}"),
        ("{{ tags | upper }}", f"a value given to | upper {LIST}"),
        ("{{ '%s' % loc }}", f"a value given to % {MAPPING}"),
        ("{{ '%s %s' % (city, suffix) }}", f"a value given to % {NULL}"),
        ("{{ '%(a)s' % {'a': suffix} }}", f"a value given to % {NULL}"),
        ("{{ '{}'.format(suffix) }}", f"a value given to .format {NULL}"),
        ("{{ '{x}'.format(x=tags) }}", f"a value given to .format {LIST}"),
    ],
)
def test_a_structure_or_object_joined_into_text_is_refused_as_when_printed(
    printed: str, expected: str
) -> None:
    assert refusal(printed).startswith(expected)


@pytest.mark.parametrize(
    "filtered",
    [
        "upper",
        "lower",
        "title",
        "capitalize",
        "trim",
        "replace('a', 'b')",
        "center(9)",
        "truncate(5)",
        "indent(2)",
        "wordwrap(5)",
        "striptags",
        "e",
        "escape",
        "forceescape",
        "safe",
        "urlencode",
        "urlize",
        "string",
        "wordcount",
    ],
)
def test_a_null_given_to_a_text_filter_is_refused_not_written_as_none(filtered: str) -> None:
    name = filtered.split("(")[0]
    assert refusal(f"{{{{ suffix | {filtered} }}}}").startswith(f"a value given to | {name} {NULL}")


def test_a_null_given_as_the_replacement_of_replace_is_refused() -> None:
    assert refusal("{{ city | replace('O', suffix) }}").startswith(f"a value given to | replace {NULL}")


def test_a_null_cell_of_a_yaml_sites_file_through_upper_is_refused_at_its_site(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    sites.write_text("- {site: north, region: Nord}\n- {site: south, region:}\n")
    template = "stack: s\n{% for site in sites %}\n{{ site.site }}: {{ site.region | upper }}\n{% endfor %}\n"
    expected = (
        rf"^t\.yaml\.j2:3:.*a value given to \| upper is null: .* \(site south, {re.escape(str(sites))}:2\)$"
    )
    with pytest.raises(TemplateError, match=expected):
        render_template(template, "t.yaml.j2", template_variables(None, str(sites)))


def test_an_object_given_to_urlencode_is_refused_and_pprint_is_refused_saying_what_to_use() -> None:
    assert refusal("{{ cycler(1) | urlencode }}").startswith(
        "a value given to | urlencode is a Cycler object"
    )
    with pytest.raises(TemplateError, match=r"^t\.yaml\.j2:1:7: \| pprint is refused: .* `\| tojson` writes"):
        render_template("name: {{ city | pprint }}\n", "t.yaml.j2", VARIABLES)


@pytest.mark.parametrize(
    "printed", ["{{ since }}", '{{ "from " ~ since }}', '{{ ["from", since] | join(" ") }}']
)
def test_an_unquoted_date_prints_as_written(printed: str) -> None:
    """YAML 1.1 reads a date alone from one spelling, 2026-03-01, which Python prints back unchanged."""
    made = render_template(f'stack: t\nname: "{printed}"\n', "t.yaml.j2", VARIABLES)
    data, _, _ = load_yaml(made.text, "t", made.hook())
    assert data["name"].endswith("2026-03-01")
