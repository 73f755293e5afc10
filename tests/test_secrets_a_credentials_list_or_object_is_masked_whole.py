"""A credential-named key holding a JSON list or object (`{"password": ["Hunt3rXyz"]}`, `"PINs":
["4421", "9911"]`, `{"password": {"value": "..."}}`) had only its opening `[` or `{` masked, every
value in it shown: it is masked whole, to its balanced close, reading its strings (a bracket or an
escaped quote inside one is the string's own) at the depth of escaping its key is written at. A
credential written in a few other common shapes (XML, an HTML form's field, a form's `data[password]`,
a percent-encoded `=`, a YAML block, Ruby's `=>`) is masked too."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact
from iotplan.secrets import without_named_credentials

SECRET = "Hunt3rXyz"


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ('{"password":["Hunt3rXyz"]}', '{"password":(sensitive)}'),
        ('{"props":{"password":{"value":"Hunt3rXyz"}}}', '{"props":{"password":(sensitive)}}'),
        ('{"PINs": ["4421", "9911"], "site": 3}', '{"PINs": (sensitive), "site": 3}'),
        ('PINs: ["4421", "9911"] were refused', "PINs: (sensitive) were refused"),
        # a bracket and an escaped quote inside a string are the string's own
        ('{"password": ["a]}\\"b", "Hunt3rXyz"], "n": 1}', '{"password": (sensitive), "n": 1}'),
        # JSON quoted inside a platform error's own JSON string: its quotes escaped once
        (
            '{"message":"props {\\"password\\": {\\"value\\": \\"Hunt3rXyz\\"}} invalid"}',
            '{"message":"props {\\"password\\": (sensitive)} invalid"}',
        ),
        # a Python repr, as a log line writes a dict
        ("{'wifiPassword': ['Hunt3rXyz', 'x]'], 'n': 1}", "{'wifiPassword': (sensitive), 'n': 1}"),
        # cut short (an excerpt's end): masked to the end
        ('{"password": ["Hunt3rXyz", "Oth', '{"password": (sensitive)'),
    ],
)
def test_a_credentials_list_or_object_is_masked_whole(said: str, shown: str) -> None:
    assert without_named_credentials(said) == shown
    assert redact(said) == shown


@pytest.mark.parametrize(
    "said",
    [
        "<error><password>Hunt3rXyz</password></error>",
        '<input name="password" value="Hunt3rXyz">',
        "password%3DHunt3rXyz&user=x",
        "data[password]=Hunt3rXyz&user=x",
        "password[]=Hunt3rXyz",
        "secret: |\n  Hunt3rXyz\n  more",
        "password: >-\n  Hunt3rXyz",
        'password => "Hunt3rXyz"',
    ],
)
def test_a_credential_in_another_common_shape_is_masked(said: str) -> None:
    shown = redact(said)
    assert SECRET not in shown and "(sensitive)" in shown, shown


def test_the_arrow_is_kept_whole() -> None:
    assert redact('password => "Hunt3rXyz", user => "ops"') == 'password => "(sensitive)", user => "ops"'


def test_a_list_under_an_ordinary_key_is_left_as_it_is() -> None:
    said = '{"sites": ["a", "b"], "props": {"NAME": "x"}}'
    assert redact(said) == said
