"""A quote ends a person's secret's words only where the same quote opened the text its label stands in. A
lone quote among them (`horse" then battery`, `my 5" floppy`, `it's 5' tall`), a quote of the other kind, or
one json.dumps escaped (`\\"`) is the person's own: before, the words after it were shown."""

from __future__ import annotations

import json

import pytest

from iotplan.clients.errors import redact
from tests.secrets_readers import READERS, M


def _in_a_json_string(text: str) -> str:
    return redact(json.dumps({"notes": text}))


@pytest.mark.parametrize("read", [*READERS, _in_a_json_string])
@pytest.mark.parametrize(
    ("said", "tail"),
    [
        ('passphrase: horse" then battery staple', "battery staple"),
        ('password: my 5" floppy TAILXYZ', "TAILXYZ"),
        ("password: it's 5' tall TAILXYZ", "TAILXYZ"),
        ('password=horse" battery staple', "battery staple"),
        ('Server=db;Pwd=horse" battery staple;Database=x', "battery staple"),
        ('{"notes": "password: horse\\" battery staple"}', "battery staple"),
        ("{'notes': 'password: horse\" battery staple'}", "battery staple"),
        ("{'notes': \"password: it's horse' battery staple\"}", "battery staple"),
    ],
)
def test_a_lone_quote_inside_a_persons_secret_does_not_end_it(read, said: str, tail: str) -> None:
    assert tail not in read(said)


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ('said "password: p@ss w0rd" then', f'said "password: {M}" then'),
        ('{"notes": "password: horse battery", "a": "b"}', f'{{"notes": "password: {M}", "a": "b"}}'),
    ],
)
def test_the_quote_that_opened_the_text_still_ends_it(said: str, shown: str) -> None:
    assert redact(said) == shown
