"""A password before a host without a scheme was masked only up to its first `@`, quote or non-breaking
space: `login failed for admin:P@ssw0rd@thread` showed `(sensitive)@ssw0rd@thread`, the password's tail.
The user name and password run to the last `@` before the host, as a URL parser takes a URL's userinfo
(clients/endpoint.py without_userinfo), quotes and non-ASCII spaces included; an ASCII space ends it, so
a sentence's `Contact: me@host` is left as it is."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import platform_message


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("login failed for admin:P@ssw0rd@thread", "login failed for (sensitive)@thread"),
        ("login failed for admin:s3cr3t@@thread", "login failed for (sensitive)@thread"),
        ("login failed for admin:it's-secret@thread", "login failed for (sensitive)@thread"),
        ('login failed for admin:say"hi"@thread', "login failed for (sensitive)@thread"),
        ("login failed for admin:p\xa0w@thread", "login failed for (sensitive)@thread"),
        ("login failed. Contact: me@host.example", "login failed. Contact: me@host.example"),
    ],
)
def test_a_password_is_masked_to_the_last_at_sign_before_the_host(said: str, shown: str) -> None:
    answered = httpx.Response(401, content=said.encode(), headers={"content-type": "text/plain"})
    assert platform_message(answered) == shown
