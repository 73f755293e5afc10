"""The sites a folded mistake lists are all named one way: a row whose first cell cannot name it
(padded, empty, too long) was listed as `row 2` (its second row, on line 3) beside another listed
by its first cell, `x`, the first cell of two rows."""

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


def test_the_sites_of_a_folded_mistake_are_named_by_their_rows(tmp_path: Path) -> None:
    sites = tmp_path / "k3.csv"
    sites.write_text("a,b\nx,y\n x,y\nx,y \n")
    with pytest.raises(ManifestError) as refused:
        parse_rendered(render_template(TEMPLATE, "k.yaml.j2", template_variables(None, str(sites))))
    for problem in refused.value.problems:
        assert problem.message.endswith(f"(in 2 sites: {sites}:3, {sites}:4)"), problem.message
