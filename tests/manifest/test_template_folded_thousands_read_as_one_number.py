"""A number a message writes with thousands separators is one value where sites' messages fold:
notes of 4,100, 5,200 and 4,100 characters were told `is 4 or 5,100 or 200 characters; the limit is
4,000`, three numbers read from each `4,100`."""

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
      - key: {{ site.id }}
        notes: "{{ 'x' * (site.n | int) }}"
        devices: []
{%- endfor %}
"""


def test_notes_too_long_for_three_sites_show_each_length_whole(tmp_path: Path) -> None:
    sites = tmp_path / "n.csv"
    sites.write_text("id,n\na,4100\nb,5200\nc,4100\n")
    with pytest.raises(ManifestError) as refused:
        parse_rendered(render_template(TEMPLATE, "n.yaml.j2", template_variables(None, str(sites))))
    [problem] = refused.value.problems
    assert problem.message == (
        "notes: is 4,100 or 5,200 characters; the limit is 4,000 (in 3 sites: a, b, c)"
    ), problem.message
