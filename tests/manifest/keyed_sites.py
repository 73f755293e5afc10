"""Shared setup of the tests of mistakes a --sites CSV makes through a template: templates declaring a
node per row, one keying it by its row's cells `a` and `b`, and the problems the manifest it (or a
test's own) renders is refused with."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import ManifestError, Problem
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables


def template_of(node: str) -> str:
    """A template declaring `node`, one node's lines (its `- key:` on the template's line 7), per site."""
    return (
        "apiVersion: iotplan/v1\nstack: keys\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
        "    nodes:\n{%- for site in sites %}\n" + node + "{%- endfor %}\n"
    )


TEMPLATE = template_of(
    '      - key: {{ site.a }}-{{ site.b }}\n        name: "{{ site.a }} {{ site.b }}"\n        devices: []\n'
)


def problems_of(sites: Path, rows: str, template: str = TEMPLATE) -> list[Problem]:
    """The problems `template` rendered for `rows`, written to `sites`, is refused with."""
    sites.write_text(rows)
    with pytest.raises(ManifestError) as refused:
        parse_rendered(render_template(template, "k.yaml.j2", template_variables(None, str(sites))))
    return list(refused.value.problems)
