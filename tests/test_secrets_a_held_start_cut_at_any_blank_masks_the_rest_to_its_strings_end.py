"""A held passphrase's start cut at a blank however the text spells it (a tab, a no-break or ideographic
space, JSON's `\\t` or `\\u0020`, `&nbsp;`, `%20`, a shell's `\\ `) masks the words after it, in every
reader and in the JSON-RPC debug line: only one ASCII space read on, and with `horse battery staple`
held, `key horse battery\\tpony staple` showed `key (sensitive)pony staple`. The words end where the
string they began in closes and at a line break, raw or escaped: read on past them, a JSON body's next
field (`"requestId":"r-42"`) and a message's second line were hidden."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iotplan.secrets import remember
from tests.secrets_readers import PASSPHRASE, READERS, M, as_rpc_debug_line, read_with_held

EVERY_READER = [*READERS, as_rpc_debug_line]

# A held passphrase's start cut at a blank spelled other than one ASCII space, then other words.
SAID_CUT_AT_A_BLANK = [
    "key horse battery\tpony staple",
    "psk=horse battery\tpony staple",
    "Bearer horse battery\tpony staple",
    "key horse battery\u00a0pony staple",
    "the key horse battery\u3000pony staple was refused",
    "key horse battery\\tpony staple",
    "key horse battery\\u0020pony staple",
    "key horse battery&nbsp;pony staple",
    "key horse battery%20pony%20staple refused",
    "x?k=horse%20battery%20pony%20staple&request_id=r-42",
    "https://h/x/horse%20battery%20pony%20staple/y",
    "key horse battery\\ pony\\ staple",
]


@pytest.mark.parametrize("read", EVERY_READER)
@pytest.mark.parametrize("said", SAID_CUT_AT_A_BLANK)
def test_a_held_start_cut_at_any_blank_masks_the_words_after_it(
    said: str, read: Callable[[str], str]
) -> None:
    shown = read_with_held(PASSPHRASE, said, read)

    assert M in shown
    assert "pony" not in shown
    assert "staple" not in shown


@pytest.mark.parametrize("read", EVERY_READER)
def test_the_words_after_a_held_start_end_at_their_strings_close(read: Callable[[str], str]) -> None:
    remember(PASSPHRASE)

    shown = read('{"detail":"horse battery ","requestId":"r-42"}')

    assert M in shown
    assert "requestId" in shown
    assert "r-42" in shown


@pytest.mark.parametrize("read", EVERY_READER)
def test_the_words_after_a_held_start_end_at_a_line_break(read: Callable[[str], str]) -> None:
    remember(PASSPHRASE)

    shown = read("key horse battery refused\nrequest id: r-42 HTTP 401")

    assert M in shown
    assert "r-42 HTTP 401" in shown


@pytest.mark.parametrize("read", EVERY_READER)
def test_a_fields_next_field_and_a_held_values_sentence_are_shown(read: Callable[[str], str]) -> None:
    remember(PASSPHRASE)

    assert "request_id=r-42; status=401" in read("psk=horse battery pony; request_id=r-42; status=401")
    assert "refused (HTTP 401) request r-42" in read(
        "key horse battery staple refused (HTTP 401) request r-42"
    )
