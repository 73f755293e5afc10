"""A message of 2,100 characters holding a 400-character token iotplan knows: masked, it is 1,711
characters, shown whole, yet it ended `... (its first 1,711 of 2,100 characters)`: a cut that was not
made, and the masked token's length (2,100 - 1,711 + 11) told. Redacted first, it is cut only where
the redacted text is longer than an error shows."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import platform_message
from iotplan.secrets import remember

TOKEN = "Kx9qPzW2mN4rT8vB" * 25  # 400 characters


def test_a_message_shown_whole_once_masked_says_no_cut() -> None:
    remember(TOKEN)
    said = platform_message(httpx.Response(503, json={"error": {"message": "q" * 1_700 + TOKEN}}))
    assert said == "q" * 1_700 + "(sensitive)", said[-80:]
