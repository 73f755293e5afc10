"""A held secret echoed with a character that shows as nothing inside it is masked whole however that
character is escaped: NUL and ESC percent-encoded (`%00`, `%1B`) or as HTML references (`&#0;`, `&#27;`),
DEL in any spelling, and a tag character as Python escapes it (`\\U000e0001`). Only their raw and JSON-escaped
spellings were read: `Zq7hun%1Bter2x9` was shown in clear."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.secrets_readers import EVERY_READER, M, read_with_held

KEY = "Zq7hunter2x9"

ESCAPED_INSIDE = [
    "%00",
    "%1B",
    "%1b",
    "&#27;",
    "&#0;",
    "&#x1b;",
    "\x7f",
    "%7F",
    "&#127;",
    "&#x7f;",
    "\\x7f",
    "\\u007f",
    "\\U000e0001",
]


@pytest.mark.parametrize("read", EVERY_READER)
@pytest.mark.parametrize("inside", ESCAPED_INSIDE)
def test_a_held_key_with_an_escaped_invisible_character_inside_is_masked(
    inside: str, read: Callable[[str], str]
) -> None:
    shown = read_with_held(KEY, f"API key {KEY[:6]}{inside}{KEY[6:]} is not valid", read)

    assert M in shown
    assert KEY[6:] not in shown
    assert "is not valid" in shown
