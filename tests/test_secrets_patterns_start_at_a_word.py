"""The masking patterns try a name, a percent-encoded run or a token from the start of its word only:
tried from each letter, a long word was scanned again from each (a 30 KB word took 19 s in a message
holding one `:`; a live note or an error body has no limit). Pinned by behaviour, not by time: a
search begun inside a word finds nothing there."""

from __future__ import annotations

from iotplan import secrets


def test_a_name_is_read_from_its_words_start_only() -> None:
    text = "xpassword=hunter2"
    assert secrets._NAMED_VALUE.search(text)["name"] == "xpassword"  # type: ignore[index]
    assert secrets._NAMED_VALUE.search(text, 1) is None


def test_a_percent_encoded_run_is_read_from_its_words_start_only() -> None:
    text = "abc%41def"
    assert secrets._PERCENT_ENCODED.search(text).group() == text  # type: ignore[union-attr]
    assert secrets._PERCENT_ENCODED.search(text, 1) is None


def test_a_jwt_is_read_from_its_words_start_only() -> None:
    jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
    assert secrets._BARE_TOKEN.search(jwt) is not None
    assert secrets._BARE_TOKEN.search("x-" + jwt) is None  # inside a word joined by `-`
