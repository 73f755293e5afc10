"""A label naming a secret in a message's words (`secret:`, `client secret:`) masks its value to the
end of its phrase, as a `password:` label does: a passphrase is masked whole, not its first word alone
(`secret: (sensitive) horse battery`). Its phrase ends where its line, field or quoted string does, or
a label naming a credential itself. A label naming what a machine generated (`token:`, `api key:`)
names one word, the platform's reason after it shown (`api key: (sensitive) for project p`). A value
that one of the message patterns covers whole (`token: has expired`) is the message's own, and shown."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("secret: correct horse battery", "secret: (sensitive)"),
        ("Login failed, secret: correct horse battery", "Login failed, secret: (sensitive)"),
        ("Secret: correct horse battery staple; device: 3", "Secret: (sensitive); device: 3"),
        ("client secret: Tr0ub4dor and more words", "client secret: (sensitive)"),
        ("token: jwt malformed", "token: (sensitive) malformed"),
        ("rejected api key: AKx9f3 for project p", "rejected api key: (sensitive) for project p"),
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
        ('secret: abc def {"client_secret": "s3"}', 'secret: (sensitive) {"client_secret": "(sensitive)"}'),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA== refused", "Authorization: (sensitive) refused"),
    ],
)
def test_a_labels_words_end_before_another_label_or_a_schemes_one_token(said: str, shown: str) -> None:
    assert redact(said) == shown
