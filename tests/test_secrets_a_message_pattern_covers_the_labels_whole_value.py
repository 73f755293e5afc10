"""A credential label's value is kept as a message only where one of a fixed list of patterns covers
all of it, each of its sentences, with at most a bounded tail a message writes (`(minimum is 6
characters)`, `(key devices[0].props)`): read by how it opens, `password: too short to guess` was shown
whole. The fixed shapes a platform refuses a credential with (`may not be blank`, `is too common`,
`does not match`, `is not in the correct format`, `has expired`, `not found`) are such patterns, and a
validation list (`{"field": ["msg"]}`) is kept where every item is one, however deep its credential's
key. A label written as a key (`AUTH_TOKEN:`, `X-Api-Key:`) is read as every other label is."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact
from iotplan.clients.jsonrpc import _platform_message

SECRETS = (
    *("guess", "tell", "horse", "battery", "staple", "always", "texas", "tuesday", "again", "ring"),
    *("number", "hunter", "swordfish", "kept", "remember", "dogs", "mat"),
)


@pytest.mark.parametrize(
    "said",
    [
        # F1: a value opening as a message does, and going on as a passphrase
        "password: too short to guess",
        "passphrase: too long to tell",
        "password: is wrong horse battery staple",
        "password: was missing you always",
        "password: not valid in Texas",
        "password: no longer valid since Tuesday",
        "password: Wrong Password Again",
        "password: Expired Token Ring",
        "password: wrong pin number",
        "password: Wrong. Horse Battery Staple",
        "password: Required. Hunter is here",
        "password: Missing; you always",
        "password: Ensure this field equals swordfish",
        "password: the secret must be kept",
        "<Psk>too long to tell</Psk>",
        '{"passwords": ["too long to remember"]}',
        # F3: a label written as a key
        "AUTH_TOKEN: must love dogs",
        "api_key: is wrong horse battery staple",
        "X-Api-Key: the cat sat on the mat",
        "client_secret: is wrong horse battery staple",
    ],
)
def test_a_value_a_pattern_does_not_cover_whole_is_masked(said: str) -> None:
    shown = redact(said)
    assert "(sensitive)" in shown, shown
    assert not any(secret in shown.lower() for secret in SECRETS if secret in said.lower()), shown


def test_a_json_rpc_message_quoting_a_passphrase_is_masked() -> None:
    shown = _platform_message({"code": -32602, "message": "invalid params: password: too long to tell"})
    assert "tell" not in shown and "(sensitive)" in shown, shown


@pytest.mark.parametrize(
    "said",
    [
        # F2: the fixed shapes a platform refuses a credential with
        '{"password": ["This field may not be blank."]}',
        '{"password": ["This field may not be null."]}',
        '{"password": ["This password is too common."]}',
        '{"password": ["The password is too similar to the username."]}',
        '{"errors":{"Password":["\'Password\' must not be empty."]}}',
        '{"errors":{"Password":["\'Password\' is not in the correct format."]}}',
        '{"errors":{"password":["The given password has appeared in a data leak."]}}',
        '{"credentials": {"password": ["This field is required."]}}',
        '{"auth": {"token": ["Invalid token."]}}',
        "password: must not be empty",
        "password: is too weak",
        "password: is too common",
        "password: does not match",
        "password: is not strong enough",
        "password: must not contain spaces",
        "password: not set",
        "token: has expired",
        "token: Signature has expired.",
        "api key: not found",
        '{"errors":{"Password":["The field Password must be a string with a minimum length of 8."]}}',
        # with a bounded tail a message writes
        '{"password": ["is too long (maximum is 72 characters)"]}',
        "password: must not be empty (key devices[0].props)",
        # F3: a label written as a key reads a message as every other label does
        "AUTH_TOKEN: must not be empty (key devices[0].props)",
        "AUTH_TOKEN: must not be blank",
        "X-Api-Key: is invalid",
    ],
)
def test_a_message_a_pattern_covers_whole_is_kept(said: str) -> None:
    assert redact(said) == said


def test_a_json_rpc_refusal_reason_is_kept() -> None:
    said = {"code": -32602, "message": "invalid params: password: is too weak"}
    assert _platform_message(said).endswith("password: is too weak")
