"""A held passphrase's start cut at a blank spelled any way the module reads a blank (an HTML reference by
name or number to any Unicode space, its percent escape, Python's `\\x20`, `\\x09` and `\\xa0`, a vertical
tab, a form feed, a file separator, a next-line, a braille blank) masks the words after it to the string's
end, as a tab and `&nbsp;` do: only those, a space and a few other spellings read on, and
`key horse battery&emsp;pony staple` showed `pony staple`."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.secrets_readers import PASSPHRASE, READERS_AND_RPC_LINE, M, read_with_held

BLANKS = [
    "&emsp;",
    "&ensp;",
    "&thinsp;",
    "&NonBreakingSpace;",
    "&Tab;",
    "&#x3000;",
    "&#12288;",
    "%E3%80%80",
    "%e2%80%83",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x85",
    "\\x20",
    "\\x09",
    "\\xa0",
    "\u2800",
]


@pytest.mark.parametrize("read", READERS_AND_RPC_LINE)
@pytest.mark.parametrize("blank", BLANKS)
def test_a_held_start_cut_at_a_spelled_blank_masks_the_words_after_it(
    blank: str, read: Callable[[str], str]
) -> None:
    shown = read_with_held(
        PASSPHRASE, f'{{"detail":"key horse battery{blank}pony staple","id":"r-42"}}', read
    )

    assert M in shown
    assert "pony" not in shown
    assert "staple" not in shown
    assert "r-42" in shown
