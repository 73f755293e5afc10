"""An error body longer than iotplan reads of it was cut at its last blank before the read's end, so
that no credential is parted from what tells it for one: a body holding no blank there (a proxy's
page on one line, a list of ids joined by commas) showed nothing of the platform's message at all.
It is shown cut at the limit, redacted first."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import platform_message

IDS = ",".join(f"sensor-{number}" for number in range(1_000))


def test_an_error_body_without_a_blank_is_shown_cut_at_the_limit() -> None:
    body = f"InvalidSensorIds;ids={IDS}"
    answered = httpx.Response(422, content=body.encode(), headers={"content-type": "text/plain"})

    shown = platform_message(answered)

    assert shown == body[:300]
