"""A person's secret's words with a credential's label ahead among them whose own value is bracketed or quoted
(`password: horse battery token: [a, b] staple`) read on past that value as they do past an unquoted one
(`password: a token=b c`): all masked. Before, the words after the bracket were shown."""

from __future__ import annotations

import pytest

from tests.secrets_readers import READERS, as_json_debug_line


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    "said",
    [
        "password: horse battery token: [a, b] staple",
        'password: horse battery token="abc def" staple',
        "passphrase: horse token: {a, b} battery staple",
        "password: a token: [x] b secret: [m, n] more staple",
    ],
)
def test_the_words_after_a_bracketed_label_ahead_are_masked(read, said: str) -> None:
    assert "staple" not in read(said), read(said)


@pytest.mark.parametrize("read", READERS)
@pytest.mark.parametrize(
    "said, kept",
    [
        ("password: a token: [x, y]. Retry later", ". Retry later"),
        ("password: a token: [x, y], user: bob", ", user: bob"),
    ],
)
def test_what_ends_the_words_after_it_is_kept(read, said: str, kept: str) -> None:
    assert read(said).endswith(kept), read(said)


@pytest.mark.parametrize("read", [*READERS, as_json_debug_line])
@pytest.mark.parametrize(
    "said", ["password: horse battery token: [a, b]\tstaple", "password: horse token: {a}\t staple battery"]
)
def test_the_words_after_a_bracketed_label_ahead_and_a_tab_are_masked(read, said: str) -> None:
    assert "staple" not in read(said), read(said)
