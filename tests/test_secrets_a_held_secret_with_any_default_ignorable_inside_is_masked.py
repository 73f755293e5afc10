"""A held secret echoed with any character Unicode marks default-ignorable inside it (a variation selector,
a Mongolian one, a Hangul filler, a musical format mark, a tag), or a blank drawn as nothing (the braille
blank), is masked, written as is or escaped; a JSON-RPC debug line writes one past U+FFFF as a surrogate
pair (`\\udb40\\udc01`), read as the one character it spells. Before, the secret showed whole."""

from __future__ import annotations

import json

import pytest

from iotplan.secrets import mask_known, remember
from tests.secrets_readers import READERS, as_json_debug_line

SECRET = "Zq7hunter2x9"


ALL = [mask_known, *READERS, as_json_debug_line]
DRAWN_AS_NOTHING = ["\ufe0f", "\ufe00", "\u180b", "\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u17b4"]
PAST_THE_BMP = ["\U000e0001", "\U000e0100", "\U0001d173", "\U0001bca0"]


@pytest.mark.parametrize("read", ALL)
@pytest.mark.parametrize("inside", [*DRAWN_AS_NOTHING, *PAST_THE_BMP])
def test_a_held_secret_with_a_character_drawn_as_nothing_inside_is_masked(read, inside: str) -> None:
    remember(SECRET)
    shown = read(f"echo: {SECRET[:5]}{inside}{SECRET[5:]} end")
    assert "Zq7hu" not in shown and "nter2x9" not in shown, repr(shown)


@pytest.mark.parametrize("read", ALL)
@pytest.mark.parametrize("inside", [*DRAWN_AS_NOTHING, *PAST_THE_BMP])
def test_the_same_escaped_as_json_writes_it_is_masked(read, inside: str) -> None:
    remember(SECRET)
    escaped = json.dumps(inside)[1:-1]  # `\ufe0f`, a surrogate pair `\udb40\udc01` past U+FFFF
    shown = read(f"echo: {SECRET[:5]}{escaped}{SECRET[5:]} end")
    assert "Zq7hu" not in shown and "nter2x9" not in shown, repr(shown)


def test_a_surrogate_pair_beside_no_secret_is_kept() -> None:
    remember(SECRET)
    said = "flag \\udb40\\udc01 and \\ud83d\\ude00 and \u2800 and \ufe0f"
    assert mask_known(said) == said
