"""The last `@` of a password before a host without a scheme was the last one before a letter, digit or
`[`: `login failed for admin:P@ssw0rd@_thread` (or `@überwachung-gw`, `@::1`) showed
`(sensitive)@ssw0rd@...`, the password's tail. A host starts with any character a URL parser would take
(not a blank, `@`, `/`, `?` nor `#`). A user name written as an e-mail address is a user name too, as a
URL's userinfo holds one, while an e-mail address with no password after it stays readable."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import platform_message


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("login failed for admin:P@ssw0rd@_thread", "login failed for (sensitive)@_thread"),
        ("login failed for admin:P@ssw0rd@überwachung-gw", "login failed for (sensitive)@überwachung-gw"),
        ("login failed for admin:P@ssw0rd@::1", "login failed for (sensitive)@::1"),
        ("login failed for ops@acme.example:S3cret@thread", "login failed for (sensitive)@thread"),
        ("login failed. Contact: me@host", "login failed. Contact: me@host"),
        (
            "write to ops@site.example or mailto:ops@site.example",
            "write to ops@site.example or mailto:ops@site.example",
        ),
        ("ops@site.example: login failed", "ops@site.example: login failed"),
    ],
)
def test_a_password_is_masked_before_a_host_starting_with_any_character(said: str, shown: str) -> None:
    answered = httpx.Response(401, content=said.encode(), headers={"content-type": "text/plain"})
    assert platform_message(answered) == shown
