"""An answer with no body is told by its HTTP reason phrase, which the server writes as it likes (h11
takes ESC and BEL in it): shown as it came, it recoloured the `Error:` line, hid a URL behind a link
(OSC 8) and showed a `Password=...;` in clear. It goes the way a body does: masked, then escaped."""

from __future__ import annotations

import httpx

from iotplan.clients.errors import error_for
from iotplan.secrets import remember
from iotplan.wording import shows_as_held

REQUEST = httpx.Request("GET", "https://iiot.test/api/devices/types")
LINK = "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07"


def _error(reason: str) -> str:
    response = httpx.Response(500, request=REQUEST, extensions={"reason_phrase": reason.encode("latin-1")})
    return str(error_for(response))


def test_a_reason_phrase_is_escaped() -> None:
    shown = _error(f"\x1b[31mRED {LINK}")
    assert shows_as_held(shown), ascii(shown)
    assert "\\u001b[31mRED \\u001b]8;;http://evil.example/\\u0007click" in shown, ascii(shown)


def test_a_reason_phrase_is_masked() -> None:
    held = remember("Kq7zPl9zWsecretkey")
    shown = _error(f"Server=x;Password=hunter2xyz; key {held}")
    assert "hunter2xyz" not in shown and held not in shown and "(sensitive)" in shown, shown


def test_a_plain_reason_phrase_is_shown_as_it_is() -> None:
    assert _error("Internal Server Error").endswith("answered 500: Internal Server Error")
