"""A credential label's value is read by its own words, to the end of its field, and a message is told
from them by how they open: a word saying what went wrong, or a noun's opening word (`the`, `a`) before
words naming the field and a verb (`The API key is invalid`). A sentence later on its line (`the quick
brown fox ... was rejected`) made a passphrase a message, and a negation alone (`Not Today Satan`,
`None of your business`) did. A credential-named parent label (`auth:`, `Authorization:`) whose value
is a child label, or a YAML block of them, masks the child's value; a quote inside an unquoted value is
the value's own; YAML blocks read with CRLF, a comment, a tag or a blank line. A list or object keyed
by a credential whose every string is a message's words (a validation error) is kept, and an XML
element named as a credential is masked unless it holds a message's words."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact

SECRETS = (
    "Hunt3rXyz",
    "Other9pw",
    "pQ2vMz",
    "sXyz",
    "tread",
    "quick",
    "Satan",
    "business",
    "walk",
    "Xyz",
    "hunter2",
    "swordfish",
)


@pytest.mark.parametrize(
    "said",
    [
        # 1: the value's own words, not a sentence later on its line
        "passphrase: the quick brown fox jumps over the lazy dog and was rejected",
        "passphrase: the quick brown fox; device was rejected",
        "WiFi passphrase: a long walk home is too common",
        "passphrase: it is a secret walk",
        "passphrase: no one is home walk",
        "passphrase: Not Today Satan",
        "password: None of your business",
        "password: was hunter2",
        "passphrase: The password is swordfish",
        # 2: a credential-named parent before a child label
        "auth:\n  password: Hunt3rXyz",
        "Authorization: password: Hunt3rXyz",
        "mqtt auth: password: Hunt3rXyz rejected",
        "secret:\n  value: Hunt3rXyz",
        "token: token: Hunt3rXyz",
        "auth:\n  passwords:\n  - Hunt3rXyz\n  - Other9pw",
        "password: Hunt3rXyz: two",  # no child label: one value
        # 3: a quote inside an unquoted value
        "password: Xk9'pQ2vMz rejected",
        'password: Hunt3r"Xyz',
        "password=Hunt3r'sXyz&user=x",
        "passphrase: don't tread on me",
        # 4: YAML blocks
        "secret: |\r\n  Hunt3rXyz\r\n",
        "private_key: |\r\n  MIIEHunt3rXyz\r\n  Other9pwLine\r\n",
        "secret: | # c\n  Hunt3rXyz",
        "password: !!binary |\n  Hunt3rXyz",
        "password: |\n  Hunt3rXyz\n\n  Other9pw",
        "secrets:\n  - name: a\n    value: Hunt3rXyz",
        # 5: a credential's list holding anything besides a message's words
        '{"passwords": ["The password is too short.", "Hunt3rXyz"]}',
        '{"PINs": {"door": 4421, "gate": "Hunt3rXyz"}}',
        '{"password": ["The password is hunter2"]}',
        # 7: a plural of a credential's codes
        "PIN codes: 4421, Hunt3rXyz",
    ],
)
def test_a_credentials_value_is_masked(said: str) -> None:
    shown = redact(said)
    assert "(sensitive)" in shown
    assert not any(secret in shown for secret in SECRETS if secret in said), shown


def test_a_negation_alone_is_masked() -> None:
    assert redact("password: Not!") == "password: (sensitive)"


@pytest.mark.parametrize(
    "said",
    [
        "Password: must hold 12 characters",
        "AuthenticationFailed: The API key is invalid",
        "password: invalid. Connection Weather feed 2 was not created: its url host does not resolve",
        "Password: too short",
        "Password: The value is too short",
        "Token: not accepted here",
        # 5: a validation error keyed by a credential field
        '{"errors": {"props.AUTH_TOKEN": ["The AUTH_TOKEN field is required."]}}',
        '{"errors":{"props.AUTH_TOKEN":["The AUTH_TOKEN field must be at most 64 characters."]}}',
        '{"password": {"code": "too_short", "message": "Ensure this field has at least 8 characters."}}',
        # 6: elements whose text is a message's
        "<AuthenticationErrorDetail>Signature not valid in the time frame</AuthenticationErrorDetail>",
        "<password>required</password>",
        # 7: a documented error code
        '{"error": {"code": "ResourceNotFound"}}',
    ],
)
def test_a_messages_words_are_kept(said: str) -> None:
    assert redact(said) == said


def test_an_element_named_as_a_credential_is_masked() -> None:
    assert redact("<AccessToken>Hunt3rXyz</AccessToken>") == "<AccessToken>(sensitive)</AccessToken>"


@pytest.mark.parametrize("tag", ["TokenExpiry", "AuthType", "KeyName"])
def test_an_element_named_as_a_credential_is_masked_when_in_doubt(tag: str) -> None:
    # named as a label is (`credential_named`): what it holds is no message, so masked
    assert redact(f"<{tag}>Basic</{tag}>") == f"<{tag}>(sensitive)</{tag}>"
