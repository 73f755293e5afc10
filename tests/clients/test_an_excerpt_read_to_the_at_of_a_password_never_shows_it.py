"""A body holding no blank is read up to iotplan's limit and cut there: where the read ended on the
`@` of `admin:Sup3rSecretPassw0rd@thread`, `redact` saw a user name and password with no host after
them and left them as they were, and a long token before them, masked, brought them into what is
shown. The piece of text a read cuts into is never shown."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import platform_message

CREDENTIAL = "admin:Sup3rSecretPassw0rd@thread"
READ_TO_THE_AT = CREDENTIAL.index("@") + 1


def _body(read: int) -> str:
    """A token before the credential, so that the read of `read` characters ends on its `@`."""
    return f"token={'x' * (read - len('token=;') - READ_TO_THE_AT)};{CREDENTIAL};retry=no"


@pytest.mark.parametrize("path", ["text", "json"])
def test_an_excerpt_read_to_the_at_of_a_password_never_shows_it(path: str) -> None:
    if path == "text":  # 1,200 characters read, 300 shown
        answered = httpx.Response(401, text=_body(1_200), headers={"content-type": "text/plain"})
    else:  # 8,000 read, 2,000 shown
        answered = httpx.Response(401, json={"error": {"message": _body(8_000)}})

    shown = platform_message(answered)

    assert "Sup3r" not in shown and "Passw0rd" not in shown, shown[-80:]
