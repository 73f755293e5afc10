"""`${env:NAME}` is read in auth_token alone: anywhere else it would reach the platform as written."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest
from iotplan.manifest.loader import parse_rendered
from iotplan.manifest.template import render_template

HEADER = """apiVersion: iotplan/v1
stack: site
projects:
  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537
    nodes:
      - key: dam-a
        auth_token: ${env:DAM_A_TOKEN}
"""


def test_a_reference_outside_auth_token_is_refused_at_its_line() -> None:
    body = '        url: "https://feed.example/data?site=${env:SITE_ID}"\n        notes: key ${env:HOME}\n'
    with pytest.raises(ManifestError) as caught:
        parse_manifest(HEADER + body, "site.yaml")
    found = [(problem.line, problem.column, problem.message) for problem in caught.value.problems]
    message = "only auth_token reads ${env:NAME}; this text would be written as it is"
    assert [(line, column) for line, column, _ in found] == [(8, 14), (9, 16)]
    assert all(text.startswith(message) for _, _, text in found)


def test_a_reference_a_template_prints_is_refused_at_the_template_line() -> None:
    template = HEADER + "        url: {{ base }}?site=${env:SITE_ID}\n"
    rendered = render_template(template, "t.yaml.j2", {"base": "https://feed.example/data"})
    with pytest.raises(ManifestError) as caught:
        parse_rendered(rendered)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("t.yaml.j2", 8)
    assert "only auth_token reads ${env:NAME}" in problem.message


def test_a_reference_spelled_with_an_escape_is_refused_too() -> None:
    """The walk for references is spared where the text cannot spell one: an escape can."""
    with pytest.raises(ManifestError, match=r"only auth_token reads \$\{env:NAME\}"):
        no_token = HEADER.replace("        auth_token: ${env:DAM_A_TOKEN}\n", "")
        parse_manifest(no_token + '        notes: "\\x24{env:HOME}"\n', "site.yaml")
