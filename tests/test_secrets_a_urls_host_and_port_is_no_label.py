"""A URL's host and port (`https://auth-server.example:8443/feed`) is no name and its value: a host
holding a credential word (`auth`, `key` of `keystone`, `token`) before `:<port>` is shown in every
view and message as `https://feed.example:8443/data` is. The authority after `scheme://` (and its user
info's `@`) is no label; a label's value in prose, a URL's user info and its credential parameters
stay masked."""

from __future__ import annotations

import pytest

from iotplan.clients.errors import redact
from iotplan.render.secrets import hidden_in_views, unless_hidden
from iotplan.secrets import credential_named_in

URLS = (
    "https://auth-server.example:8443/feed",
    "https://keystone.example:5000/v3",
    "mqtts://token.example:8883",
    "opc.tcp://keyserver.local:4840/",
    "https://auth.example:8443?site=3",
    "feed at https://auth.example:8443/data, every 10 min",
)


@pytest.mark.parametrize("url", URLS)
def test_a_urls_host_holding_a_credential_word_before_its_port_is_shown(url: str) -> None:
    assert credential_named_in(url) is None
    assert not hidden_in_views(url)
    assert redact(url) == url


def test_the_host_after_a_urls_user_info_is_shown_its_user_info_masked() -> None:
    url = "https://ops:Pw0rd1@auth.example:8443/feed"
    assert unless_hidden(url) == "https://(sensitive)@auth.example:8443/feed"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("https://auth:4421@gw.example/feed", "4421"),  # a user info's password of digits
        ("see https://feed.example:8443/data token: k-8977", "k-8977"),
        ("Login failed, pin:4421 for user", "4421"),
        ("api.key:4421 for the gateway", "4421"),  # no URL's: a key and its value
        ("Password: x", "x"),
    ],
)
def test_a_credential_beside_or_before_a_host_is_still_hidden(text: str, secret: str) -> None:
    assert secret not in unless_hidden(text)
    assert secret not in redact(text).replace("Password", "")
