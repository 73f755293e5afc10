"""A held secret echoed HTML-escaped (by name or number, decimal or hex, whole or in part) or as Python
writes bytes (`b'P\\xc3\\xa4ss'`) is masked as it is written."""

from __future__ import annotations

import html

import httpx
import pytest

from iotplan.errors import PlatformError
from iotplan.secrets import forget_all, lookup_secret, mask_known, masks_none, remember
from tests.clients.test_platform_client import run

FEED_TOKEN = 'q7&Lm9x2Rt<Wp4Zs!k8N"f3Hd&6Yb>Jc'
NON_ASCII = "Päss wörd 4711 zQ"


@pytest.fixture(autouse=True)
def _forget() -> None:
    forget_all()


def _numeric(value: str, form: str) -> str:
    return "".join(form.format(ord(each)) if each in "&<>\"'" else each for each in value)


@pytest.mark.parametrize(
    "echoed",
    [
        html.escape(FEED_TOKEN),
        html.escape(FEED_TOKEN, quote=False),
        _numeric(FEED_TOKEN, "&#{};"),
        _numeric(FEED_TOKEN, "&#x{:x};"),
        FEED_TOKEN.replace("&", "&#38;"),
        html.escape(FEED_TOKEN[9:27]),  # a slice of it
    ],
)
def test_a_token_echoed_html_escaped_is_masked(echoed: str) -> None:
    remember(FEED_TOKEN)
    text = f"value {echoed} rejected"
    assert mask_known(text) == "value (sensitive) rejected"
    assert not masks_none([text])


def test_escaped_text_holding_no_secret_is_left_as_it_is() -> None:
    remember(FEED_TOKEN)
    text = "Tom &amp; Jerry &lt;b&gt; a&#13;b &#27;[2J"
    assert mask_known(text) == text


def test_a_control_a_reference_decoded_to_stays_escaped() -> None:
    remember(FEED_TOKEN)
    masked = mask_known(f"{html.escape(FEED_TOKEN)}&#13;&#27;[2J&lt;")
    assert masked.startswith("(sensitive)&#13;") and masked.endswith("[2J&lt;")  # &#27;: HTML decodes to none
    assert "\r" not in masked and "\x1b" not in masked


@pytest.mark.parametrize("written", [str(NON_ASCII.encode()), repr(NON_ASCII.encode())[2:-1]])
def test_a_non_ascii_token_echoed_as_python_writes_bytes_is_masked(written: str) -> None:
    remember(NON_ASCII)
    assert NON_ASCII.encode().hex() not in mask_known(f"got {written} bad")
    assert "\\xc3" not in mask_known(f"got {written} bad")


def test_a_feed_token_integrate_echoes_html_escaped_is_masked_in_the_error() -> None:
    token = lookup_secret("${env:FEED_TOKEN}", {"FEED_TOKEN": FEED_TOKEN})
    assert token == FEED_TOKEN

    def integrate(request: httpx.Request) -> httpx.Response:
        said = f"value {html.escape(FEED_TOKEN)} rejected"
        return httpx.Response(400, json={"error": {"code": "Bad", "message": said}})

    with pytest.raises(PlatformError) as caught:
        run(integrate, lambda client: client.integrate("p", {"props": {"AUTH_TOKEN": FEED_TOKEN}}))
    message = str(caught.value)
    assert "value (sensitive) rejected" in message and "Lm9x2Rt" not in message
