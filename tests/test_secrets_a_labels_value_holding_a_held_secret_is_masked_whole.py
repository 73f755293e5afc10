"""A held secret masked inside a credential's labelled value leaves none of the value shown. The held
value's spelling was masked first, and the label rule then read no value that begins with
`(sensitive)`: with `horse battery staple` held, `password: horse battery pony staple` showed
`password: (sensitive)pony staple`, the rest of the password. Both are read in the text as written
and masked together, for every kind of label and every reader of a platform's text; and where a held
value holds the label itself (a connection string held whole), the label's value past it is masked too."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from iotplan.secrets import remember
from tests.secrets_readers import PASSPHRASE, READERS, TOKEN, M, read_with_held

# A held passphrase's start (`horse battery `) inside a person's secret's words, a header's value.
SAID_OF_THE_PASSPHRASE = [
    "Login failed: password: horse battery pony staple",
    "Server=db;Password=horse battery pony staple;Database=iot",
    'said "password: horse battery pony staple" then',
    '{"password": "horse battery pony staple", "user": "iot"}',
    "the passphrase is horse battery pony staple",
    "Cookie: horse battery pony staple",
    "Proxy-Authorization: horse battery pony staple",
    "PINs: horse battery pony staple",
    "password: horse battery staple pony",
]
# A held token's start, or all of it, with more of the label's one word glued after it.
SAID_OF_THE_TOKEN = [
    "token=Zq8wLmN3pR7tQQQQ next",
    "api_key: Zq8wLmN3pR7tQQQQ",
    "token=Zq8wLmN3pR7tXk9Vb2HsQQQQ more",
    "x?sig=Zq8wLmN3pR7tQQQQ&a=1",
    "https://admin:Zq8wLmN3pR7tQQQQ@host/x",
    "admin:Zq8wLmN3pR7tQQQQ@thread",
    "Authorization: Bearer Zq8wLmN3pR7tQQQQ",
]


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("said", SAID_OF_THE_PASSPHRASE)
def test_a_persons_secret_holding_a_held_passphrases_start_is_masked_whole(
    said: str, read: Callable[[str], str]
) -> None:
    shown = read_with_held(PASSPHRASE, said, read)

    assert M in shown
    assert "pony" not in shown
    assert "staple" not in shown


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize("said", SAID_OF_THE_TOKEN)
def test_a_tokens_word_holding_a_held_tokens_start_is_masked_whole(
    said: str, read: Callable[[str], str]
) -> None:
    shown = read_with_held(TOKEN, said, read)

    assert M in shown
    assert "QQQQ" not in shown


@pytest.mark.parametrize("read", READERS)
def test_a_held_value_holding_the_label_masks_the_labels_value_past_it(read: Callable[[str], str]) -> None:
    remember(f"Server=db;Password={TOKEN}")

    shown = read(f"Server=db;Password={TOKEN[:12]}QQQQ;Database=iot")

    assert M in shown
    assert "QQQQ" not in shown
    assert shown.endswith(";Database=iot")


@pytest.mark.parametrize("read", READERS)
def test_a_held_value_holding_a_labels_value_masks_the_value_past_it(read: Callable[[str], str]) -> None:
    remember("battery pony staple")

    shown = read("token=battery pony staple and Login failed: password: horse battery pony staple")

    assert "pony" not in shown
    assert "staple" not in shown
    assert "horse" not in shown
    assert "token=(sensitive) and Login failed" in shown


@pytest.mark.parametrize("read", READERS)
def test_words_after_a_labels_value_are_still_shown(read: Callable[[str], str]) -> None:
    remember(TOKEN)

    shown = read(f"token={TOKEN}QQQQ status=401; Database=iot")

    assert shown.endswith(f"token={M} status=401; Database=iot")
