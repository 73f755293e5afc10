"""A held secret echoed with a character a terminal shows as nothing inside it (a zero-width space, joiner or
non-joiner, a word joiner, a byte order mark) or an ESC sequence (`\\x1b[31m`) is masked: it is read with
those left out. Before, it was no longer the value masking looked for, and showed as the secret."""

from __future__ import annotations

import pytest

from iotplan.secrets import mask_known, remember
from tests.secrets_readers import READERS

M = "(sensitive)"
SECRET = "Zq8wLmN3pR7tXk9"


@pytest.mark.parametrize("read", [mask_known, *READERS])
@pytest.mark.parametrize(
    "inside",
    [
        "\u200b",
        "\u200c",
        "\u200d",
        "\u2060",
        "\ufeff",
        "\u200b\u200b",
        "\x1b[31m",
        "\x1b[0m\x1b[1;32m",
        "\x1b]0;t\x07",
    ],
)
def test_a_held_secret_with_an_invisible_character_inside_is_masked(read, inside: str) -> None:
    remember(SECRET)
    said = f"echoed {SECRET[:5]}{inside}{SECRET[5:]} back"
    shown = read(said)
    assert "Zq8wL" not in shown and "N3pR7tXk9" not in shown, shown


def test_only_the_secret_is_masked() -> None:
    remember(SECRET)
    said = "\u200bechoed Zq8w\u200bLmN3pR7tXk9\x1b[0m back\u200b"
    assert mask_known(said) == f"\u200bechoed {M}\x1b[0m back\u200b"


def test_a_text_holding_no_secret_is_kept() -> None:
    remember(SECRET)
    said = "zero\u200bwidth \x1b[31mred\x1b[0m"
    assert mask_known(said) == said


def test_a_secret_after_an_escape_sequence_never_ended_is_masked() -> None:
    remember(SECRET)
    assert mask_known(f"\x1b]0;title {SECRET}") == f"\x1b]0;title {M}"
