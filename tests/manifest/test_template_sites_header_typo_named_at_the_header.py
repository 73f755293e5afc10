"""A --sites CSV header misspelling a column the template reads (`nmae`) was blamed on the first data
row, `a --sites row has no column 'name' (site site-01, sites.csv:2)`, with no word of the column the
header has: every row lacks it, and the mistake is the header's line, or the template's word."""

from __future__ import annotations

from pathlib import Path

import pytest

from iotplan.errors import TemplateError
from iotplan.manifest.template import render_template
from iotplan.manifest.template_data import template_variables

TEMPLATE = """apiVersion: iotplan/v1
stack: typo
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
{%- for site in sites %}
      - key: {{ site.site }}
        name: "{{ site.name }}"
        devices: []
{%- endfor %}
"""


def refusal(sites: Path, text: str) -> str:
    sites.write_text(text)
    with pytest.raises(TemplateError) as refused:
        render_template(TEMPLATE, "t.yaml.j2", template_variables(None, str(sites)))
    return str(refused.value)


def test_a_misspelt_header_column_is_told_at_the_header_with_the_nearest_column(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    said = refusal(sites, "site,nmae\nsite-01,Aoraki\nsite-02,Benmore\n")
    assert said == (
        f"t.yaml.j2:8:16: a --sites row has no column 'name': the header, {sites}:1, has none "
        "(did you mean 'nmae'?)"
    )


def test_a_header_with_no_near_column_is_told_at_the_header_alone(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    said = refusal(sites, "site,lat\nsite-01,-39.2\n")
    assert said == f"t.yaml.j2:8:16: a --sites row has no column 'name': the header, {sites}:1, has none"


def test_a_yaml_row_missing_a_key_is_told_at_its_row_with_the_nearest_key(tmp_path: Path) -> None:
    sites = tmp_path / "sites.yaml"
    said = refusal(sites, "- {site: site-01, name: Aoraki}\n- {site: site-02, Name: Benmore}\n")
    assert said == (
        f"t.yaml.j2:8:16: a --sites row has no column 'name' (did you mean 'Name'?) (site site-02, {sites}:2)"
    )
