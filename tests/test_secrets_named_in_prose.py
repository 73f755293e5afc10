"""A platform's error text naming a credential as prose writes a label (`password: x`, `Login failed,
api key: AKx9`) is masked by the rule views hide live text with, the value only; a `Basic` credential
told by what it decodes to likewise. A label's value that is an ordinary word of the message
(`InvalidToken: Invalid token`, `Token: expired`) is the message's own, and is kept."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact
from iotplan.secrets import text_names_a_credential, without_named_credentials


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("password: x", "password: (sensitive)"),
        ("Login failed, password: hunter2hunter", "Login failed, password: (sensitive)"),
        # A password's words run to its line's end: the sentence after it goes with it.
        ("The password: s3cr3t-value is wrong", "The password: (sensitive)"),
        ("Token: abc, device: 3", "Token: (sensitive), device: 3"),
        ("rejected api key: AKx9 for project p", "rejected api key: (sensitive) for project p"),
        (
            "WifiPassword: hunter2 accessToken: abc123xyz",
            "WifiPassword: (sensitive) accessToken: (sensitive)",
        ),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA== refused", "Authorization: (sensitive) refused"),
        ("echoed Basic dXNlcjpwYXNzd29yZA", "echoed Basic (sensitive)"),
        ("invalid token=abc for user", "invalid token=(sensitive) for user"),
    ],
)
def test_a_value_after_a_credential_label_in_a_message_is_masked(said: str, shown: str) -> None:
    assert without_named_credentials(said) == shown
    assert redact(said) == shown


@pytest.mark.parametrize(
    "said",
    [
        "InvalidToken: Invalid token",
        "Unauthorized: Token expired",
        "Token: expired",
        "Authentication: failed",
        "Password: must hold 12 characters",
        "AuthenticationFailed: The API key is invalid",
        "Passage: north 4",
        "Author: Jane Doe",
        "Basic validation failed: see Basic auth docs",
        "NAME: must not be empty (key devices[0].sensors[1])",
    ],
)
def test_a_labels_ordinary_words_are_kept(said: str) -> None:
    assert redact(said) == said


def test_a_message_masks_a_value_after_each_label_a_view_hides_a_text_for() -> None:
    """One rule for both: a label a view hid a live text for showed its value in an error message."""
    for said in ("password: x", "Secrets: s3cr3tval", "OTP: 492011"):
        assert text_names_a_credential(said) and without_named_credentials(said) != said
