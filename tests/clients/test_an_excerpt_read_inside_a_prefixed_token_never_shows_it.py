"""A token told by its prefix alone (GitHub's `ghp_`, GitLab's `glpat-`, Slack's `xoxb-`, Stripe's
`sk_live_`, an AWS key id's `AKIA`), cut by the read of a body holding no blank, was too short for
its pattern and shown (29 of the 36 characters of a `ghp_` token), where it was masked whole. The
piece of text a read cuts into is never shown."""

from __future__ import annotations

import httpx
import pytest

from iotplan.clients.errors import platform_message

SECRET = "Q7VXK2LM9TZ4RW8YP3HS6JD1NF5BC0GQ"
TOKENS = [f"ghp_{SECRET}abcd", f"glpat-{SECRET}", f"xoxb-{SECRET}", f"sk_live_{SECRET}", f"AKIA{SECRET[:16]}"]


def _body(read: int, token: str) -> str:
    """A token masked before this one, so that the read of `read` characters holds 8 characters of
    its secret: too few for any of the patterns."""
    into = token.index(SECRET[:8]) + 8
    return f"token={'x' * (read - len('token=;') - into)};{token};retry=no"


@pytest.mark.parametrize("token", TOKENS)
@pytest.mark.parametrize("path", ["text", "json"])
def test_an_excerpt_read_inside_a_prefixed_token_never_shows_it(path: str, token: str) -> None:
    if path == "text":  # 1,200 characters read, 300 shown
        answered = httpx.Response(401, text=_body(1_200, token), headers={"content-type": "text/plain"})
    else:  # 8,000 read, 2,000 shown
        answered = httpx.Response(401, json={"error": {"message": _body(8_000, token)}})

    shown = platform_message(answered)

    assert SECRET[:6] not in shown, shown[-80:]
