"""A slice of a held secret echoed encoded is masked as a slice as written is: percent-encoded by any
encoder (read decoded, so `%40` or `@`, `%2f` or `/`, `+` or `%20` alike), as base64 at any alignment
in a longer text (a `Basic <user:secret>` header cut short), and as hex."""

from __future__ import annotations

import base64
import urllib.parse
from collections.abc import Iterator

import httpx
import pytest

from iotplan.secrets import MASKED, forget_all, holds_known, mask_known, remember

SECRET = "p@ss/word+with spaces&more=1"  # each of `@/+ &=` is percent-encoded
KEY = "CANARY>>>key???01xq7Zr4mW9pLk2Tj"  # base64 spells `>>>` and `???` with `+` and `/`


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    forget_all()
    yield
    forget_all()


PERCENT_ENCODED = {
    "quote": urllib.parse.quote(SECRET, safe=""),
    "form": urllib.parse.quote_plus(SECRET),
    "lower-case": urllib.parse.quote(SECRET, safe="").lower(),
    "a path, as httpx writes one": str(httpx.URL(f"https://feed.example/x/{SECRET}")).split("/x/")[1],
}


@pytest.mark.parametrize("spelling", PERCENT_ENCODED.values(), ids=PERCENT_ENCODED.keys())
@pytest.mark.parametrize(("start", "end"), [(0, 30), (5, 25), (9, None), (4, None)])
def test_a_slice_of_a_percent_encoded_secret_is_masked(spelling: str, start: int, end: int | None) -> None:
    remember(SECRET)
    text = f"refused ({spelling[start:end]}) here"
    assert mask_known(text) == f"refused ({MASKED}) here"
    assert holds_known(text)


def test_a_url_quoting_a_slice_is_masked_there_and_keeps_its_other_characters_encoded() -> None:
    """What is decoded to be read is never shown: a `%0A` or an escape never reaches a terminal, and
    the rest of the URL stays as it was written."""
    remember(SECRET)
    text = f"GET https://feed.example/x?a=%0A%1b[31m&k={PERCENT_ENCODED['form'][6:]}&n=%E2%82%AC%ff ok"
    assert mask_known(text) == f"GET https://feed.example/x?a=%0A%1b[31m&k={MASKED}&n=%E2%82%AC%ff ok"


@pytest.mark.parametrize(
    "text", ["x %2Fword%2B y", "100% done, %20 and %zz", "https://feed.example/a%20b?q=%2Fwordly%2Bwithout"]
)
def test_percent_encoded_text_holding_no_slice_of_twelve_characters_is_kept(text: str) -> None:
    remember(SECRET)
    assert mask_known(text) == text and not holds_known(text)


def encoded_around(secret: str, before: str, encode: str) -> tuple[str, int, int]:
    """`before + secret + "&tail"` encoded, and where the characters `secret` alone decides lie."""
    raw = f"{before}{secret}&tail".encode()
    if encode == "hex":
        return raw.hex(), 2 * len(before), 2 * (len(before) + len(secret))
    spelled = base64.b64encode(raw) if encode == "base64" else base64.urlsafe_b64encode(raw)
    return spelled.decode(), -(-8 * len(before) // 6), 8 * (len(before) + len(secret)) // 6


@pytest.mark.parametrize("encode", ["base64", "urlsafe", "hex"])
@pytest.mark.parametrize("before", ["feed:", "user:", "client_secret="])  # each base64 alignment
@pytest.mark.parametrize(("cut_start", "length"), [(0, 12), (3, 14), (9, 20), (-16, 16)])
def test_a_slice_of_an_encoded_secret_cut_from_a_longer_text_is_masked(
    encode: str, before: str, cut_start: int, length: int
) -> None:
    remember(KEY)
    spelled, start, end = encoded_around(KEY, before, encode)
    at = start + cut_start if cut_start >= 0 else end + cut_start
    cut = spelled[at : at + length]
    assert mask_known(f"header Basic ...{cut}... refused") == f"header Basic ...{MASKED}... refused"


def test_fewer_than_twelve_encoded_characters_are_kept() -> None:
    remember(KEY)
    spelled, start, _ = encoded_around(KEY, "feed:", "base64")
    text = f"ends in {spelled[start + 4 : start + 15]}"
    assert mask_known(text) == text
