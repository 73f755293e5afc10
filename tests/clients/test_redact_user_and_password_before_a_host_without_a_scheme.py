"""A gateway (or a proxy before it) answering 401 with `login failed for admin:<password>@thread`
showed the password in the plan's text and JSON, exit 0: error messages masked a URL's user name and
password only after a `scheme://`. They are masked as `import`'s comments mask them (`(sensitive)@` and
the host kept), by one rule; an e-mail address has no `:` before its `@`, and stays."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import platform_message


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        (
            "login failed for admin:Sup3rS3cretPassw0rd@thread, mail admin@example.com",
            "login failed for (sensitive)@thread, mail admin@example.com",
        ),
        (
            '{"error": {"message": "db sa:hunter2pw@db.example:1433 refused"}}',
            "db (sensitive)@db.example:1433 refused",
        ),
        # A time before a place cannot be told from a user `12` and password `30`: hidden.
        ("rebooted 12:30@site north", "rebooted (sensitive)@site north"),
    ],
)
def test_a_user_and_password_before_a_host_without_a_scheme_is_masked(said: str, shown: str) -> None:
    answered = httpx.Response(401, content=said.encode(), headers={"content-type": "application/json"})
    assert platform_message(answered) == shown
