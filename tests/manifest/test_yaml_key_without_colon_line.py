"""A key written without its ':' is reported on its own line, not on the line after it.

PyYAML notices the missing ':' only on the next line and marks that; the simple key it was
scanning starts where the mistake is.
"""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.source import YamlSyntaxError, load_yaml
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

HEADER = (
    "apiVersion: iotplan/v1\nstack: s\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n    nodes:\n"
)


def test_a_key_without_its_colon_is_reported_on_its_line() -> None:
    text = HEADER + "      - key: dam-a\n        name Lake Ellen dam\n        kind: api\n"
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text, "m.yaml")
    assert caught.value.position == (7, 9)
    assert (
        str(caught.value)
        == "invalid YAML: could not find expected ':' (while scanning a simple key started at line 7)"
    )


def test_in_a_template_it_is_reported_where_the_call_prints_it() -> None:
    template = HEADER + (
        "{%- macro node(key) %}\n      - key: {{ key }}\n        {{ caller() }}\n{%- endmacro %}\n"
        '{%- call node("dam-a") -%}\nname Lake Ellen dam\n{%- endcall %}\n      - key: dam-b\n'
    )
    rendered = render_template(template, "t.yaml.j2", template_variables(None, None))
    with pytest.raises(ManifestError) as caught:
        parse_rendered(rendered)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (8, 9)  # `{{ caller() }}`, not `- key: dam-b` after the call
