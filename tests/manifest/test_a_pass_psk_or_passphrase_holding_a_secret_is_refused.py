"""A `pass`, `psk` or `WPA key` label before a value shaped as a secret, a `user=...;pass=...` pair,
and a `passphrase:` or `password:` before any value but a placeholder (a passphrase is words) are
refused at their line, never echoed: accepted, they went to git though every view masked them."""

from __future__ import annotations

import pytest

from tests.manifest.declared_credentials import noted, refusal_of

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
    problem, shown = refusal_of(noted(value))
    assert "holds a credential" in problem.message and SECRETS[value] not in shown, str(problem)
