"""A held value holding a blank (a Wi-Fi passphrase, `Tom & Jerry "home" 5G`) echoed HTML-escaped is
masked whole: no run of escaped text (which a blank ends) holds it, the text decoded whole does."""

from __future__ import annotations

import html

import pytest

from iotplan.secrets import MASKED, forget_all, mask_known, remember

PASSPHRASES = ['Tom & Jerry "home" 5G', "my <secret> pass", "a&b c&d e&f g&h i&j", "Sunny & Windy day 2024"]


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


@pytest.mark.parametrize("passphrase", PASSPHRASES)
@pytest.mark.parametrize("quote", [True, False])
def test_a_passphrase_echoed_html_escaped_is_masked_whole(passphrase: str, quote: bool) -> None:
    remember(passphrase)
    text = f"<p>Wi-Fi key {html.escape(passphrase, quote=quote)} rejected</p>"
    assert mask_known(text) == f"<p>Wi-Fi key {MASKED} rejected</p>"
