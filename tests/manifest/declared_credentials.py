"""Shared setup of the tests of credentials a manifest declares: the head of a manifest up to its
nodes, the manifests a credential is written into, and what each is refused with."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iotplan.errors import ManifestError, Problem
from iotplan.manifest import parse_manifest
from iotplan.manifest.loader import load_manifest

HEAD = (
    "apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
    "    nodes:\n"
)


def noted(value: str) -> str:
    """A manifest of one node whose notes are `value`."""
    return HEAD + f"      - key: n\n        notes: {json.dumps(value)}\n"


def with_auth_token(reference: str) -> str:
    """A manifest of one node whose auth_token is `${env:<reference>}`, on its line 7."""
    return HEAD + "      - key: dam-a\n        auth_token: ${env:" + reference + "}\n"


def refusal_of(manifest: str) -> tuple[Problem, str]:
    """The one problem `manifest` is refused with, and the whole refusal as shown."""
    with pytest.raises(ManifestError) as refused:
        parse_manifest(manifest, "site.yaml")
    [problem] = refused.value.problems
    return problem, str(refused.value)


def where_its_value_starts(body: str, placeholder: str) -> tuple[int, int]:
    """The line and column, in HEAD + `body`, of the value `placeholder` stands in on body's last line."""
    last_line = body.splitlines()[-1]
    column = last_line.rindex(": ", 0, last_line.index(placeholder)) + 3
    return HEAD.count("\n") + body.count("\n"), column


def template_refusal(directory: Path, name_cell: str, notes: str, owner: str) -> str:
    """What a template of one node per --sites row is refused with, shown: the one row's `name` cell
    is `name_cell` (on the template's line 8), its notes `notes` (line 9), the variable `owner` is `owner`."""
    (directory / "sites.csv").write_text(f"site,name\ns1,{name_cell}\n")
    loop = "{%- for site in sites %}\n      - key: {{ site.site }}\n        name: {{ site.name }}\n"
    (directory / "t.yaml.j2").write_text(f"{HEAD}{loop}        notes: {notes}\n{{%- endfor %}}\n")
    with pytest.raises(ManifestError) as refused:
        load_manifest(
            str(directory / "t.yaml.j2"),
            sites_file=str(directory / "sites.csv"),
            variables=(("owner", owner),),
        )
    return str(refused.value)
