"""A value a person types named in words before `is` (`pwds is x`) is masked however its label word is
spelled, the plural of an abbreviation too: the words looked for before `is` are the words read as a
typed value's label, one list. Looked for with a shorter list, `pwds is Hunt3rX9` was shown as said."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact

WORDS = [
    *("pwd", "pwds", "passwd", "passwds", "password", "passwords", "passphrase", "passphrases"),
    *("passcode", "passcodes", "secret", "secrets", "pin", "pins", "otp", "otps", "wifipassword"),
]


@pytest.mark.parametrize("word", WORDS)
def test_a_typed_value_named_in_words_before_is_is_masked(word: str) -> None:
    assert redact(f"Login failed: the {word} is Hunt3rX9") == f"Login failed: the {word} is (sensitive)"


def test_a_state_named_before_is_stays_shown() -> None:
    said = "Session is closed; Authentication is required for this request"
    assert redact(said) == said


def test_a_plural_labels_list_is_masked() -> None:
    assert redact("Login failed, passcodes: 4421x, 9911y") == "Login failed, passcodes: (sensitive)"
