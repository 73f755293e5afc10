"""An error body holding no blank before the end of what is read of it is cut inside its run of
characters, and the cut may part a password from its `@thread`: redacted without it, the password
was no longer told for one. A password may hold `;`, `,` or `=`, which end any other secret: where the
run goes on to an `@`, nothing of it is shown, and the answer's status speaks for it."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import platform_message


def test_an_excerpt_read_inside_a_run_never_shows_a_password_parted_from_its_host() -> None:
    opening = "LoginFailed;tried=" + ",".join(f"gw{number}" for number in range(20)) + ";as="
    body = f"{opening}admin:Sup3r;Secret{'Passw0rd' * 200}@thread;retry=no"
    answered = httpx.Response(401, content=body.encode(), headers={"content-type": "text/plain"})

    shown = platform_message(answered)

    assert shown == "Unauthorized"
