"""A platform's error text quoting a credential it names (a backend's connection string, a form or
query parameter outside a URL) is masked by the rule plans read live text with: the value only, so
the message stays readable, and the platform's own words before a colon are kept."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import platform_message, redact


def test_a_platform_error_quoting_its_backends_credentials_is_masked_value_by_value() -> None:
    said = (
        "upstream https://svcuser:HUNTER2pw@db.internal.example/x failed; Authorization: Bearer "
        "eyJBEARERfz37abcdefghijk; Password=PWDfz37conn; api_key=AKEYfz37qq"
    )
    answered = httpx.Response(500, json={"error": {"code": "InternalError", "message": said}})
    assert platform_message(answered) == (
        "InternalError: upstream https://(sensitive)@db.internal.example/x failed; Authorization: "
        "(sensitive); Password=(sensitive); api_key=(sensitive)"
    )


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("got Password=PLATpw88;", "got Password=(sensitive);"),
        ('{"db": {"password": "PW x,y"}}', '{"db": {"password": "(sensitive)"}}'),
        # A password's words run to its line's end: the sentence after it goes with it.
        ("db.password: PLATpw88 rejected", "db.password: (sensitive)"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig0 expired", "token (sensitive) expired"),
    ],
)
def test_any_credential_the_text_names_is_masked(said: str, shown: str) -> None:
    assert redact(said) == shown


@pytest.mark.parametrize(
    "said",
    [
        "InvalidToken: Invalid token",
        "Unauthorized: Token expired",
        "NAME: must not be empty (key devices[0].sensors[1])",
        "projectIds=6ee68656-1f3c-4b7e-9a51-0c2d9e7f4a10: not found",
    ],
)
def test_the_platforms_own_words_are_kept(said: str) -> None:
    assert redact(said) == said
