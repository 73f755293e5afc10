"""The words after a held passphrase's start cut at a blank end at a line break spelled as JSON's `\\u000a`
or `\\u000d` (a `--debug` JSON line's, any case), as at a raw one and at `\\n` or `\\r`: read on past it, a
message's second line (`request id: r-42 HTTP 401`) was hidden with the passphrase's words."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iotplan.secrets import remember
from tests.secrets_readers import PASSPHRASE, READERS_AND_RPC_LINE, M

LINE_BREAKS = ["\n", "\r", "\\n", "\\r", "\\u000a", "\\u000A", "\\u000d", "\\u000D", "\\\\u000a"]


@pytest.mark.parametrize("read", READERS_AND_RPC_LINE)
@pytest.mark.parametrize("line_break", LINE_BREAKS)
def test_the_words_after_a_held_start_end_at_any_spelling_of_a_line_break(
    read: Callable[[str], str], line_break: str
) -> None:
    remember(PASSPHRASE)

    shown = read(f"key horse battery refused{line_break}request id: r-42 HTTP 401")

    assert M in shown
    assert "refused" not in shown  # the words after the start are still its
    assert "r-42 HTTP 401" in shown


@pytest.mark.parametrize("read", READERS_AND_RPC_LINE)
def test_an_escaped_character_other_than_a_line_break_does_not_end_them(read: Callable[[str], str]) -> None:
    remember(PASSPHRASE)

    shown = read("key horse battery pony\\u0041staple")

    assert M in shown
    assert "staple" not in shown
