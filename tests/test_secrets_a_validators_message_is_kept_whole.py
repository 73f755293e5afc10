"""The messages common validators refuse a credential with are kept whole (ASP.NET Identity, Joi,
Keycloak, Spring, AJV, pydantic, OAuth): each a fixed shape a pattern covers, never one a passphrase's
opening can ride (`is too weak to fail`, `does not match hunter` stay masked)."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact


@pytest.mark.parametrize(
    "said",
    [
        '{"errors":{"Password":["Passwords must have at least one digit (\'0\'-\'9\')."]}}',
        '{"errors":{"Password":["Passwords must have at least one uppercase (\'A\'-\'Z\')."]}}',
        '{"errors":{"Password":["Passwords must have at least one lowercase (\'a\'-\'z\')."]}}',
        "password: must be between 8 and 63 characters long",
        "password: is not allowed to be empty",
        '"password" is not allowed to be empty',
        "pin: must be numeric",
        "Invalid password: must contain at least 1 upper case characters.",
        "password: size must be between 8 and 64",
        "password: must NOT have fewer than 8 characters",
        "password: String should have at least 8 characters",
        "access_token: is invalid or has expired",
        "client_secret: Invalid client secret",
    ],
)
def test_a_validators_message_is_kept(said: str) -> None:
    assert redact(said) == said


@pytest.mark.parametrize(
    ("said", "hidden"),
    [
        ("password: is too weak to fail", "fail"),
        ("password: does not match hunter", "hunter"),
        ("password: must be numeric horse", "horse"),
        ("password: size must be between horses", "horses"),
        ("client_secret: Invalid client horse", "horse"),
        ("password: is not allowed to be empty handed", "handed"),
        ("password: must have at least one uppercase horse", "horse"),
    ],
)
def test_a_passphrase_opening_as_one_is_masked(said: str, hidden: str) -> None:
    shown = redact(said)
    assert "(sensitive)" in shown and hidden not in shown, shown
