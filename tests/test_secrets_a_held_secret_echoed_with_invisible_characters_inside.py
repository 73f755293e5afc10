"""A held secret echoed with a character a terminal shows as nothing inside it (a zero-width space, joiner or
non-joiner, a word joiner, a byte order mark) or an ESC sequence (`\\x1b[31m`) is masked: it is read with
those left out. Before, it was no longer the value masking looked for, and showed as the secret."""

from __future__ import annotations

import json

import pytest

from iotplan.secrets import mask_known, remember
from tests.secrets_readers import READERS, M

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


# Every format character (Unicode's category Cf: a soft hyphen, direction marks, embeddings and isolates,
# invisible operators, the Mongolian vowel separator), a combining grapheme joiner and NUL show as nothing.
OTHER_INVISIBLES = [
    "\u00ad",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202e",
    "\u2066",
    "\u2069",
    "\u2061",
    "\u180e",
    "\u034f",
]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("inside", [*OTHER_INVISIBLES, "\x00"])
def test_a_held_secret_with_any_format_character_inside_is_masked(read, inside: str) -> None:
    remember(SECRET)
    shown = read(f"key {SECRET[:4]}{inside}{SECRET[4:]} end")
    assert "LmN3pR7tXk9" not in shown, shown


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("inside", ["\u200b", "\u00ad", "\u2066", "\ufeff", "\x1b[1m", "\x1b[1;31m"])
def test_a_held_secret_with_an_invisible_inside_json_escaped_is_masked(read, inside: str) -> None:
    """As a JSON-RPC debug line writes a text (json.dumps): the invisible written `\\u200b`, `\\u001b[1m`."""
    remember(SECRET)
    shown = read(json.dumps({"notes": f"key {SECRET[:4]}{inside}{SECRET[4:]} end"}))
    assert "LmN3pR7tXk9" not in shown, shown


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    "escaped", ["\\u200b", "\\\\u200B", "&#8203;", "&#x200b;", "&shy;", "%E2%80%8B", "%C2%AD"]
)
def test_a_held_secret_with_an_escaped_invisible_inside_is_masked(read, escaped: str) -> None:
    remember(SECRET)
    shown = read(f"key {SECRET[:4]}{escaped}{SECRET[4:]} end")
    assert "LmN3pR7tXk9" not in shown, shown


def test_escaped_invisibles_beside_no_secret_are_kept() -> None:
    remember(SECRET)
    said = "a\\u200bb &#8203; %E2%80%8B \\u001b[1mbold"
    assert mask_known(said) == said
