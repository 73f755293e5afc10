"""A prose label's value that is no message is masked as far as it was read for one: to the next
label on its line, past `,` and `&`. Masked to its first `,` alone, a passphrase's words after it
were shown (`password: correct horse, battery staple` → `(sensitive), battery staple`), and so was
the half of a real message after its comma. A message a pattern covers whole is kept whole."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact


@pytest.mark.parametrize(
    ("said", "hidden"),
    [
        ("password: correct horse, battery staple", "battery"),
        ("passphrase: cats, dogs and mice", "dogs"),
        ("wifi password: fish & chips", "chips"),
        ("password&#58; salt &amp; pepper", "pepper"),
        ("pin: 44, 21", "21"),
        ("rejected: password: correct horse, battery staple; user: bob", "battery"),
    ],
)
def test_a_passphrase_after_a_comma_or_ampersand_is_masked(said: str, hidden: str) -> None:
    shown = redact(said)
    assert "(sensitive)" in shown and hidden not in shown, shown


def test_the_next_label_on_the_line_is_still_shown() -> None:
    assert redact("password: correct horse, battery staple; user: bob") == "password: (sensitive); user: bob"


def test_a_message_listing_what_a_password_must_contain_is_kept_whole() -> None:
    said = (
        "password: Password must contain at least one uppercase letter, one lowercase letter and one number"
    )
    assert redact(said) == said
