"""A platform's JSON message longer than the 8,000 characters read of it, holding no blank in them, showed
only `... (cut: the message ran to N characters)`: the read was cut at its last blank, and there was
none. Its first 2,000 characters are shown, redacted first."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import platform_message

IDS = ",".join(f"sensor-{number}" for number in range(2_000))


def test_a_message_without_a_blank_is_shown_cut_at_the_limit() -> None:
    message = f"InvalidSensorIds;ids={IDS}"
    said = platform_message(httpx.Response(422, json={"error": {"message": message}}))

    assert said == f"{message[:2_000]}... (cut: the message ran to {len(message):,} characters)"
