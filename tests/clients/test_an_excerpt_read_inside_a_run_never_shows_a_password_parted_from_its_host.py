"""An error body holding no blank before the end of what is read of it is cut inside its run of
characters, and the cut may part a password from its `@thread`: redacted without it, the password
was no longer told for one. A run going on to an `@` past the cut is redacted as though its host
stood at the cut: the text before the user name is shown, the password never."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import platform_message


def test_an_excerpt_read_inside_a_run_never_shows_a_password_parted_from_its_host() -> None:
    opening = "LoginFailed;tried=" + ",".join(f"gw{number}" for number in range(20)) + ";as="
    body = f"{opening}admin:Sup3rSecret{'Passw0rd' * 200}@thread;retry=no"
    answered = httpx.Response(401, content=body.encode(), headers={"content-type": "text/plain"})

    shown = platform_message(answered)

    assert shown == f"{opening}(sensitive)"
