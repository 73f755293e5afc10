"""A platform's message longer than the 8,000 characters read of it was cut there before it was
redacted: a long token in it, masked, shrank to `(sensitive)`, and a password the cut had parted from
its `@thread` came into the 2,000 characters shown. What the read cuts short is never shown."""

from __future__ import annotations

import json

import httpx

from iotplan.clients.errors import platform_message


def test_message_excerpt_never_shows_a_credential_its_read_cut() -> None:
    around_the_token = len("Unauthorized: Bearer eyJ rejected; login failed for admin:")
    said = f"Bearer eyJ{'a' * (8_000 - around_the_token - 7)} rejected; login failed for admin:"
    message = f"{said}Sup3rSecretPassw0rd@thread{' and more' * 200}"  # read to `Sup3rSe`
    body = json.dumps({"error": {"code": "Unauthorized", "message": message}})
    answered = httpx.Response(401, content=body.encode(), headers={"content-type": "application/json"})

    shown = platform_message(answered)

    assert "Sup3r" not in shown
    assert "Bearer (sensitive) rejected" in shown
