"""A label naming what a machine generated (`token:`, `api key:`, `X-Api-Key:`, `SAS key:`) names one
word: a generated token holds no ASCII blank, so the words after it are the platform's reason, and
shown (`token: (sensitive) expired`). Read to the end of their phrase, they were masked with it
(`token: (sensitive)`), and a sentence's end cut its next one (`token: (sensitive) in again.`). A
message's word before a colon opens no value (`token: invalid: eyJ...`): the value after it is masked."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("token: abc123 expired", "token: (sensitive) expired"),
        ("API key: abc123 revoked", "API key: (sensitive) revoked"),
        ("X-Api-Key: abc123 does not match the project", "X-Api-Key: (sensitive) does not match the project"),
        ("SAS key: abc123 expired 5 minutes ago", "SAS key: (sensitive) expired 5 minutes ago"),
        ("token: abc123. Please sign in again.", "token: (sensitive) Please sign in again."),
        (
            "401 Unauthorized. token: abc123. Please run iotplan login.",
            "401 Unauthorized. token: (sensitive) Please run iotplan login.",
        ),
        ("token: invalid: abc123 for user", "token: (sensitive)"),
    ],
)
def test_a_generated_credentials_value_is_its_one_word(said: str, shown: str) -> None:
    assert redact(said) == shown
