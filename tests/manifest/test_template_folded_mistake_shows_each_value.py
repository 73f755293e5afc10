"""One mistake folded for several sites shows each site's own value: two rows printing a padded key,
' x-y' and 'x-y ', were told as one message showing ' x-y' alone, the other row's value hidden."""

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


def test_a_folded_mistake_shows_every_sites_value(tmp_path: Path) -> None:
    sites = tmp_path / "k3.csv"
    sites.write_text("a,b\nx,y\n x,y\nx,y \n")
    with pytest.raises(ManifestError) as refused:
        parse_rendered(render_template(TEMPLATE, "k.yaml.j2", template_variables(None, str(sites))))
    key, name = refused.value.problems
    assert key.message.startswith("key: ' x-y' or 'x-y ' is not a valid key: "), key.message
    assert name.message.startswith("name: ' x y' or 'x y ' starts or ends with whitespace"), name.message
