"""A secret a person chose (`secret:`, `client secret:`, `secret=`, as `password:` and `passphrase:`)
is all its words up to the end of its line, field or quoted string: a word of a sentence (`with`,
`to`, `not`), a word ending in a colon (`battery:`) or opening with a bracket (`[x=1`) is one of
them. Only a label ahead naming a credential itself ends it, its own value masked after it."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("secret: correct horse with battery staple", "secret: (sensitive)"),
        ("secret: to be or not to be", "secret: (sensitive)"),
        ("client secret: Correct Horse For Battery", "client secret: (sensitive)"),
        ("secret=horse with battery", "secret=(sensitive)"),
        ("password: horse [x=1 staple", "password: (sensitive)"),
        ("password: Tr0ub4dor [note=x] staple", "password: (sensitive)"),
        ("password: horse {x:1 staple", "password: (sensitive)"),
        ("secret: horse battery: staple", "secret: (sensitive)"),
        ("password: horse battery: staple", "password: (sensitive)"),
    ],
)
def test_a_persons_secret_is_masked_to_the_end_of_its_phrase(said: str, shown: str) -> None:
    assert redact(said) == shown


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ('password: abc {"AUTH_TOKEN": "feed-token"}', 'password: (sensitive) {"AUTH_TOKEN": "(sensitive)"}'),
        ("secret: abc def token=feed-token", "secret: (sensitive) token=(sensitive)"),
        (
            "WifiPassword: abc def accessToken: feed-token",
            "WifiPassword: (sensitive) accessToken: (sensitive)",
        ),
    ],
)
def test_a_credentials_label_ahead_ends_it_and_is_masked_itself(said: str, shown: str) -> None:
    assert redact(said) == shown
