"""`redact`, the patterns that keep a secret out of any text iotplan shows or logs, whatever the
secret holds: a quoted value is masked to its closing quote, not to its first space or comma."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from iotplan.clients.auth import ApiKey
from iotplan.clients.errors import redact
from iotplan.clients.observe import event_hooks
from iotplan.clients.platform import PlatformClient

TOKENS = ["test auth", "Abc,123", 'q"uote', "a&b", "br}ace", "it's", "plain-token"]


@pytest.mark.parametrize("token", TOKENS)
def test_a_quoted_auth_token_is_masked_whole_whatever_it_holds(token: str) -> None:
    as_json = '{"AUTH_TOKEN": "' + token.replace('"', '\\"') + '", "NAME": "feed"}'
    assert redact(as_json) == '{"AUTH_TOKEN": "(sensitive)", "NAME": "feed"}'


def test_a_value_in_single_quotes_is_masked_whole() -> None:
    assert redact("{'AUTH_TOKEN': 'ctok x,y'}") == "{'AUTH_TOKEN': '(sensitive)'}"


def test_a_quoted_value_cut_short_is_masked_to_the_end() -> None:
    assert redact('{"client_secret": "abc def') == '{"client_secret": "(sensitive)"'


def test_a_form_value_ends_at_the_next_parameter() -> None:
    assert redact("client_secret=a%20b%26c&scope=x") == "client_secret=(sensitive)&scope=x"


def test_a_urls_parameter_named_like_a_credential_is_masked_in_any_text() -> None:
    echoed = '{"URL": "https://feed.example/x?site=3&apiKey=k-77&sig=s-88", "note": "a&b"}'
    assert (
        redact(echoed)
        == '{"URL": "https://feed.example/x?site=3&apiKey=(sensitive)&sig=(sensitive)", "note": "a&b"}'
    )


def test_the_debug_log_shows_no_part_of_a_token_with_a_space(caplog: pytest.LogCaptureFixture) -> None:
    async def integrate() -> None:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, json={}))
        async with httpx.AsyncClient(
            transport=transport, base_url="https://iiot.test", auth=ApiKey("k"), event_hooks=event_hooks()
        ) as http:
            await PlatformClient(http).integrate("p", {"props": {"AUTH_TOKEN": "test auth"}})

    with caplog.at_level(logging.DEBUG, logger="iotplan.http"):
        asyncio.run(integrate())
    assert '"AUTH_TOKEN":"(sensitive)"' in caplog.text and 'auth"' not in caplog.text


def test_a_quoted_authorization_value_is_masked_whole() -> None:
    """One rule for an `Authorization` header: a second pattern in front of it stopped at the
    first blank and left the rest of the quoted value shown."""
    assert redact('"Authorization": "Bearer a b"') == '"Authorization": "(sensitive)"'
