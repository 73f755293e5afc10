"""The readers a platform's error text passes through before a user sees it, for tests that parametrise
over each: masking must hold whichever reads it."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import message_excerpt, platform_message, redact


def as_platform_error(text: str) -> str:
    """`text` as the message of the documented error shape, read as a 401's body is."""
    return platform_message(httpx.Response(401, json={"error": {"code": "Unauthorized", "message": text}}))


READERS = [redact, message_excerpt, as_platform_error]
