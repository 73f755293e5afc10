"""Two rows of --sites that make one node key are both named: the message told only the later row
(`x-y-z: duplicate node key 'x-y-z' ... (site x, k7.csv:4)`), so on a long CSV the user hunted for
the other."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

TEMPLATE = """apiVersion: iotplan/v1
stack: keys
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
{%- for site in sites %}
      - key: {{ site.a }}-{{ site.b }}
        name: "{{ site.a }} {{ site.b }}"
        devices: []
{%- endfor %}
"""


def test_a_key_two_rows_make_names_the_first_row_and_the_later(tmp_path: Path) -> None:
    sites = tmp_path / "k7.csv"
    sites.write_text("a,b\nx-y,z\nq,r\nx,y-z\n")
    with pytest.raises(ManifestError) as refused:
        parse_rendered(render_template(TEMPLATE, "k.yaml.j2", template_variables(None, str(sites))))
    [problem] = refused.value.problems
    assert (problem.line, problem.address) == (7, "x-y-z")
    assert problem.message == (
        "duplicate node key 'x-y-z': keys must be unique in the manifest "
        f"(first written at line 7, for site x-y, {sites}:2) (site x, {sites}:4)"
    )
