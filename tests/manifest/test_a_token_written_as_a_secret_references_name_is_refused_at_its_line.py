"""A token pasted where a secret reference's variable name goes (`${env:ghp_...}`) is refused at its
line and column, saying a variable's name goes there, never echoing it (nor a run of it)."""

from __future__ import annotations

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest

TOKEN = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"
MANIFEST = (
    "apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
    "    nodes:\n      - key: dam-a\n        auth_token: ${env:" + TOKEN + "}\n"
)


def test_a_token_written_as_a_secret_references_name_is_refused_at_its_line() -> None:
    with pytest.raises(ManifestError) as refused:
        parse_manifest(MANIFEST, "site.yaml")
    [problem] = refused.value.problems
    assert (problem.line, problem.column) == (7, 21), str(problem)
    assert "holds a token where the variable's name goes" in problem.message
    assert TOKEN not in str(refused.value) and TOKEN[4:16] not in str(refused.value)
