"""A platform's error body of no documented shape is shown as its JSON with its characters as written
(`：`, `设备`), not escaped (`\\uff1a`): escaped, a credential after a full-width colon was no label's
to `redact`, and printed whole. What a terminal acts on, or shows as nothing, is still escaped."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from iotplan.clients.errors import error_for

REQUEST = httpx.Request("POST", "https://iiot.test/api/integrations/integrate")


def _shown(body: Any) -> str:
    return str(error_for(httpx.Response(400, request=REQUEST, json=body), write=True))


@pytest.mark.parametrize(
    ("body", "hidden"),
    [
        ({"detail": "wifi password：hunter2"}, "hunter2"),
        ({"detail": "pin：4421"}, "4421"),
        ({"detail": "pairing code：884213"}, "884213"),
        ({"detail": "wifi password＝hunter2"}, "hunter2"),
        ({"type": "about:blank", "title": "Bad Request", "detail": "password：correct horse"}, "horse"),
    ],
)
def test_a_credential_after_a_full_width_colon_is_masked(body: Any, hidden: str) -> None:
    shown = _shown(body)
    assert "(sensitive)" in shown and hidden not in shown, shown


def test_text_in_another_script_is_shown_as_written() -> None:
    assert '{"detail": "设备 échec"}' in _shown({"detail": "设备 échec"})


@pytest.mark.parametrize("unseen", ["\x1b[2J", "\u202e", "\x7f", "\x85", "\u200b"])
def test_what_a_terminal_acts_on_or_shows_as_nothing_is_escaped(unseen: str) -> None:
    shown = _shown({"detail": f"a{unseen}b"})
    assert unseen not in shown, repr(shown)
