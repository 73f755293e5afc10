"""A macro builds structure through {% call %}: README's example renders to the manifest it shows, and
the same macro printed with {{ }} is told how to call it."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from iotplan.errors import ManifestError, TemplateError
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.template import render_template

README = Path(__file__).parents[2] / "README.md"


def readme_macro_example() -> str:
    """The jinja block under README's macro bullet, as a template file would hold it."""
    text = README.read_text(encoding="utf-8")
    bullet = text.index("**A macro builds structure through `{% call %}`**")
    block = re.search(r"```jinja\n(.*?)\n *```", text[bullet:], re.S)
    assert block is not None
    return textwrap.dedent(block.group(1)) + "\n"


def test_readmes_macro_example_renders_one_sensor_per_call() -> None:
    rendered = render_template(readme_macro_example(), "dams.yaml.j2", {"sites": [{"site": "dam-a"}]})
    manifest = parse_rendered(rendered).manifest
    [node] = manifest.projects[0].nodes
    sensors = node.devices[0].sensors
    assert [(sensor.key, sensor.metrics[0].custom_unit) for sensor in sensors] == [
        ("pz-1", "kPa"),
        ("pz-2", "mm"),
    ]


def test_a_macro_printed_with_braces_is_named_with_the_call_that_works() -> None:
    example = readme_macro_example()
    printed = example.replace("{%- call piezometer('pz-1') %}{% endcall %}", "{{- piezometer('pz-1') }}")
    with pytest.raises(ManifestError) as caught:
        parse_rendered(render_template(printed, "dams.yaml.j2", {"sites": [{"site": "dam-a"}]}))
    [problem] = caught.value.problems
    assert problem.message.startswith("invalid YAML: ")
    assert problem.message.endswith(
        "; the macro piezometer is printed with {{ }} at line 15, which makes its text one value: "
        "write {% call piezometer(...) %}{% endcall %} to print it as the template's own"
    )


def test_a_call_body_the_macro_never_prints_is_refused_not_dropped() -> None:
    template = "{% macro one() %}a: 1{% endmacro %}\n{% call one() %}b: 2{% endcall %}\n"
    refused = (
        r"^t\.yaml\.j2:2:1: macro one never prints caller\(\): its \{% call %\} body would be dropped; "
        r"a body is one value: print it where the macro writes a value \(notes: \{\{ caller\(\) \}\}\), "
        r"pass the values as the macro's arguments instead, or call the macro without a body$"
    )
    with pytest.raises(TemplateError, match=refused):
        render_template(template, "t.yaml.j2", {})


ONE_LINE_MACRO = "{% macro label(n) %}Logger {{ n }}{% endmacro %}\n"
LINES_MACRO = "{% macro pair() %}\nk: 1\nj: 2\n{% endmacro %}\n"


@pytest.mark.parametrize(
    "template",
    [
        ONE_LINE_MACRO + "apiVersion: iotplan/v1\nstack: s\nname: {{ label(3) }}\nprojects: [\n",
        LINES_MACRO + "apiVersion: iotplan/v1\nstack: s: t\nname: {{ pair() }}\n",  # printed after the error
    ],
)
def test_invalid_yaml_a_printed_macro_cannot_have_caused_names_no_macro(template: str) -> None:
    with pytest.raises(ManifestError) as caught:
        parse_rendered(render_template(template, "t.yaml.j2", {}))
    [problem] = caught.value.problems
    assert problem.message.startswith("invalid YAML: ")
    assert "macro" not in problem.message


def test_a_caller_given_as_a_plain_argument_is_refused_saying_so() -> None:
    """Only what {% call %} passes is a body to check; text given as `caller=` is no call at all."""
    with pytest.raises(TemplateError) as refused:
        render_template("{% macro m() %}a: 1{% endmacro %}{{ m(caller='x') }}\n", "t.j2", {})
    assert "macro m takes no argument named caller: only {% call %} gives one" in str(refused.value)
