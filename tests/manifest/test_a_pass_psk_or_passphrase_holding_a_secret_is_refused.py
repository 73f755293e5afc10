"""A `pass`, `psk` or `WPA key` label before a value shaped as a secret, a `user=...;pass=...` pair,
and a `passphrase:` or `password:` before any value but a placeholder (a passphrase is words) are
refused at their line, never echoed: accepted, they went to git though every view masked them."""

from __future__ import annotations

import json

import pytest

from iotplan.errors import ManifestError
from iotplan.manifest import parse_manifest

HEAD = (
    "apiVersion: iotplan/v1\nstack: site\nprojects:\n  - id: 6ee68656-ce20-452c-a4e6-b6b3a3b55537\n"
    "    nodes:\n      - key: n\n"
)
SECRETS = {
    "Pass: 8h3kd9": "8h3kd9",
    "Cabinet pass: hunter2": "hunter2",
    "pass=admin": "admin",
    "user=admin;pass=admin": "admin",
    "psk=hunter2": "hunter2",
    "WPA key: hunter2": "hunter2",
    "passphrase: correct horse battery staple": "horse",
    "password: hunter two": "hunter",
}


@pytest.mark.parametrize("value", SECRETS)
def test_a_pass_psk_or_passphrase_holding_a_secret_is_refused(value: str) -> None:
    with pytest.raises(ManifestError) as refused:
        parse_manifest(HEAD + f"        notes: {json.dumps(value)}\n", "site.yaml")
    [problem] = refused.value.problems
    assert "holds a credential" in problem.message and SECRETS[value] not in str(refused.value), str(problem)
