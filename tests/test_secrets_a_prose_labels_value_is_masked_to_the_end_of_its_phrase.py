"""A label naming a secret, a token or a key in a message's words (`secret:`, `token:`, `api key:`)
masks its value to the end of its phrase, as a `password:` label does: a passphrase or a token of
several words is masked whole, not its first word alone (`secret: (sensitive) horse battery`). Its
phrase ends where another label, a field or a sentence's next part starts (`for project p`). A value
that one of the message patterns covers whole (`token: has expired`) is the message's own, and shown;
one they do not (`token: jwt malformed`) is masked whole."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("secret: correct horse battery", "secret: (sensitive)"),
        ("token: correct horse battery", "token: (sensitive)"),
        ("Login failed, api key: correct horse battery", "Login failed, api key: (sensitive)"),
        ("Secret: correct horse battery staple; device: 3", "Secret: (sensitive); device: 3"),
        ("client secret: Tr0ub4dor and more words", "client secret: (sensitive)"),
        ("token: jwt malformed", "token: (sensitive)"),
        ("rejected api key: correct horse for project p", "rejected api key: (sensitive) for project p"),
    ],
)
def test_a_prose_labels_words_are_masked_to_the_end_of_its_phrase(said: str, shown: str) -> None:
    assert redact(said) == shown


@pytest.mark.parametrize(
    "said",
    ["token: has expired", "Token: expired", "secret: is required", "api key: must not be empty"],
)
def test_a_message_covering_the_labels_whole_value_stays_shown(said: str) -> None:
    assert redact(said) == said


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ('password: abc {"AUTH_TOKEN": "feed-token"}', 'password: (sensitive) {"AUTH_TOKEN": "(sensitive)"}'),
        ('token: abc def {"client_secret": "s3"}', 'token: (sensitive) {"client_secret": "(sensitive)"}'),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA== refused", "Authorization: (sensitive) refused"),
    ],
)
def test_a_labels_words_end_before_another_label_or_a_schemes_one_token(said: str, shown: str) -> None:
    assert redact(said) == shown
