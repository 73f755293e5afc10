"""A held value's start, cut short where the text goes on with other characters, masks the rest of
what it begins under every label `redact` reads, and in prose under none. Only a label whose value
runs as far (`password:`) masked the rest: with `horse battery staple` held, a one-word label
(`psk=`), a scheme's token (`Bearer`) or prose (`the key ... was refused`) showed the rest
(`psk=(sensitive)pony staple`, `Bearer (sensitive)QQQQ`). A passphrase's start cut at a blank reads
on as a person's secret's words do; a token's, to the end of its run."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iotplan.secrets import remember
from tests.secrets_readers import PASSPHRASE, READERS, TOKEN, M, read_with_held

# A held passphrase's start (`horse battery `), then words it does not go on with.
SAID_OF_THE_PASSPHRASE = [
    "wifi psk=horse battery pony staple",
    "the key horse battery pony staple was refused",
    "PSK: horse battery pony staple",
    "PSK: horse battery \tpony staple",
    "wifi_psk=horse battery pony staple",
    "Bearer horse battery pony staple",
    "ApiKey horse battery pony staple",
    "https://u:horse battery pony staple@h/x",
    "x?token=horse battery pony staple&a=1",
    'said "wpa key horse battery pony staple" then',
]
# A held token's start with more of one run glued after it.
SAID_OF_THE_TOKEN = [
    "Bearer Zq8wLmN3pR7tQQQQ",
    "ApiKey Zq8wLmN3pR7tQQQQ",
    "PSK: Zq8wLmN3pR7tQQQQ",
    "the key Zq8wLmN3pR7tQQQQ was refused",
    "wpa key Zq8wLmN3pR7tQQQQ end",
]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("said", SAID_OF_THE_PASSPHRASE)
def test_a_held_passphrases_start_masks_the_words_after_it(said: str, read: Callable[[str], str]) -> None:
    shown = read_with_held(PASSPHRASE, said, read)

    assert M in shown
    assert "pony" not in shown
    assert "staple" not in shown


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("said", SAID_OF_THE_TOKEN)
def test_a_held_tokens_start_masks_the_rest_of_its_run(said: str, read: Callable[[str], str]) -> None:
    shown = read_with_held(TOKEN, said, read)

    assert M in shown
    assert "QQQQ" not in shown


@pytest.mark.parametrize("read", READERS)
def test_words_after_a_held_tokens_run_are_still_shown(read: Callable[[str], str]) -> None:
    remember(TOKEN)

    assert read("the key Zq8wLmN3pR7tQQQQ was refused").endswith(f"the key {M} was refused")
