"""An excerpt is cut at its limit once redacted, and the cut fell where it fell: inside a masked token
it showed `(sensi`, which reads as neither the platform's text nor iotplan's mark. The cut is made
before a masked token it would split."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import platform_message
from iotplan.secrets import remember

TOKEN = "Kx9qPzW2mN4rT8vB3cQ7"


def test_an_excerpt_cut_at_its_limit_never_splits_a_masked_token() -> None:
    remember(TOKEN)
    before = "z" * 290 + " "  # the token, masked, runs from the 292nd character to the 302nd
    body = f"{before}{TOKEN} {'q' * 400} end"
    answered = httpx.Response(400, content=body.encode(), headers={"content-type": "text/plain"})

    shown = platform_message(answered)

    assert shown == before
