"""A password iotplan does not hold, named in a platform's message (`Password=...;`), runs to an ASCII
blank (ASCII_BLANKS) only: a no-break space, NEL, U+2028, U+3000 or a control Python reads as a blank
(`\\x1c`) inside it keeps it going, as it did while such a character was escaped before the message
was masked. Ended there, the rest of the password was shown (`Password=(sensitive)\\u00a0Secret99;`)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from iotplan.clients.errors import error_for

REQUEST = httpx.Request("POST", "https://iiot.test/api/devices")


def _rest(body: Any) -> str:
    if isinstance(body, str):
        response = httpx.Response(400, request=REQUEST, text=body, headers={"content-type": "text/plain"})
    else:
        response = httpx.Response(400, request=REQUEST, json=body)
    return str(error_for(response, write=True))


@pytest.mark.parametrize("blank", ["\xa0", "\x85", "\u2028", "\u3000", "\x1c", "\u2009"])
def test_a_blank_not_ascii_inside_a_password_keeps_it_going(blank: str) -> None:
    message = f"Connection refused: Server=db;User Id=sa;Password=Sup3r{blank}Secret99;"
    for shown in (
        _rest({"error": {"code": "Bad", "message": message}}),
        _rest(message),
        _rest({"detail": message}),
    ):
        assert "Secret99" not in shown and "Sup3r" not in shown, ascii(shown)
        assert "Password=(sensitive);" in shown, ascii(shown)


def test_an_ascii_blank_still_ends_a_password() -> None:
    shown = _rest({"error": {"code": "Bad", "message": "Password=Sup3r	Secret99; Server=db"}})
    assert "Sup3r" not in shown and "Server=db" in shown, ascii(shown)


def test_a_blank_not_ascii_ending_a_text_body_is_stripped() -> None:
    assert _rest("device not found\xa0\u3000").endswith("device not found"), ascii(
        _rest("device not found\xa0")
    )
