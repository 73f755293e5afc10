"""A message cut once masked counted what it showed in one unit and the message in another: five copies
of a long token in 15,007 characters ended `(its first 38 of 15,007 characters)`, and a token masked in a
message of 3,000 said `of 3,000` beside 2,000 masked characters. What is counted is the masked text."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import platform_message
from iotplan.secrets import remember

TOKEN = "Kx9qPzW2mN4rT8vB" * 25  # 400 characters


def test_a_message_longer_than_shown_once_masked_is_counted_as_masked() -> None:
    remember(TOKEN)
    message = TOKEN + "q" * 2_600  # 3,000 characters sent, 2,611 once masked
    said = platform_message(httpx.Response(503, json={"error": {"message": message}}))
    assert said.startswith("(sensitive)q") and said.endswith("(its first 2,000 of 2,611 characters)"), said[
        -80:
    ]
