"""Shared setup of the tests of mistakes a --sites CSV makes through a template: a template keying each
node by its row's cells `a` and `b`, and the problems the manifest it (or a test's own) renders is
refused with."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError, Problem
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


def problems_of(sites: Path, rows: str, template: str = TEMPLATE) -> list[Problem]:
    """The problems `template` rendered for `rows`, written to `sites`, is refused with."""
    sites.write_text(rows)
    with pytest.raises(ManifestError) as refused:
        parse_rendered(render_template(template, "k.yaml.j2", template_variables(None, str(sites))))
    return list(refused.value.problems)
