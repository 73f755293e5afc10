"""A credential's value is shown only where it reads as a message by a short, fixed list of patterns:
a single word is masked unless a placeholder or a word of what went wrong (`invalid`, `required`); a
word merely ending in `-ed` (`Blessed`, `speed`, `NotAccepted`) or a word of a state (`Weak`, `set`) is
no message. A JSON object kept as a validation error masks an inner key naming a credential, counts
`code` as an error's only as `code`/`errorCode` beside a message, and never reads a credential's
`*_code` (`mfa_code`) as an error's. An XML element is a credential where its name is one as a
label's is (`<AccessCode>`, `<Psk>`). When in doubt, masked."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact

SECRETS = (
    *("Blessed", "speed", "hundred", "NotAccepted", "Haunted", "Jagged", "Twisted", "blessed", "wicked"),
    *("Fired", "CorrectHorse", "Super_Secret", "HunterTwo", "Hunter_Two", "4421", "abc123def"),
    *(
        "horse",
        "coupon",
        "let me in",
        "Dragon",
        "Weak",
        "Simple",
        "correct",
        "abandoned",
        "wanted",
        "long",
        "known",
    ),
)


@pytest.mark.parametrize(
    "said",
    [
        # F1: a single word, whatever it ends with
        "password: Blessed",
        "password: speed",
        "password: hundred",
        "password: NotAccepted",
        "wifi password: Haunted",
        "password: Blessed, user: bob",
        "<Password>Jagged</Password>",
        # F2: a credential's key inside a JSON object, and a code with no message beside it
        '{"secrets": {"wifi_password": "Haunted", "mqtt_password": "Twisted"}}',
        '{"credentials": {"password": "Blessed"}}',
        '{"auth": {"password": null, "token": "Fired"}}',
        '{"passwords": ["blessed", "wicked"]}',
        '{"pin": ["NotAccepted"]}',
        '{"credentials": {"code": "CorrectHorse"}}',
        '{"password": {"code": "Super_Secret"}}',
        # F3: a credential's code
        '{"mfa_code": "CorrectHorseBattery"}',
        '{"recovery_code": "Jagged_Haunted_Wicked"}',
        '{"verification_code": "HunterTwo"}',
        '{"backup_code": "HunterTwo"}',
        "setup_code: Hunter_Two",
        # F4: an element named as a credential is
        "<AccessCode>4421</AccessCode>",
        "<PinCode>4421</PinCode>",
        "<Psk>abc123def</Psk>",
        "<PasswordHash>abc123def</PasswordHash>",
        # F5: imperatives and words of a state
        "password: please let me in",
        "password: Enter the Dragon",
        "password: Weak",
        "password: Simple",
        "password: correct.",
        "passphrase: never abandoned",
        "passphrase: no longer wanted",
        "password: long",
        "password: known",
        "password: invalid horse battery",
        "password: expired coupon",
    ],
)
def test_a_value_not_read_as_a_message_is_masked(said: str) -> None:
    shown = redact(said)
    assert "(sensitive)" in shown, shown
    assert not any(secret in shown for secret in SECRETS if secret in said), shown


@pytest.mark.parametrize(
    "said",
    [
        "password: invalid",
        "password: Required.",
        "password: expired",
        "Password: must be at least 12 characters",
        "Password: The value is not valid",
        "Password: is incorrect",
        "Password: too long",
        "Password: no longer valid",
        "Password: Invalid token",
        '{"password": ["Ensure this field has at least 8 characters."]}',
        '{"password": {"code": "too_short", "message": "Ensure this field has at least 8 characters."}}',
        '{"error": {"errorCode": "InvalidToken", "message": "The token is expired."}}',
    ],
)
def test_a_message_in_an_explicit_pattern_is_kept(said: str) -> None:
    assert redact(said) == said
