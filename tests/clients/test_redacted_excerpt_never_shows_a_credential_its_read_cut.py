"""An excerpt of a body was cut to four times what it shows before it was redacted: a long token in it,
masked, shrank to `(sensitive)`, and a password the cut had parted from its `@thread` was no longer
told for one and came into what is shown, `... login failed for admin:Sup3rSe`. What the read cuts
short is never shown."""

from __future__ import annotations

import base64
import json

import httpx

from iotplan.clients.errors import platform_message


def _b64(part: dict[str, str]) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).decode().rstrip("=")


def test_redacted_excerpt_never_shows_a_credential_its_read_cut() -> None:
    jwt = f"{_b64({'alg': 'RS256', 'typ': 'JWT'})}.{_b64({'sub': 'ops', 'scope': 'x' * 500})}.{'s' * 342}"
    said = f"Bearer {jwt} rejected; login failed for admin:"
    body = f"{'z' * (1_200 - len(said) - 8)} {said}Sup3rSecretPassw0rd@thread"
    answered = httpx.Response(401, content=body.encode(), headers={"content-type": "text/plain"})

    shown = platform_message(answered)

    assert "Sup3r" not in shown
    assert "Bearer (sensitive) rejected" in shown  # the text before the cut credential is still read
