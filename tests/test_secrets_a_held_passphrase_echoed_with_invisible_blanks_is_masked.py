"""A held passphrase echoed with its blanks spelled as characters that show as nothing or as a blank (a
braille blank U+2800, a zero-width space, a Hangul filler) is masked whole in every reader: such a character
was read only as one added inside a secret, never as one of its blanks, and `horse<U+2800>battery<U+2800>
staple` was shown whole."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.secrets_readers import EVERY_READER, PASSPHRASE, M, read_with_held


@pytest.mark.parametrize("read", EVERY_READER)
@pytest.mark.parametrize("blank", ["\u2800", "\u200b", "\u3164", "\ufeff", "\\u2800", "&#x2800;"])
def test_a_passphrase_whose_blanks_are_echoed_as_invisible_characters_is_masked(
    blank: str, read: Callable[[str], str]
) -> None:
    said = f"API key {blank.join(PASSPHRASE.split())} is not valid"

    shown = read_with_held(PASSPHRASE, said, read)

    assert M in shown
    assert "battery" not in shown
    assert "staple" not in shown
    assert "is not valid" in shown
