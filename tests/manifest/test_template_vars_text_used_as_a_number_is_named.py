"""A quoted number in --vars (`connections: "2"`) used as a number gave `t.yaml.j2:7:1: TypeError: 'str'
object cannot be interpreted as an integer`, naming neither the variable nor its file, where a --var
value so used is named text to convert."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

TEMPLATE = """apiVersion: iotplan/v1
stack: vars
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: n
        devices:
{%- for n in range(connections) %}
          - key: d{{ n }}
{%- endfor %}
"""


def test_a_quoted_vars_number_used_as_a_number_is_named_with_its_file(tmp_path: Path) -> None:
    vars_file = tmp_path / "v.yaml"
    vars_file.write_text('connections: "2"\n')
    with pytest.raises(TemplateError) as refused:
        render_template(TEMPLATE, "t.yaml.j2", template_variables(str(vars_file), None))
    assert str(refused.value) == (
        "t.yaml.j2:8:1: TypeError: 'str' object cannot be interpreted as an integer; connections of "
        f"--vars {vars_file} is text (quoted there): write it unquoted, or convert it here, `... | int` or "
        "`... | float`"
    )
