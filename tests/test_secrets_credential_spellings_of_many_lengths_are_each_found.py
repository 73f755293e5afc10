"""CredentialSpellings finds each credential of many lengths by every spelling it holds, as it did read
length by length: whole, in another case from 12 characters, base64 and hex, a slice of 12 of any of them,
a run of blanks as one, percent-encoded; never a slice shorter than 12, nor a credential of 3 characters."""

from __future__ import annotations

import base64
import urllib.parse

import pytest

from iotplan.secrets import CredentialSpellings

CREDENTIALS = [f"Zq{'x7Kp' * (n // 4)}{'m' * (n % 4)}"[:n] for n in range(4, 90)]


@pytest.fixture(scope="module")
def spellings() -> CredentialSpellings:
    held = CredentialSpellings()
    for credential in CREDENTIALS:
        held.add(credential, (f"c{len(credential)}", "password"))
    held.add("horse  battery", ("phrase", "password"))
    held.add("abc", ("short", "pin"))
    return held


@pytest.mark.parametrize("credential", CREDENTIALS[::7])
def test_each_credential_is_found_whole_and_glued(spellings: CredentialSpellings, credential: str) -> None:
    assert spellings.found_in(f"north-{credential}-feed") is not None


@pytest.mark.parametrize(
    "text",
    [
        "id " + "Zqx7Kpx7Kpx7Kpx7Kpx7".upper(),
        base64.b64encode(b"Zqx7Kpx7Kpx7Kpx7Kpx7Kpx7").decode(),
        b"Zqx7Kpx7Kpx7Kpx7".hex(),
        "at qx7Kpx7Kpx7K end",
        "a horse battery b",
        urllib.parse.quote("horse  battery"),
    ],
)
def test_each_spelling_is_found(spellings: CredentialSpellings, text: str) -> None:
    assert spellings.found_in(text) is not None


@pytest.mark.parametrize("text", ["qx7Kpx7Kpx7", "ZQX7KPX7", "abc-feed", "plain notes"])
def test_no_shorter_slice_nor_short_credential_is_found(spellings: CredentialSpellings, text: str) -> None:
    assert spellings.found_in(text) is None
