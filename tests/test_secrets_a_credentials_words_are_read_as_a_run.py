"""A label's value is a message's own words only if its words read as one: a value starting with a
word such as `the`, `a` or `no` was kept whole (`passphrase: the quick brown fox jumps`). A word that
opens a noun (`the`, `a`, `no`) makes a message only with another of a message's words after it (`The
API key is invalid`); a word that says what went wrong (`invalid`, `must`, `not`) makes one alone.
Such a word is read without the punctuation after it (`password: invalid. Connection ... was not
created`). A plural label (`passwords:`, `PINs:`) holds a list: each of its values is masked, in a
line or a YAML block list."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("passphrase: the quick brown fox jumps", "passphrase: (sensitive)"),
        ("password: no more secrets 42", "password: (sensitive)"),
        ("password: a1b2c3d4", "password: (sensitive)"),
        ("passwords: Hunt3rXyz, Other9pw", "passwords: (sensitive)"),
        ("Passwords: Hunt3rXyz Other9pw", "Passwords: (sensitive)"),
        ("PINs:\n - 4421\n - 9911\nsite: 3", "PINs:\n (sensitive)\nsite: 3"),
        ("password:\n  - Hunt3rXyz\n  - Other9pw", "password:\n  (sensitive)"),
    ],
)
def test_a_credentials_words_are_masked(said: str, shown: str) -> None:
    assert redact(said) == shown


@pytest.mark.parametrize(
    "said",
    [
        "password: invalid. Connection Weather feed 2 was not created: its url host does not resolve",
        "Password: required.",
        "token: missing; device 3 was refused",
        "Password: The value is too short",
        "Password: no longer valid",
        "Token: not accepted here",
    ],
)
def test_a_messages_own_words_after_a_label_are_kept(said: str) -> None:
    assert redact(said) == said
