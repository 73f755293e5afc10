"""`{{ caller() }}` prints a {% call %} body as one value, never as keys: a body of several lines
(keys, as a reader means them) is refused where caller() prints it, not folded into the value
before it (`notes`) and applied; the advice given for it, and for a body the macro never prints,
works when followed."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError, TemplateError
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.template import render_template

HEADER = (
    "apiVersion: iotplan/v1\nstack: m\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
)
BODY = (
    "{%- call node('n1') %}\n"
    '        name: "Dam north feed"\n'
    "        location: {lat: -39.2, lon: 169.5}\n"
    "{%- endcall %}\n"
)
FOLDED = (
    "{%- macro node(key) %}\n      - key: {{ key }}\n        kind: api\n        notes: Managed by iotplan\n"
    "{{- caller() }}\n{%- endmacro %}\n"
)
OWN_LINE = (
    "{%- macro node(key) %}\n      - key: {{ key }}\n        kind: api\n{{ caller() }}\n{%- endmacro %}\n"
)
SPANS_LINES = "caller() prints the {% call %} body as one value, and this body spans lines"


@pytest.mark.parametrize(("macro", "line"), [(FOLDED, 5), (OWN_LINE, 4)])
def test_a_body_of_several_lines_is_refused_where_caller_prints_it(macro: str, line: int) -> None:
    with pytest.raises(TemplateError) as refused:
        render_template(macro + HEADER + BODY, "t.yaml.j2", {})
    assert str(refused.value).startswith(f"t.yaml.j2:{line}:1: {SPANS_LINES}")
    assert "write the keys in the macro and pass their values as arguments" in str(refused.value)


def test_the_keys_written_in_the_macro_and_passed_as_arguments_work() -> None:
    """The refusal's advice, followed."""
    macro = (
        "{%- macro node(key, name, lat, lon) %}\n      - key: {{ key }}\n        kind: api\n"
        "        notes: Managed by iotplan\n        name: {{ name }}\n"
        "        location: {lat: {{ lat }}, lon: {{ lon }}}\n{%- endmacro %}\n"
    )
    call = "{%- call node('n1', 'Dam north feed', -39.2, 169.5) %}{% endcall %}\n"
    [node] = (
        parse_rendered(render_template(macro + HEADER + call, "t.yaml.j2", {})).manifest.projects[0].nodes
    )
    assert (node.notes, node.name, node.location.lat, node.location.lon) == (
        "Managed by iotplan",
        "Dam north feed",
        -39.2,
        169.5,
    )


def test_a_body_of_one_line_trimmed_is_one_value() -> None:
    macro = (
        "{%- macro node(key) %}\n      - key: {{ key }}\n        kind: api\n"
        "        notes: {{ caller() }}\n{%- endmacro %}\n"
    )
    call = "{%- call node('n1') -%}\n  Managed by iotplan\n{%- endcall %}\n"
    [node] = (
        parse_rendered(render_template(macro + HEADER + call, "t.yaml.j2", {})).manifest.projects[0].nodes
    )
    assert node.notes == "Managed by iotplan"


def test_a_body_the_macro_never_prints_is_told_it_is_one_value() -> None:
    macro = "{%- macro node(key) %}\n      - key: {{ key }}\n        kind: api\n{%- endmacro %}\n"
    with pytest.raises(TemplateError) as refused:
        render_template(macro + HEADER + BODY, "t.yaml.j2", {})
    assert "a body is one value: print it where the macro writes a value (notes: {{ caller() }})" in str(
        refused.value
    )


def test_a_body_of_one_line_printed_where_keys_go_is_hinted() -> None:
    """Trimmed to one line, it reaches YAML, which cannot read a value where keys go."""
    call = "{%- call node('n1') -%}\nname: \"N one\"\n{%- endcall %}\n"
    with pytest.raises(ManifestError) as caught:
        parse_rendered(render_template(OWN_LINE + HEADER + call, "t.yaml.j2", {}))
    [problem] = caught.value.problems
    assert problem.line == 4
    assert problem.message.startswith("invalid YAML: ")
    assert problem.message.endswith(
        "; {{ caller() }} prints the {% call %} body as one value, never keys: write the keys in the macro "
        "and pass their values as arguments"
    )
