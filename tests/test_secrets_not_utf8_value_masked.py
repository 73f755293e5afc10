"""A held value holding a lone surrogate (an environment variable's byte 0xFF read as `\\udcff`, a token
answered as JSON's `"\\ud800"`) is held and masked, as written in a text holding others and as its
bytes are spelled: percent-encoded, hex, base64, and read back with each bad byte as U+FFFD. Holding
it crashed (UnicodeEncodeError), whatever the text masked."""

from __future__ import annotations

import base64
import urllib.parse

import pytest

from iotplan.secrets import MASKED, forget_all, mask_known, remember

FROM_ENVIRONMENT = "Kx9q\udcffPzW2mR7tLb4vNc8s"
FROM_JSON = "Kx9q\ud800PzW2mR7tLb4vNc8s"
BYTES = b"Kx9q\xffPzW2mR7tLb4vNc8s"  # as the environment held FROM_ENVIRONMENT


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


@pytest.mark.parametrize(
    ("value", "echoed"),
    [
        (FROM_ENVIRONMENT, FROM_ENVIRONMENT),
        (FROM_ENVIRONMENT, urllib.parse.quote(BYTES, safe="")),
        (FROM_ENVIRONMENT, BYTES.hex()),
        (FROM_ENVIRONMENT, base64.b64encode(BYTES).decode()),
        (FROM_ENVIRONMENT, BYTES.decode(errors="replace")),
        (FROM_JSON, FROM_JSON),
        (FROM_JSON, "Kx9q\\ud800PzW2mR7tLb4vNc8s"),
    ],
)
def test_a_value_holding_a_lone_surrogate_is_masked_in_text_holding_others(value: str, echoed: str) -> None:
    remember(value)
    assert mask_known(f"\udc80 key {echoed} \udcfe unknown") == f"\udc80 key {MASKED} \udcfe unknown"
