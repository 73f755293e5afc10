"""A password, secret or token a label names in a platform's text, holding a blank that is not ASCII
(a no-break space, an ideographic space, a line separator, a figure or narrow no-break space: a copy
from a web page or a password manager puts them there), is masked whole by every reader of such text:
only an ASCII blank ends its word, as only one ends a password's run before a host. Ended at the
first, its words after it were shown (`Password=(sensitive)\u00a0Secret99;`). A token after such a
blank (`Bearer\u00a0eyJ...`) stays masked whole."""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from iotplan.clients.errors import message_excerpt, platform_message, redact, stripped_excerpt

BLANKS = ["\u00a0", "\u3000", "\u2028", "\u2007", "\u202f"]
SAID = [
    "Login failed: Password=Sup3r{blank}Secret99;",
    "Password=Sup3r{blank}Secret99;Database=iot",
    "password: Sup3r{blank}Secret99",
    "Login failed, secret: Sup3r{blank}Secret99",
    "token=Sup3r{blank}Secret99&user=iot",
    '{{"api_key": Sup3r{blank}Secret99}}',
    "Login failed, PINs: 4421{blank}Secret99",
]
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJpb3QifQ.c2lnbmF0dXJlLXNpZ25lZA"


def _response(body: str) -> httpx.Response:
    return httpx.Response(400, text=body, request=httpx.Request("POST", "https://iot.example/api"))


def _as_error_shape(text: str) -> str:
    return platform_message(_response(json.dumps({"error": {"code": "BadRequest", "message": text}})))


READERS: dict[str, Callable[[str], str]] = {
    "redact": redact,
    "message_excerpt": message_excerpt,
    "stripped_excerpt": lambda text: stripped_excerpt(text, 300),
    "a body of text": lambda text: platform_message(_response(text)),
    "the documented error shape": _as_error_shape,
}


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
@pytest.mark.parametrize("blank", BLANKS, ids=[f"U+{ord(blank):04X}" for blank in BLANKS])
@pytest.mark.parametrize("said", SAID)
def test_a_labels_value_holding_a_blank_beyond_ascii_is_masked_whole(
    said: str, blank: str, reader: Callable[[str], str]
) -> None:
    shown = reader(said.format(blank=blank))
    assert "(sensitive)" in shown
    assert "Sup3r" not in shown
    assert "Secret99" not in shown


@pytest.mark.parametrize("reader", READERS.values(), ids=READERS.keys())
@pytest.mark.parametrize("blank", BLANKS, ids=[f"U+{ord(blank):04X}" for blank in BLANKS])
@pytest.mark.parametrize("said", ["Authorization: Bearer{blank}{jwt}", "echoed Bearer{blank}{jwt}"])
def test_a_token_after_a_blank_beyond_ascii_stays_masked_whole(
    said: str, blank: str, reader: Callable[[str], str]
) -> None:
    shown = reader(said.format(blank=blank, jwt=JWT))
    assert "(sensitive)" in shown
    assert "eyJ" not in shown
    assert "c2lnbmF0dXJl" not in shown


def test_an_ascii_blank_still_ends_a_keys_value() -> None:
    assert redact("Password=Sup3r;Database=iot 9 retries") == "Password=(sensitive);Database=iot 9 retries"
    assert redact("token=Sup3r status=401") == "token=(sensitive) status=401"
